package org.dayuan.energy.osgi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.camel.twin.TwinComponent;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.energy.BillParser;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Settings;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The energy line's wiring: Camel routes between the registry ({@code twin:}) and {@link EnergyState}. At start it
 * reads meters and subjects through {@code twin:search} and rebuilds consumption from the meters' history in the
 * journal, so nothing the line derives needs a store of its own; then it follows the registry's events, evaluates
 * the alarm rules on a timer and imports utility bills dropped into a watched folder.
 */
@Component(immediate = true, configurationPid = "org.dayuan.energy", service = EnergyLine.class)
@Designate(ocd = EnergyConfig.class)
public final class EnergyLine {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyLine.class);
    private static final String WATCHED = "in(definition,\"dayuan:EnergyMeter:1.0.0\",\"dayuan:WaterMeter:1.0.0\","
            + "\"dayuan:Organisation:1.0.0\",\"dayuan:Building:1.0.0\")";

    final EnergyState state;
    final BillImport bills;
    final AlarmWriter alarms;
    private final EnergyConfig config;
    private final CamelContext camel;
    private final CountDownLatch rebuilt = new CountDownLatch(1);
    private volatile List<Finding> findings = List.of();

    @Activate
    public EnergyLine(BundleContext context, EnergyConfig config, Map<String, Object> properties,
                      @Reference(target = "(component=twin)") ComponentResolver twin,
                      @Reference TwinHistory history) throws Exception {
        this.config = config;
        Map<String, String> flat = new HashMap<>();
        properties.forEach((k, v) -> flat.put(k, String.valueOf(v)));
        Settings settings = Settings.of(flat);
        this.state = new EnergyState(settings); // a malformed factor or threshold refuses the configuration here
        camel = new OsgiDefaultCamelContext(context);
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        this.bills = new BillImport(BillParser.fromConfig(settings, Clock.systemUTC()), state, template);
        this.alarms = new AlarmWriter(template);
        long start = System.nanoTime();
        // Subscribe before reading the registry, so no twin created in between is missed; the events wait for the
        // replay below and what they repeat is recognised as already seen.
        camel.addRoutes(routes());
        search(template, WATCHED).forEach(state::twin);
        alarms.load(search(template, AlarmWriter.RAISED_FILTER));
        int readings = rebuild(history);
        rebuilt.countDown();
        LOG.info("Energy line ready: {} meters, {} subjects, {} readings replayed from the journal in {} ms",
                state.meters().size(), state.subjects().size(), readings, (System.nanoTime() - start) / 1_000_000);
    }

    @Deactivate
    void deactivate() throws Exception {
        rebuilt.countDown();
        camel.stop();
    }

    List<Finding> findings() {
        return findings;
    }

    private RouteBuilder routes() {
        String billsDir = config.billsDir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "dayuan", "energy", "bills").toString()
                : config.billsDir();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("twin:events?filter=RAW(" + WATCHED + ")").routeId("energy-twins")
                        .process(EnergyLine.this::onEvent);
                // The first evaluation waits one period, so devices reporting since the start are heard first.
                from("timer:energy-rules?delay=" + config.evaluateSeconds() * 1000L + "&period="
                        + config.evaluateSeconds() * 1000L)
                        .routeId("energy-rules").process(e -> evaluate());
                from("file:" + billsDir + "?include=.*\\.csv&move=.done/${file:name}&moveFailed=.failed/${file:name}"
                        + "&readLock=changed&readLockMinAge=1000")
                        .routeId("energy-bills").process(bills::process);
            }
        };
    }

    private void onEvent(Exchange exchange) throws InterruptedException {
        rebuilt.await(); // live events wait until history is replayed, so readings reach the trackers in order
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
    }

    private void reading(Twin twin) {
        for (String feature : List.of("energy", "water")) {
            twin.get(JsonPointer.of(Twin.FEATURES, feature, Twin.PROPERTIES))
                    .ifPresent(p -> state.reading(twin.id().toString(), p));
        }
    }

    /** Replays each meter's changes over the kept days from the journal; returns how many were replayed. */
    private int rebuild(TwinHistory history) {
        // The line's own identity, as its routes have: it reads only the history it may see.
        Caller identity = ((TwinComponent) camel.getComponent("twin")).identity().from("energy rebuild");
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(config.keepDays()));
        int[] n = {0};
        for (var meter : state.meters()) {
            try {
                history.changes(identity, TwinId.of(meter.id()),
                        new HistoryRange.Instants(from, Instant.MAX), change -> {
                            change.twin().ifPresent(this::reading);
                            n[0]++;
                            return true;
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
    private static List<JsonNode> search(ProducerTemplate template, String filter) {
        return template.requestBodyAndHeader("twin:search?allPages=true&option=size(200)", null,
                TwinConstants.FILTER, filter, List.class);
    }
}
