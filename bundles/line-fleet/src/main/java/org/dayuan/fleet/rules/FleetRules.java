package org.dayuan.fleet.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dayuan.alarms.Alarms;
import org.dayuan.fleet.track.Tracks;
import org.dayuan.fleet.trips.Trip;
import org.dayuan.fleet.trips.TripIndex;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The misuse rules at work: follows vehicles and trip orders (as the line, its grant) and runs the {@link Watch} on
 * one thread of its own: every event, and every minute the wall-clock rules (offline, and the nightly check once
 * {@code night.time} has passed). Events arrive on the registry's thread and are only queued there. Health
 * {@code fleet-rules} is ready once subscribed and every vehicle judged once.
 */
@Component(immediate = true, configurationPid = "org.dayuan.fleet.rules", service = HealthIndicator.class)
@Designate(ocd = RulesConfig.class)
public final class FleetRules implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(FleetRules.class);
    /**
     * How far the journal is searched around a span for reports measured in it (see {@link Tracks}): a replay or a
     * blind-area upload may be judged days after it was measured, and its evidence is in the journal since then.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    static final Duration LATE_REPORTS = Duration.ofDays(36_500);
    private static final long START_RETRY_SECONDS = 3;
    private static final int START_ATTEMPTS_BEFORE_DOWN = 10;

    private final ScheduledExecutorService work;
    private final TripIndex trips;
    private final Subscription subscription;
    private final Watch watch;
    private final Settings settings;
    private final Clock clock;
    private volatile boolean started;
    private volatile String failure;

    @Activate
    public FleetRules(RulesConfig config, @Reference TwinRegistry registry, @Reference TwinSearch search,
                      @Reference TwinSubscriptions subscriptions, @Reference TwinHistory history,
                      @Reference Alarms alarms) {
        this.settings = Settings.of(config); // a bad setting refuses the configuration before any thread starts
        this.clock = Clock.systemUTC();
        Caller identity = registry.identity();
        this.trips = new TripIndex(subscriptions, search, identity);
        this.watch = new Watch(identity, registry, search, new Tracks(history, CLOCK_SKEW, LATE_REPORTS), trips,
                alarms, settings, clock);
        this.work = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-fleet-rules"));
        // subscribe before the first judgement: a report arriving meanwhile is queued behind it, never lost
        subscription = subscriptions.subscribe(identity, new EventSelection(Set.of(), Set.of(), Set.of(),
                Optional.of(search.filter(identity, "in(definition," + TwinSearch.literal(
                Watch.VEHICLE) + "," + TwinSearch.literal(Trip.MODEL) + ")"))), -1,
                new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        work.execute(() -> guarded("event of " + event.thingId(), () -> watch.onEvent(event, after)));
                    }

                    @Override
                    public void reset(String reason) {
                        LOG.warn("Fleet rules: events lost ({}); reading the vehicles again", reason);
                        work.execute(() -> guarded("re-reading the vehicles", watch::start));
                    }
                });
        work.execute(() -> firstJudgement(1));
        work.scheduleWithFixedDelay(() -> {
            if (started) {
                guarded("the minute's checks", watch::tick);
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Judges every vehicle once; a failure (the alarm service still reading its open alarms, a store away) is tried
     * again, and health says down with the reason once it has failed {@value #START_ATTEMPTS_BEFORE_DOWN} times.
     */
    private void firstJudgement(int attempt) {
        try {
            watch.start();
            started = true;
            failure = null;
        } catch (RuntimeException e) {
            LOG.warn("Fleet rules: judging the vehicles at start failed (attempt {}), trying again: {}", attempt,
                    e.getMessage());
            if (attempt >= START_ATTEMPTS_BEFORE_DOWN) {
                failure = "judging the vehicles at start failed " + attempt + " times: " + e.getMessage();
            }
            work.schedule(() -> firstJudgement(attempt + 1), START_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The next instant after {@code now} at local {@code time} in {@code zone}. */
    static Instant next(Instant now, LocalTime time, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.toLocalDate().atTime(time).atZone(zone);
        return (next.isAfter(local) ? next : local.toLocalDate().plusDays(1).atTime(time).atZone(zone)).toInstant();
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Fleet rules: {} failed: {}", what, e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "fleet-rules";
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean ready() {
        return started;
    }

    @Deactivate
    void deactivate() {
        subscription.close();
        trips.close();
        work.shutdownNow();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
