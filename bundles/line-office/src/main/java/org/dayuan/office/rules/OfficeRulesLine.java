package org.dayuan.office.rules;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dayuan.alarms.Alarms;
import org.dayuan.office.standards.StandardsSource;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
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
 * The office rules at work: follows Room twins (as the line, its grant) and runs the {@link RoomWatch} on one thread
 * of its own: every room event, a sweep of every room at start, and a sweep again whenever the local date changes
 * (checked every few minutes), for the rules that depend on the date. Events arrive on the registry's thread and are
 * only queued there. Health {@code office-rules} is ready once subscribed and every room judged once.
 */
@Component(immediate = true, configurationPid = OfficeRulesLine.PID, service = HealthIndicator.class)
@Designate(ocd = RulesConfig.class)
public final class OfficeRulesLine implements HealthIndicator {
    static final String PID = "org.dayuan.office.rules";
    private static final Logger LOG = LoggerFactory.getLogger(OfficeRulesLine.class);
    private static final long DATE_CHECK_MINUTES = 5;
    private static final long START_RETRY_SECONDS = 3;
    private static final int START_ATTEMPTS_BEFORE_DOWN = 10;

    private final ScheduledExecutorService work;
    private final Subscription subscription;
    private final RoomWatch watch;
    private volatile boolean started;
    private volatile String failure;

    @Activate
    public OfficeRulesLine(RulesConfig config, @Reference TwinRegistry registry, @Reference TwinSearch search,
                           @Reference TwinSubscriptions subscriptions, @Reference Alarms alarms,
                           @Reference StandardsSource standards) {
        OfficeRules rules = new OfficeRules(OfficeRules.Settings.of(config)); // a bad setting refuses the config
        if (!config.alarms()) {
            LOG.info("Office rules off (alarms=false in etc/{}.cfg): no room is judged, nothing is written.", PID);
            watch = null;
            work = null;
            subscription = null;
            started = true;
            return;
        }
        Caller identity = registry.identity();
        this.watch = new RoomWatch(identity, registry, search, alarms, rules, standards, Clock.systemUTC());
        this.work = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-office-rules"));
        // subscribe before the first sweep: a change arriving meanwhile is queued behind it, never lost
        subscription = subscriptions.subscribe(identity, new EventSelection(Set.of(), Set.of(), Set.of(),
                Optional.of(search.filter(identity, RoomWatch.ROOMS))), -1, new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        work.execute(() -> guarded("event of " + event.thingId(), () -> watch.onEvent(event, after)));
                    }

                    @Override
                    public void reset(String reason) {
                        LOG.warn("Office rules: events lost ({}); judging every room again", reason);
                        work.execute(() -> guarded("judging every room again", watch::start));
                    }
                });
        work.execute(() -> firstSweep(1));
        work.scheduleWithFixedDelay(() -> {
            if (started) {
                guarded("the daily sweep", watch::tick);
            }
        }, DATE_CHECK_MINUTES, DATE_CHECK_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * Judges every room once; a failure (the alarm service still reading its open alarms, a store away) is tried
     * again, and health says down with the reason once it has failed {@value #START_ATTEMPTS_BEFORE_DOWN} times.
     */
    private void firstSweep(int attempt) {
        try {
            watch.start();
            started = true;
            failure = null;
        } catch (RuntimeException e) {
            LOG.warn("Office rules: judging the rooms at start failed (attempt {}), trying again: {}", attempt,
                    e.getMessage());
            if (attempt >= START_ATTEMPTS_BEFORE_DOWN) {
                failure = "judging the rooms at start failed " + attempt + " times: " + e.getMessage();
            }
            work.schedule(() -> firstSweep(attempt + 1), START_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Office rules: {} failed: {}", what, e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "office-rules";
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
        if (subscription == null) {
            return;
        }
        subscription.close();
        work.shutdownNow();
        try {
            work.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
