package org.dayuan.energy.osgi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.alarms.Alarms;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.energy.BillParser;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Settings;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The energy line's wiring: Camel routes between the registry ({@code twin:}) and {@link EnergyState}. At start it
 * reads meters and subjects through {@code twin:search} and rebuilds consumption from the meters' history in the
 * journal, so nothing the line derives needs a store of its own; then it follows the registry's events, evaluates
 * the alarm rules on a timer, raising their findings through the alarm service (the {@code Alarms} reference makes
 * the line wait for it), and imports utility bills dropped into a watched folder.
 *
 * <p>That start can take a while (up to {@code keepDays} of history), so it runs on the line's own thread, not the
 * component's; health says the line is starting until it is done, and down, with why, if it failed. A config change
 * costs only what it changes: thresholds, factors, targets and the calendar apply at once; {@code billsDir} and
 * {@code evaluateSeconds} restart the timer and folder routes; only {@code keepDays}, {@code maxIntervalHours},
 * {@code maxPerHour.*} and {@code calendar.zone}, which shape the consumption itself, replay the history. A change
 * that does not parse is refused whole: the line keeps its settings and health names the key.
 */
@Component(immediate = true, configurationPid = "org.dayuan.energy",
        service = {EnergyLine.class, HealthIndicator.class})
