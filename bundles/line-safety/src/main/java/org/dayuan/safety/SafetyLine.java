package org.dayuan.safety;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.WorkOrders;
import org.dayuan.safety.grading.Grader;
import org.dayuan.safety.grading.Grading;
import org.dayuan.safety.hazards.HazardStore;
import org.dayuan.safety.hazards.Hazards;
import org.dayuan.safety.water.WaterRule;
import org.dayuan.safety.water.WaterWatch;
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
 * The safety line's own work, all of it on one thread so that none of it needs locks: follows the fire-water sensors
 * through {@link TwinSubscriptions} (as the line, its grant) into {@link WaterWatch}, after judging every sensor once
 * at start; marks overdue hazards every {@code hazard.checkMinutes}; grades every organisation daily at
 * {@code grade.time} ({@code grade.zone}). Events arrive on the registry's thread and are only queued there. Health
 * says starting until the first judgement of all sensors is done, and down, with why, if it failed.
 */
@Component(immediate = true, configurationPid = "org.dayuan.safety", service = {SafetyLine.class,
        HealthIndicator.class})
@Designate(ocd = SafetyConfig.class)
public final class SafetyLine implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyLine.class);
    private static final int START_ATTEMPTS_BEFORE_DOWN = 10;
    private static final long START_RETRY_SECONDS = 3;

    private final Caller identity;
    private final Clock clock;
    private final WaterWatch water;
    private final HazardStore hazards;
    private final Grader grader;
    private final LocalTime gradeTime;
    private final ScheduledExecutorService work;
    private final Subscription subscription;
    private volatile boolean started;
    private volatile String failure;

    @Activate
    public SafetyLine(SafetyConfig config, @Reference TwinRegistry registry, @Reference TwinSearch search,
                      @Reference TwinSubscriptions subscriptions, @Reference Alarms alarms,
                      @Reference WorkOrders workOrders) {
        this(config, registry, search, subscriptions, alarms, workOrders, Clock.systemUTC(), true);
    }

    /** The line over the given services; {@code timers} false leaves the daily and periodic work to the caller. */
    SafetyLine(SafetyConfig config, TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions,
               Alarms alarms, WorkOrders workOrders, Clock clock, boolean timers) {
        this.identity = registry.identity();
        this.clock = clock;
        this.water = new WaterWatch(identity, search, new Places(registry, search), alarms, workOrders,
                new WaterRule(config.water_levelDeadband(), config.water_pressureDeadband()), clock);
        this.hazards = hazardStore(config, registry, search);
        this.grader = grader(config, registry, search);
        this.gradeTime = time(config.grade_time());
        // only once the settings are accepted: a refused configuration leaves no thread behind
        this.work = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-safety-line"));
        // subscribe before the first judgement: a reading arriving meanwhile is queued behind it, never lost
        subscription = subscriptions.subscribe(identity, new EventSelection(Set.of(), Set.of(), Set.of(),
                Optional.of(search.filter(identity, Searches.definition(WaterRule.DEFINITION)))), -1,
                new SubscriptionListener() {
                    @Override
                    public void onEvent(TwinEvent event, Optional<Twin> after) {
                        work.execute(() -> guarded("reading of " + event.thingId(), () ->
                                after.ifPresentOrElse(water::sensor, () -> water.forget(event.thingId()))));
                    }

                    @Override
                    public void reset(String reason) {
                        LOG.warn("Safety line: sensor events lost ({}); judging every sensor again", reason);
                        work.execute(() -> guarded("re-reading the sensors", water::start));
                    }
                });
        work.execute(() -> firstJudgement(1));
        if (timers) {
            long minutes = config.hazard_checkMinutes();
            work.scheduleWithFixedDelay(() -> guarded("marking overdue hazards", () -> hazards.sweep(identity, clock.instant())), minutes,
                    minutes, TimeUnit.MINUTES);
            scheduleGrading();
        }
    }

    /**
     * Judges every sensor once; a failure (the alarm service still reading its open alarms, a store away) is tried
     * again, and health says down with the reason once it has failed {@value #START_ATTEMPTS_BEFORE_DOWN} times.
     */
    private void firstJudgement(int attempt) {
        try {
            water.start();
            started = true;
            failure = null;
        } catch (RuntimeException e) {
            LOG.warn("Safety line: judging the fire-water sensors failed (attempt {}), trying again: {}", attempt,
                    e.getMessage());
            if (attempt >= START_ATTEMPTS_BEFORE_DOWN) {
                failure = "judging the fire-water sensors at start failed " + attempt + " times: " + e.getMessage();
            }
            work.schedule(() -> firstJudgement(attempt + 1), START_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    static HazardStore hazardStore(SafetyConfig config, TwinRegistry registry, TwinSearch search) {
        return new HazardStore(registry, search, new Hazards(Duration.ofDays(config.hazard_dueDays())));
    }

    static Grader grader(SafetyConfig config, TwinRegistry registry, TwinSearch search) {
        Grading.Settings settings = new Grading.Settings(config.grade_acknowledgeTargetMinutes(),
                config.grade_verifyTargetMinutes(), config.grade_faultPenalty(), config.grade_faultDayPenalty(),
                config.grade_disabledPenalty(), config.grade_hazardPenalty(), config.grade_overduePenalty(),
                Map.of(Grading.FALSE_ALARMS, config.weight_falseAlarms(), Grading.ACKNOWLEDGE,
                        config.weight_acknowledge(), Grading.VERIFY, config.weight_verify(), Grading.FAULTS,
                        config.weight_faults(), Grading.DISABLED, config.weight_disabled(), Grading.WATER,
                        config.weight_water(), Grading.HAZARDS, config.weight_hazards()),
                config.band_green(), config.band_blue(), config.band_yellow());
        ZoneId zone;
        try {
            zone = ZoneId.of(config.grade_zone());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("grade.zone '" + config.grade_zone() + "' is no time zone", e);
        }
        return new Grader(registry, search, zone, config.grade_days(), settings);
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("grade.time '" + text + "' is not a time HH:mm", e);
        }
    }

    private void scheduleGrading() {
        Instant now = clock.instant();
        work.schedule(() -> {
            guarded("grading the organisations", () -> grader.gradeAll(clock.instant()));
            scheduleGrading();
        }, Duration.between(now, nextGrading(now, gradeTime, grader.zone())).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The next instant after {@code now} at local {@code time} in {@code zone}: today's if still ahead, else
     * tomorrow's (a time a DST gap skips moves on by the gap, as {@link ZonedDateTime} resolves it).
     */
    static Instant nextGrading(Instant now, LocalTime time, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.toLocalDate().atTime(time).atZone(zone);
        if (!next.isAfter(local)) {
            next = local.toLocalDate().plusDays(1).atTime(time).atZone(zone);
        }
        return next.toInstant();
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Safety line: {} failed: {}", what, e.getMessage(), e);
        }
    }

    /**
     * Runs {@code task} on the line's thread and waits for it, so it never overlaps the line's other work. Never
     * called from that thread, which would wait for itself.
     */
    <T> T onLine(java.util.concurrent.Callable<T> task) {
        Future<T> f = work.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the safety line", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Grades every organisation now, on the line's thread; answers the grades written. */
    public List<Twin> gradeAll() {
        return onLine(() -> grader.gradeAll(clock.instant()));
    }

    /** Today's date in the grading zone. */
    public LocalDate today() {
        return clock.instant().atZone(grader.zone()).toLocalDate();
    }

    /** The grades of {@code date} {@code caller} sees; today's are computed first if nobody is graded yet. */
    public List<Twin> grades(Caller caller, LocalDate date) {
        if (date.equals(today()) && !grader.graded(date)) {
            gradeAll();
        }
        return grader.grades(caller, date);
    }

    /** Marks hazards overdue (or no longer) as of now; answers how many changed. */
    public int sweepHazards() {
        return onLine(() -> hazards.sweep(identity, clock.instant()));
    }

    /** Waits until what the line queued so far is done (tests, and callers that need the line settled). */
    public void settle() {
        onLine(() -> null);
    }

    @Deactivate
    void deactivate() {
        subscription.close();
        work.shutdownNow();
    }

    @Override
    public String name() {
        return "safety-line";
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(failure);
    }

    @Override
    public boolean ready() {
        return started;
    }
}
