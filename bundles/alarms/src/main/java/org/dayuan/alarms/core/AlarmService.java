package org.dayuan.alarms.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmAction;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.AlarmState;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.Verification;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm service: {@link Alarms} over this bundle's views of the registry and search, so every call acts as the
 * caller it is given within the bundle's grant. The rules are {@link AlarmLifecycle}'s; this class reads an alarm,
 * asks the rules for the patch, and writes it with a {@link org.dayuan.twin.WriteCondition} that asks the rules
 * again against the twin as it is inside the registry's write lock. A step that became illegal meanwhile is refused
 * with the rules' 409; a patch computed on a revision that is no longer current is computed again, so concurrent
 * writers (two people, a delivery record, the deadline check) never overwrite each other's log entries.
 *
 * <p>One open alarm per (source, type): raises of one key are serialised on a lock stripe and find the open alarm
 * through an index of open alarms, built from search when the service starts and kept by the service itself; an
 * index entry is only a hint, checked against the registry at each use. A task every {@code checkSeconds} escalates
 * overdue alarms and ends expired shelvings. Notices go to every matching {@link AlarmNotifier} on a delivery
 * thread, and each outcome is recorded on the alarm.
 */
@Component(service = {Alarms.class, HealthIndicator.class, MetricSource.class}, configurationPid = "org.dayuan.alarms",
        immediate = true)