@Designate(ocd = EnergyConfig.class)
public final class EnergyLine implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyLine.class);
    private static final String WATCHED = "in(definition,\"dayuan:EnergyMeter:1.0.0\",\"dayuan:WaterMeter:1.0.0\","
            + "\"dayuan:Organisation:1.0.0\",\"dayuan:Building:1.0.0\")";
    private static final List<String> TIMED_ROUTES = List.of("energy-rules", "energy-bills");
    private static final long STOP_WAIT_SECONDS = 30;

    final EnergyState state;
    final BillImport bills;
    final AlarmWriter alarms;
    private final CamelContext camel;
    private final TwinHistory history;
    private final ProducerTemplate template;
    /** The line's own thread: start, replays and route restarts run here, one after the other. */
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> new Thread(r, "dayuan-energy-line"));
    /** Held while the consumption is rebuilt; live readings wait for it, so they reach the trackers in order. */
    private final ReentrantLock consumption = new ReentrantLock();
    /** Work submitted and not yet done: the line is ready when none is left and none failed. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile String failure;
    private volatile String refused;
    private volatile EnergyConfig config;
    private volatile Settings settings;
    private volatile List<Finding> findings = List.of();

    @Activate
    public EnergyLine(BundleContext context, EnergyConfig config, Map<String, Object> properties,
                      @Reference(target = "(component=twin)") ComponentResolver twin,
                      @Reference TwinHistory history, @Reference Alarms alarmService) throws Exception {
        this.config = config;
        this.history = history;
        this.settings = settings(properties);
        this.state = new EnergyState(settings); // a malformed factor or threshold refuses the configuration here
        camel = new OsgiDefaultCamelContext(context);
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        template = camel.createProducerTemplate();
        this.bills = new BillImport(BillParser.fromConfig(settings, Clock.systemUTC()), state, template);
        // The line raises alarms as itself, as its routes write: bounded by its own grant.
        this.alarms = new AlarmWriter(alarmService,
                ((TwinComponent) camel.getComponent("twin")).identity().from("energy alarms"));
        submit("start", this::start);
    }

    /** Applies a changed configuration, doing only the work the change calls for (see the class comment). */
    @Modified
    void modified(EnergyConfig next, Map<String, Object> properties) {
        Settings after = settings(properties);
        submit("reconfiguration", () -> {
            try {
                Plan plan = plan(config, settings, next, after);
                BillParser parser = BillParser.fromConfig(after, Clock.systemUTC());
                boolean replay = plan.replay();
                consumption.lock();
                try {
                    // reshaped consumption is forgotten here and rebuilt below, with live readings held meanwhile
                    replay |= state.reconfigure(after);
                    bills.parser(parser);
                    config = next;
                    settings = after;
                    refused = null;
                    if (replay) {
                        replay();
                    }
                } finally {
                    consumption.unlock();
                }
                if (plan.routes()) {
                    for (String id : TIMED_ROUTES) {
                        camel.getRouteController().stopRoute(id);
                        camel.removeRoute(id);
                    }
                    camel.addRoutes(timedRoutes());
                }
                LOG.info("Energy line reconfigured: {}", replay ? "consumption replayed from the journal"
                        : plan.routes() ? "timer and bill routes restarted" : "rules re-evaluated, nothing replayed");
                evaluate();
            } catch (IllegalArgumentException e) {
                refused = e.getMessage();
                LOG.error("Energy line: etc/org.dayuan.energy.cfg refused, the previous settings stay: {}",
                        e.getMessage());
            }
        });
    }

    /** What a configuration change costs: restarting the timed routes, replaying the history. */
    record Plan(boolean routes, boolean replay) {
    }

    /**
     * The work a change from one configuration to the next calls for, beyond applying the new rules: the timed
     * routes restart when their folder or period changes; the history is replayed when the days kept or the shape
     * of the consumption change. Throws, naming the key, for a setting that does not parse.
     */
    static Plan plan(EnergyConfig before, Settings beforeSettings, EnergyConfig after, Settings afterSettings) {
        boolean routes = !before.billsDir().equals(after.billsDir())
                || before.evaluateSeconds() != after.evaluateSeconds();
        boolean replay = before.keepDays() != after.keepDays()
                || EnergyState.reshapes(beforeSettings, afterSettings);
        return new Plan(routes, replay);
    }

    @Deactivate
    void deactivate() throws Exception {
        work.shutdownNow(); // interrupts a replay between two meters
        if (!work.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("The energy line's start did not stop within {} s", STOP_WAIT_SECONDS);
        }
        camel.stop();
    }

    @Override
    public String name() {
        return "energy-line";
    }

    @Override
    public Optional<String> problem() {
        String f = failure;
        if (f != null) {
            return Optional.of(f);
        }
        String r = refused;
        return r == null ? Optional.empty()
                : Optional.of("etc/org.dayuan.energy.cfg refused, running with the previous settings: " + r);
    }

    @Override
    public boolean ready() {
        return pending.get() == 0;
    }

    List<Finding> findings() {
        return findings;
    }

    private static Settings settings(Map<String, Object> properties) {
        Map<String, String> flat = new HashMap<>();
        properties.forEach((k, v) -> flat.put(k, String.valueOf(v)));
        return Settings.of(flat);
    }

    private interface Work {
        void run() throws Exception;
    }

    private void submit(String what, Work task) {
        pending.incrementAndGet();
        work.execute(() -> {
            try {
                task.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = "the " + what + " failed: " + e;
                LOG.error("Energy line: the {} failed", what, e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private void start() throws Exception {
        long start = System.nanoTime();
        camel.start(); // before routes are added: OsgiDefaultCamelContext leaves routes added earlier unstarted
        int readings;
        consumption.lock();
        try {
            // Subscribe before reading the registry, so no twin created in between is missed; the events wait for
            // the replay below and what they repeat is recognised as already seen.
            camel.addRoutes(eventRoute());
            search(WATCHED).forEach(state::twin);
            alarms.load();
            readings = replay();
        } finally {
            consumption.unlock();
        }
        camel.addRoutes(timedRoutes());
        LOG.info("Energy line ready: {} meters, {} subjects, {} readings replayed from the journal in {} ms",
                state.meters().size(), state.subjects().size(), readings, (System.nanoTime() - start) / 1_000_000);
    }

    private RouteBuilder eventRoute() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("twin:events?filter=RAW(" + WATCHED + ")").routeId("energy-twins")
                        .process(EnergyLine.this::onEvent);
            }
        };
    }

    private RouteBuilder timedRoutes() {
        EnergyConfig c = config;
        String billsDir = c.billsDir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "dayuan", "energy", "bills").toString()
                : c.billsDir();
        return new RouteBuilder() {
            @Override
            public void configure() {
                // The first evaluation waits one period, so devices reporting since the start are heard first.
                from("timer:energy-rules?delay=" + c.evaluateSeconds() * 1000L + "&period="
                        + c.evaluateSeconds() * 1000L)
                        .routeId("energy-rules").process(e -> evaluate());
                from("file:" + billsDir + "?include=.*\\.csv&move=.done/${file:name}&moveFailed=.failed/${file:name}"
                        + "&readLock=changed&readLockMinAge=1000")
                        .routeId("energy-bills").process(bills::process);
            }
        };
    }

    private void onEvent(Exchange exchange) {
        consumption.lock(); // waits while history is replayed, so readings reach the trackers in order
        try {
            String id = exchange.getMessage().getHeader(TwinConstants.THING_ID, String.class);
            Twin twin = exchange.getMessage().getHeader(TwinConstants.TWIN, Twin.class);
            if (twin == null) {
                state.deleted(id);
                return;
            }
            String path = exchange.getMessage().getHeader(TwinConstants.PATH, String.class);
            if (!path.startsWith("/features/") || path.startsWith("/features/" + EnergyState.BILLS_FEATURE)) {
                state.twin(twin.toJson());
            }
            if (state.isMeter(id)) {
                reading(twin);
            }
        } finally {
            consumption.unlock();
        }
    }

    private void reading(Twin twin) {
        for (String feature : List.of("energy", "water")) {
            twin.get(JsonPointer.of(Twin.FEATURES, feature, Twin.PROPERTIES))
                    .ifPresent(p -> state.reading(twin.id().toString(), p));
        }
    }

    /**
     * Replays each meter's changes over the kept days from the journal; returns how many were replayed. Stops
     * between two meters when the line is stopped.
     */
    private int replay() throws InterruptedException {
        // The line's own service identity, as its routes have: it reads only the history it may see.
        Caller identity = ((TwinComponent) camel.getComponent("twin")).identity().from("energy rebuild");
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(config.keepDays()));
        int[] n = {0};
        for (var meter : state.meters()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped while replaying the history");
            }
            try {
                history.changes(identity, TwinId.of(meter.id()),
                        new HistoryRange.Instants(from, Instant.MAX), change -> {
                            change.twin().ifPresent(this::reading);
                            n[0]++;
                            return !Thread.currentThread().isInterrupted();
                        });
            } catch (RuntimeException e) {
                LOG.warn("History of meter {} not replayed: {}", meter.id(), e.getMessage());
            }
        }
        return n[0];
    }

    private void evaluate() {
        Instant now = Instant.now();
        List<Finding> found = state.findings(now);
        findings = found;
        if (config.alarms()) {
            alarms.reconcile(found, now);
        }
        state.prune(now, config.keepDays());
    }

    @SuppressWarnings("unchecked")
    private List<JsonNode> search(String filter) {
        return template.requestBodyAndHeader("twin:search?allPages=true&option=size(200)", null,
                TwinConstants.FILTER, filter, List.class);
    }
}