@Designate(ocd = AlarmConfig.class)
public final class AlarmService implements Alarms, HealthIndicator, MetricSource {
    public static final ErrorCode INDEX_UNAVAILABLE = new ErrorCode("alarms:index.unavailable", 503,
            "The alarm service is still reading the open alarms (or could not: see GET /api/health); try again.");
    /** Never leaves this class: a write computed on an old revision is computed again. */
    private static final ErrorCode STALE = new ErrorCode("alarms:write.stale", 409,
            "The alarm changed while the write was prepared.");
    private static final int ATTEMPTS = 50;
    private static final int STRIPES = 64;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);

    /** What an accepted update did: the alarm before the write that was applied and after it. */
    record Updated(Twin before, Twin after) {
    }

    /** What a raise did: the alarm, and whether it is new (otherwise a repeat was counted). */
    public record Raised(Twin twin, boolean created) {
    }

    private record Key(TwinId source, String type) {
    }

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Clock clock;
    private final AlarmLifecycle lifecycle;
    private final Executor deliveries;
    private final Notifiers notifiers = new Notifiers();
    private final Object[] stripes = new Object[STRIPES];
    private final Map<Key, TwinId> index = new ConcurrentHashMap<>();
    private volatile boolean indexed;
    private volatile String problem;
    private ScheduledExecutorService scheduler;
    private ExecutorService deliveryThreads;

    @Activate
    public AlarmService(@Reference TwinRegistry registry, @Reference TwinSearch search, AlarmConfig config) {
        this(registry, search, Clock.systemUTC(), settings(config), null);
        buildIndexLogged();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "alarms-check"));
        scheduler.scheduleWithFixedDelay(this::checkLogged, config.checkSeconds(), config.checkSeconds(),
                TimeUnit.SECONDS);
    }

    /**
     * For tests and embedding: the service over a bundle's views, without the timer of the OSGi component;
     * {@code deliveries} runs deliveries (null: a thread of its own). The caller calls {@link #buildIndex()} once
     * before the first raise, and {@link #check()} when escalations and shelvings are due. The package is not
     * exported, so in the distribution only the component is reachable (as {@link Alarms}).
     */
    public AlarmService(TwinRegistry registry, TwinSearch search, Clock clock, AlarmLifecycle.Settings settings,
                 Executor deliveries) {
        this.registry = registry;
        this.search = search;
        this.clock = clock;
        this.lifecycle = new AlarmLifecycle(settings);
        if (deliveries == null) {
            deliveryThreads = Executors.newFixedThreadPool(2, r -> new Thread(r, "alarms-delivery"));
            deliveries = deliveryThreads;
        }
        this.deliveries = deliveries;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    static AlarmLifecycle.Settings settings(AlarmConfig config) {
        return new AlarmLifecycle.Settings(Duration.ofMinutes(config.acknowledgeWithinMinutes()),
                Duration.ofMinutes(config.verifyWithinMinutes()), Duration.ofHours(config.maxShelveHours()),
                config.logLimit());
    }

    @Deactivate
    void deactivate() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (deliveryThreads != null) {
            deliveryThreads.shutdownNow();
        }
    }

    @Reference(service = AlarmNotifier.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeNotifier", updated = "updatedNotifier")
    void addNotifier(AlarmNotifier notifier, Map<String, Object> properties) {
        notifiers.add(notifier, properties);
    }

    void updatedNotifier(AlarmNotifier notifier, Map<String, Object> properties) {
        notifiers.remove(notifier);
        notifiers.add(notifier, properties);
    }

    void removeNotifier(AlarmNotifier notifier) {
        notifiers.remove(notifier);
    }

    // ---- Alarms

    @Override
    public Twin raise(Caller caller, AlarmCondition condition) {
        return raised(caller, condition).twin();
    }

    /** {@link #raise}, telling a new alarm from a counted repeat. */
    public Raised raised(Caller caller, AlarmCondition condition) {
        AlarmLifecycle.checkType(condition.type());
        requireIndex();
        Key key = new Key(condition.source(), condition.type());
        Raised result;
        boolean notify;
        synchronized (stripe(key)) {
            if (registry.get(caller, condition.source()).isEmpty()) {
                throw ErrorCode.THING_NOT_FOUND.exception("There is no twin " + condition.source()
                        + " to raise an alarm about.");
            }
            Optional<Twin> open = openAlarm(key);
            Updated repeated = null;
            if (open.isPresent()) {
                try {
                    repeated = update(caller, open.get().id(), open.get(), before -> Optional.of(
                            lifecycle.repeat(before, condition))).orElseThrow();
                } catch (DayuanException e) {
                    if (!AlarmLifecycle.STEP_ILLEGAL.equals(e.errorCode())) {
                        throw e;
                    }
                    // closed between the look-up and the write: the condition is a new alarm
                    index.remove(key, open.get().id());
                }
            }
            if (repeated != null) {
                result = new Raised(repeated.after(), false);
                notify = AlarmLifecycle.repeatNotifies(repeated.before(), condition);
            } else {
                result = new Raised(create(caller, condition), true);
                index.put(key, result.twin().id());
                notify = true;
            }
        }
        if (notify) {
            notify("raised", "", result.twin());
        }
        return result;
    }

    @Override
    public Optional<Twin> normal(Caller caller, TwinId source, String type, Instant at) {
        requireIndex();
        Key key = new Key(source, type);
        synchronized (stripe(key)) {
            return openAlarm(key).flatMap(open -> update(caller, open.id(), open, before -> lifecycle.normal(before,
                    at))).map(Updated::after);
        }
    }

    @Override
    public Twin act(Caller caller, TwinId alarm, AlarmStep step) {
        // The registry decides a write by role and namespace before it looks at the twin; so does this, so that a
        // viewer hears 403 whatever state the alarm is in.
        caller.within(registry.identity()).checkWrite(alarm, AlarmTwins.ATTRIBUTES);
        Updated u = update(caller, alarm, before -> Optional.of(lifecycle.step(before, step, caller.subject(),
                clock.instant()))).orElseThrow();
        if (step.action() == AlarmAction.CLOSE) {
            index.remove(new Key(AlarmTwins.source(u.after()), AlarmTwins.text(u.after(), AlarmTwins.TYPE)), alarm);
        }
        if (step.action() == AlarmAction.VERIFY && step.result() == Verification.REAL) {
            notify("verified", "", u.after());
        }
        return u.after();
    }

    @Override
    public Optional<Twin> open(Caller caller, TwinId source, String type) {
        requireIndex();
        return openAlarm(new Key(source, type)).flatMap(t -> registry.get(caller, t.id()));
    }

    @Override
    public List<Twin> openAlarms(Caller caller, String typePrefix) {
        String prefix = typePrefix == null ? "" : typePrefix;
        List<Twin> out = new ArrayList<>();
        for (Twin t : search.all(caller, AlarmTwins.OPEN_FILTER)) {
            String type = AlarmTwins.text(t, AlarmTwins.TYPE);
            if (type != null && type.startsWith(prefix)) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing((Twin t) -> String.valueOf(AlarmTwins.text(t, AlarmTwins.RAISED_AT)))
                .reversed());
        return out;
    }

    // ---- HealthIndicator

    @Override
    public String name() {
        return "alarms";
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public boolean ready() {
        return indexed;
    }

    // ---- metrics

    /**
     * Open alarms by severity, every severity present (0 when none), from the search index as this bundle sees
     * them: an indexed query over the open alarms, not a walk through every twin.
     */
    @Override
    public void collect(MetricSink sink) {
        Map<String, Integer> open = new TreeMap<>();
        Map<String, Integer> unacknowledged = new TreeMap<>();
        for (Severity severity : Severity.values()) {
            open.put(severity.json(), 0);
            unacknowledged.put(severity.json(), 0);
        }
        for (Twin t : search.all(registry.identity(), AlarmTwins.OPEN_FILTER)) {
            String severity = Objects.requireNonNullElse(AlarmTwins.text(t, AlarmTwins.SEVERITY), "unknown");
            open.merge(severity, 1, Integer::sum);
            if (AlarmState.UNACKNOWLEDGED.json().equals(AlarmTwins.text(t, AlarmTwins.STATE))) {
                unacknowledged.merge(severity, 1, Integer::sum);
            }
        }
        open.forEach((severity, n) -> sink.gauge("dayuan_alarms_open", "Alarms not closed, by severity.", n,
                "severity", severity));
        unacknowledged.forEach((severity, n) -> sink.gauge("dayuan_alarms_unacknowledged", "Open alarms nobody has"
                + " acknowledged yet, by severity.", n, "severity", severity));
    }

    // ---- deadlines

    /** Escalates overdue alarms and ends expired shelvings, as this bundle. */
    public void check() {
        if (!indexed) {
            buildIndexLogged();
            if (!indexed) {
                return;
            }
        }
        Caller me = registry.identity();
        Instant now = clock.instant();
        for (Map.Entry<Key, TwinId> e : List.copyOf(index.entrySet())) {
            TwinId id = e.getValue();
            try {
                Optional<Twin> alarm = registry.get(me, id).filter(AlarmTwins::isAlarm);
                if (alarm.isEmpty() || !AlarmTwins.state(alarm.get()).open()) {
                    index.remove(e.getKey(), id);
                } else if (AlarmLifecycle.shelvingExpired(alarm.get(), now)) {
                    AlarmStep unshelve = new AlarmStep(AlarmAction.UNSHELVE, "shelving expired", null, null);
                    update(me, id, before -> AlarmLifecycle.shelvingExpired(before, now)
                            ? Optional.of(lifecycle.step(before, unshelve, me.subject(), now)) : Optional.empty());
                } else {
                    Optional<String> due = lifecycle.escalationDue(alarm.get(), now);
                    if (due.isPresent()) {
                        update(me, id, before -> lifecycle.escalate(before, due.get(), now))
                                .ifPresent(u -> notify("escalated", due.get(), u.after()));
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("Alarm {} not checked: {}", id, ex.getMessage());
            }
        }
    }

    private void checkLogged() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("Alarm deadlines not checked: {}", e.getMessage(), e);
        }
    }

    // ---- the index of open alarms

    /** Reads the open alarms as this bundle sees them; where two are open for one key, the newest counts. */
    public void buildIndex() {
        Map<Key, Twin> found = new HashMap<>();
        for (Twin t : search.all(registry.identity(), AlarmTwins.OPEN_FILTER)) {
            String source = AlarmTwins.text(t, AlarmTwins.SOURCE);
            String type = AlarmTwins.text(t, AlarmTwins.TYPE);
            if (source == null || type == null) {
                continue;
            }
            found.merge(new Key(TwinId.of(source), type), t, (a, b) ->
                    String.valueOf(AlarmTwins.text(a, AlarmTwins.RAISED_AT))
                            .compareTo(String.valueOf(AlarmTwins.text(b, AlarmTwins.RAISED_AT))) >= 0 ? a : b);
        }
        found.forEach((k, t) -> index.putIfAbsent(k, t.id()));
        indexed = true;
        problem = null;
        LOG.info("Alarm service ready: {} open alarms", found.size());
    }

    private void buildIndexLogged() {
        try {
            buildIndex();
        } catch (RuntimeException e) {
            problem = "The open alarms could not be read (" + e.getMessage() + "); the alarm service tries again"
                    + " every check. Check the grant bundle.org.dayuan.alarms in etc/org.dayuan.identities.cfg.";
            LOG.warn("Open alarms not read: {}", e.getMessage(), e);
        }
    }

    private void requireIndex() {
        if (!indexed) {
            throw INDEX_UNAVAILABLE.exception("The alarm service has not read the open alarms yet"
                    + (problem == null ? "." : ": " + problem));
        }
    }

    private Object stripe(Key key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    /** The open alarm of {@code key} as this bundle sees it; forgets an index entry that is no longer open. */
    private Optional<Twin> openAlarm(Key key) {
        TwinId id = index.get(key);
        if (id == null) {
            return Optional.empty();
        }
        Optional<Twin> alarm = registry.get(registry.identity(), id).filter(AlarmTwins::isAlarm)
                .filter(t -> AlarmTwins.state(t).open());
        if (alarm.isEmpty()) {
            index.remove(key, id);
        }
        return alarm;
    }

    // ---- writes

    private Twin create(Caller caller, AlarmCondition condition) {
        ObjectNode thing = lifecycle.newAlarm(condition, caller.subject());
        for (int attempt = 0; ; attempt++) {
            TwinId id = newId(condition);
            try {
                return registry.create(caller, id, thing);
            } catch (DayuanException e) {
                if (!ErrorCode.THING_CONFLICT.equals(e.errorCode()) || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * {@code <source namespace>:alarm-<type>-<source name>-<raised, UTC>-<4 hex>}: readable in lists and logs,
     * unique by the time and the random tail (a taken id is drawn again).
     */
    private TwinId newId(AlarmCondition condition) {
        String name = condition.source().name();
        if (name.length() > 120) {
            name = name.substring(0, 120);
        }
        String type = condition.type().length() > 60 ? condition.type().substring(0, 60) : condition.type();
        return TwinId.of(condition.source().namespace(), "alarm-" + type + "-" + name + "-"
                + ID_TIME.format(condition.at()) + "-" + String.format("%04x",
                ThreadLocalRandom.current().nextInt(0x10000)));
    }

    /**
     * Reads alarm {@code id} as {@code caller}, asks {@code patchOf} for the patch of its attributes (empty: nothing
     * to do) and merges it; inside the write lock, a twin at another revision is asked again (throwing the rules'
     * refusal if the change made the step illegal) and the whole is retried on the current revision.
     */
    Optional<Updated> update(Caller caller, TwinId id, Function<Twin, Optional<ObjectNode>> patchOf) {
        return update(caller, id, null, patchOf);
    }

    /**
     * {@link #update(Caller, TwinId, Function)} starting from {@code read}, the alarm as just read by this service
     * (null: read it): a raise or return to normal found it open a moment ago, and reading it again cost a frame of a
     * fire panel a second database read. The write is still the caller's and still checks the revision.
     */
    private Optional<Updated> update(Caller caller, TwinId id, Twin read,
                                     Function<Twin, Optional<ObjectNode>> patchOf) {
        for (int attempt = 0; ; attempt++) {
            Twin before = attempt == 0 && read != null ? read : AlarmTwins.requireAlarm(registry.get(caller, id), id);
            Optional<ObjectNode> patch = patchOf.apply(before);
            if (patch.isEmpty()) {
                return Optional.empty();
            }
            try {
                Twin after = registry.merge(caller, id, AlarmTwins.ATTRIBUTES, patch.get(), (twin, value) -> {
                    Twin now = AlarmTwins.requireAlarm(twin, id);
                    if (now.revision() != before.revision()) {
                        patchOf.apply(now);
                        throw STALE.exception("Alarm " + id + " is at revision " + now.revision() + ", not "
                                + before.revision() + ".");
                    }
                }).twin().orElseThrow();
                return Optional.of(new Updated(before, after));
            } catch (DayuanException e) {
                if (!STALE.equals(e.errorCode())) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw ErrorCode.INTERNAL.exception("Alarm " + id + " kept changing; the write was given up after "
                            + ATTEMPTS + " attempts.");
                }
            }
        }
    }

    // ---- notices

    private void notify(String event, String reason, Twin alarm) {
        Severity severity;
        try {
            severity = Severity.of(AlarmTwins.text(alarm, AlarmTwins.SEVERITY));
        } catch (RuntimeException e) {
            return;
        }
        AlarmNotice notice = new AlarmNotice(event, reason, alarm);
        for (Notifiers.Registered n : notifiers.matching(severity, alarm.id().namespace())) {
            try {
                deliveries.execute(() -> deliver(n, notice));
            } catch (RejectedExecutionException e) {
                LOG.warn("Alarm {} not delivered to {}: the service is stopping", alarm.id(), n.name());
            }
        }
    }

    private void deliver(Notifiers.Registered n, AlarmNotice notice) {
        String error = null;
        try {
            n.notifier().deliver(notice);
        } catch (Exception | LinkageError e) {
            error = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("notifier", n.name());
        record.put("event", notice.event());
        if (!notice.reason().isEmpty()) {
            record.put("reason", notice.reason());
        }
        record.put("at", AlarmTwins.instant(clock.instant()));
        record.put("ok", error == null);
        if (error != null) {
            record.put("error", error);
            LOG.warn("Alarm {} ({}) not delivered to {}: {}", notice.alarm().id(), notice.event(), n.name(), error);
        }
        TwinId id = notice.alarm().id();
        try {
            update(registry.identity(), id, before -> Optional.of(lifecycle.delivery(before, record)));
        } catch (RuntimeException e) {
            LOG.warn("Delivery of alarm {} to {} not recorded: {}", id, n.name(), e.getMessage());
        }
    }
}
