package org.dayuan.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.paho.PahoComponent;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.gbt26875.Address;

/**
 * Plays the county's meters as devices would: it finds the meter twins through {@code twin:search}, then publishes
 * their readings over MQTT (camel-paho), never writing the registry itself, so the demo runs the real device path.
 * At start it publishes {@code backfillDays} of history, then live readings every {@code intervalSeconds}.
 */
@Component(immediate = true, configurationPid = "org.dayuan.simulator")
@Designate(ocd = SimulatorConfig.class)
public final class SimulatorComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRY_SECONDS = 10;
    private static final int PANEL_WAIT_SECONDS = 30;

    private final SimulatorConfig config;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-simulator"));
    private final AtomicLong published = new AtomicLong();
    private final String endpoint;
    private final ScheduledExecutorService panelLoop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-simulator-panels"));
    private final PanelPlan.Scenario panelScenario;
    private final PanelClient.Settings panelSettings;
    private volatile PanelPlayer panels;
    private final ScheduledExecutorService fleetLoop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-simulator-fleet"));
    private final FleetPlan.Settings fleetScenario;
    private final VehicleClient.Settings fleetSettings;
    private final Map<String, VehicleClient> vehicles = new java.util.concurrent.ConcurrentHashMap<>();
    private List<SimVehicle> previousVehicles;
    private List<SimPanel> previousPanels;
    private Simulation simulation;
    private TankPlay tanks;
    private long windowStart = System.nanoTime();
    private long inWindow;

    @Activate
    public SimulatorComponent(BundleContext context, SimulatorConfig config,
                              @Reference(target = "(component=twin)") ComponentResolver twin) throws Exception {
        this.config = config;
        Fault.parseSet(config.faults()); // a bad value fails activation with its name
        TankPlay.checkScenario(Duration.ofMinutes(config.tanks_lowEveryMinutes()),
                Duration.ofMinutes(config.tanks_lowForMinutes()));
        panelScenario = scenario(config);
        panelSettings = new PanelClient.Settings(config.panels_host(), config.panels_port(),
                centre(config.panels_centre()), Duration.ofSeconds(config.panels_keepAliveSeconds()),
                Duration.ofSeconds(config.panels_replyTimeoutSeconds()), Duration.ofSeconds(1),
                Duration.ofSeconds(config.panels_backoffMaxSeconds()));
        fleetScenario = new FleetPlan.Settings(config.fleet_tripProbability(), config.fleet_nightTripProbability(),
                config.fleet_speedKmh(), Duration.ofMinutes(config.fleet_orderLeadMinutes()));
        fleetSettings = new VehicleClient.Settings(config.fleet_host(), config.fleet_port(),
                Duration.ofSeconds(config.fleet_heartbeatSeconds()), Duration.ofSeconds(config.fleet_replyTimeoutSeconds()),
                Duration.ofSeconds(1), Duration.ofSeconds(config.fleet_backoffMaxSeconds()));
        if (config.fleet_parkedReportSeconds() < config.fleet_reportSeconds()) {
            throw new IllegalArgumentException("fleet.parkedReportSeconds (" + config.fleet_parkedReportSeconds()
                    + ") is below fleet.reportSeconds (" + config.fleet_reportSeconds() + ")");
        }
        camel = new OsgiDefaultCamelContext(context);
        PahoComponent paho = new PahoComponent();
        // On the component rather than in the endpoint URI, so a password needs no URI escaping and is never logged.
        if (!config.username().isBlank()) {
            paho.getConfiguration().setUserName(config.username());
            paho.getConfiguration().setPassword(config.password());
        }
        camel.addComponent("paho", paho);
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        camel.start();
        template = camel.createProducerTemplate();
        // A generous in-flight window: paho counts a publish as in flight a moment after its PUBACK has been awaited.
        endpoint = "paho:dayuan?brokerUrl=" + config.brokerUrl() + "&qos=1&clientId=dayuan-simulator&maxInflight=1000";
        if (!config.enabled()) {
            LOG.info("Simulator disabled (etc/org.dayuan.simulator.cfg)");
            return;
        }
        loop.execute(this::start);
        if (config.panels_enabled()) {
            panelLoop.execute(this::startPanels);
        }
        if (config.fleet_enabled()) {
            fleetLoop.execute(this::startFleet);
        }
    }

    private static Address centre(String hex) {
        try {
            return Address.parse(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("panels.centre: " + e.getMessage(), e);
        }
    }

    private static PanelPlan.Scenario scenario(SimulatorConfig config) {
        return new PanelPlan.Scenario(Duration.ofMinutes(config.panels_fireEveryMinutes()),
                config.panels_falseAlarmShare(), Duration.ofSeconds(config.panels_falseAlarmResetSeconds()),
                Duration.ofMinutes(config.panels_fireResetMinutes()), Duration.ofMinutes(config.panels_faultEveryMinutes()),
                Duration.ofMinutes(config.panels_faultForMinutes()), config.panels_silentPanel(),
                Duration.ofMinutes(config.panels_silentEveryMinutes()), Duration.ofMinutes(config.panels_silentForMinutes()));
    }

    @Deactivate
    void deactivate() throws Exception {
        loop.shutdownNow();
        panelLoop.shutdownNow();
        fleetLoop.shutdownNow();
        loop.awaitTermination(10, TimeUnit.SECONDS);
        panelLoop.awaitTermination(10, TimeUnit.SECONDS);
        fleetLoop.awaitTermination(10, TimeUnit.SECONDS);
        vehicles.values().forEach(VehicleClient::close);
        PanelPlayer player = panels;
        if (player != null) {
            player.close();
        }
        camel.stop();
    }

    private void start() {
        try {
            List<SimMeter> meters = new ArrayList<>(settledMeters());
            meters.addAll(syntheticMeters());
            Instant now = Clock.systemUTC().instant();
            Instant earliest = now.minus(Duration.ofDays(config.backfillDays()));
            Instant start = latestReading(meters).filter(t -> t.isAfter(earliest)).orElse(earliest);
            FaultPlan faults = FaultPlan.plan(meters, now, config.seed(), Fault.parseSet(config.faults()));
            simulation = new Simulation(meters, LoadProfile.standard(config.scale()), faults, config.seed(), start);
            if (start.isBefore(now)) {
                long n = simulation.backfill(start, now, Duration.ofMinutes(config.backfillStepMinutes()),
                        this::publish);
                LOG.info("Simulator published {} readings of {} meters from {} to now", n, meters.size(), start);
            }
            faults.entries().forEach(f -> LOG.info("Simulator fault {} on {} from {}", f.fault(), f.thingId(),
                    f.from()));
            tanks = tankPlay(now);
            loop.scheduleAtFixedRate(this::tick, config.intervalSeconds(), config.intervalSeconds(),
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // e.g. its user is not in the realm yet (demo users are written while the county loads): try again
            LOG.warn("Simulator could not start, trying again in {} s: {}", RETRY_SECONDS, e.getMessage());
            loop.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            Instant now = Clock.systemUTC().instant();
            if (now.isAfter(simulation.time())) {
                simulation.advanceTo(now, this::publish);
            }
            tanks.readings(now).forEach(this::publish);
        } catch (RuntimeException e) {
            LOG.warn("Simulator tick failed: {}", e.getMessage());
        }
    }

    private void publish(Reading reading) {
        String topic = config.topicPattern()
                .replace("{namespace}", reading.thingId().substring(0, reading.thingId().indexOf(':')))
                .replace("{name}", reading.thingId().substring(reading.thingId().indexOf(':') + 1))
                .replace("{feature}", reading.featureId());
        throttle();
        template.sendBodyAndHeader(endpoint, reading.properties().toString(), PahoConstants.CAMEL_PAHO_OVERRIDE_TOPIC,
                topic);
        published.incrementAndGet();
    }

    /** Keeps to {@code maxRate} messages per second. */
    private void throttle() {
        if (config.maxRate() <= 0) {
            return;
        }
        if (++inWindow >= config.maxRate()) {
            long elapsed = System.nanoTime() - windowStart;
            long second = TimeUnit.SECONDS.toNanos(1);
            if (elapsed < second) {
                try {
                    TimeUnit.NANOSECONDS.sleep(second - elapsed);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            windowStart = System.nanoTime();
            inWindow = 0;
        }
    }

    /**
     * The meters once their number has stopped changing: at first start the demo county is still being loaded
     * when the simulator comes up.
     */
    private List<SimMeter> settledMeters() throws InterruptedException {
        List<SimMeter> previous = null;
        while (true) {
            List<SimMeter> now = meters();
            // with synthetic meters to play, a county without meter twins of its own is a valid end state
            if (previous != null && now.size() == previous.size()
                    && (!now.isEmpty() || config.syntheticMeters() > 0)) {
                return now;
            }
            if (now.isEmpty()) {
                LOG.info("Simulator waits for meter twins matching {}", config.meters());
            }
            previous = now;
            TimeUnit.SECONDS.sleep(5);
        }
    }

    /** The meter twins to play, read through twin:search. */
    private List<SimMeter> meters() {
        List<SimMeter> meters = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<JsonNode> twins = template.requestBodyAndHeader("twin:search?allPages=true&option=size(200)", null,
                TwinConstants.FILTER, config.meters(), List.class);
        for (JsonNode twin : twins) {
            JsonNode features = twin.path("features");
            JsonNode properties = features.path("energy").path("properties");
            if (properties.isMissingNode()) {
                properties = features.path("water").path("properties");
            }
            SimMeter.from(twin.path("thingId").asText(), twin.path("attributes"), properties).ifPresent(meters::add);
        }
        return meters;
    }

    /**
     * Starts a transmission device per panel once the panels and their detectors have stopped changing (the demo
     * county may still be loading), then plays the scenario every second.
     */
    private void startPanels() {
        try {
            List<SimPanel> found = panels();
            if (found.isEmpty()) {
                LOG.info("Simulator waits for fire panels matching {} with a transmitter address", config.panels_filter());
                panelLoop.schedule(this::startPanels, PANEL_WAIT_SECONDS, TimeUnit.SECONDS);
                return;
            }
            if (!found.equals(previousPanels)) {
                // the county may still be loading: start once two looks 5 s apart agree
                previousPanels = found;
                panelLoop.schedule(this::startPanels, 5, TimeUnit.SECONDS);
                return;
            }
            Instant now = Clock.systemUTC().instant();
            PanelPlan plan;
            try {
                plan = new PanelPlan(found, panelScenario, config.seed(), now);
            } catch (IllegalArgumentException e) {
                LOG.error("Simulator plays no silent link: {}", e.getMessage());
                PanelPlan.Scenario s = panelScenario;
                plan = new PanelPlan(found, new PanelPlan.Scenario(s.fireEvery(), s.falseAlarmShare(),
                        s.falseAlarmReset(), s.fireReset(), s.faultEvery(), s.faultFor(), "", Duration.ZERO,
                        Duration.ZERO), config.seed(), now);
            }
            PanelPlayer player = new PanelPlayer(found, plan, panelSettings, Clock.systemUTC(), now);
            panels = player;
            LOG.info("Simulator plays {} fire panels ({} detectors) towards {}:{}; silent link: {}", found.size(),
                    found.stream().mapToInt(p -> p.detectors().size()).sum(), config.panels_host(),
                    config.panels_port(), plan.silentPanel() == null ? "none" : plan.silentPanel().thingId());
            panelLoop.scheduleAtFixedRate(() -> {
                try {
                    player.advanceTo(Clock.systemUTC().instant());
                } catch (RuntimeException e) {
                    LOG.warn("Simulator panel tick failed: {}", e.getMessage());
                }
            }, 1, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Simulator could not start the panels, trying again in {} s: {}", RETRY_SECONDS, e.getMessage());
            panelLoop.schedule(this::startPanels, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts a terminal per vehicle once the vehicle twins have stopped changing (the demo county may still be
     * loading), then plays the fleet's trips every second.
     */
    private void startFleet() {
        try {
            List<SimVehicle> found = new ArrayList<>();
            for (JsonNode twin : search(config.fleet_filter())) {
                SimVehicle.from(twin).ifPresentOrElse(found::add, () -> LOG.debug("Simulator skips vehicle {}:"
                        + " no terminalId (1-12 digits), energyType or location", twin.path("thingId").asText()));
            }
            found.sort(java.util.Comparator.comparing(SimVehicle::thingId));
            if (found.isEmpty() || !found.equals(previousVehicles)) {
                if (found.isEmpty()) {
                    LOG.info("Simulator waits for vehicles matching {} with a terminalId", config.fleet_filter());
                }
                previousVehicles = found;
                fleetLoop.schedule(this::startFleet, found.isEmpty() ? PANEL_WAIT_SECONDS : 5, TimeUnit.SECONDS);
                return;
            }
            for (SimVehicle v : found) {
                vehicles.put(v.thingId(), new VehicleClient(v, fleetSettings).start());
            }
            FleetPlan plan = new FleetPlan(found, fleetScenario, config.seed());
            FleetPlayer player = new FleetPlayer(plan, (v, location) -> vehicles.get(v.thingId()).report(location),
                    this::placeOrder, Duration.ofSeconds(config.fleet_reportSeconds()),
                    Duration.ofSeconds(config.fleet_parkedReportSeconds()), Clock.systemUTC().instant());
            LOG.info("Simulator plays {} vehicles as JT/T 808 terminals towards {}:{}", found.size(),
                    config.fleet_host(), config.fleet_port());
            fleetLoop.scheduleAtFixedRate(() -> {
                try {
                    player.advanceTo(Clock.systemUTC().instant());
                } catch (RuntimeException e) {
                    LOG.warn("Simulator fleet tick failed: {}", e.getMessage());
                }
            }, 0, 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Simulator could not start the fleet, trying again in {} s: {}", RETRY_SECONDS, e.getMessage());
            fleetLoop.schedule(this::startFleet, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Creates the trip's order twin through the registry, as the simulator's identity, unless it exists. */
    private void placeOrder(FleetPlan.Trip trip, Instant at) {
        String id = TripOrders.thingId(trip);
        if (template.requestBodyAndHeader("twin:get?ignoreNotFound=true", null, TwinConstants.THING_ID, id) == null) {
            template.requestBodyAndHeader("twin:put", TripOrders.twin(trip, at), TwinConstants.THING_ID, id);
        }
    }

    /** The panels to play with their detectors; a panel twin the gateway could not place is logged and left out. */
    private List<SimPanel> panels() {
        List<JsonNode> detectors = search(config.panels_detectors());
        List<SimPanel> found = new ArrayList<>();
        for (JsonNode twin : search(config.panels_filter())) {
            Optional<SimPanel> panel = SimPanel.from(twin, detectors);
            if (panel.isPresent()) {
                found.add(panel.get());
            } else {
                LOG.debug("Simulator skips panel {}: no transmitter (12 hex digits) or panelNumber (0-255)",
                        twin.path("thingId").asText());
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private List<JsonNode> search(String filter) {
        return filter.isBlank() ? List.of() : template.requestBodyAndHeader("twin:search?allPages=true&option=size(200)",
                null, TwinConstants.FILTER, filter, List.class);
    }

    /** The fire-water sensors to play, read through twin:search, with the configured low scenario. */
    private TankPlay tankPlay(Instant now) {
        List<SimTank> found = new ArrayList<>();
        if (!config.tanks().isBlank()) {
            for (JsonNode twin : search(config.tanks())) {
                SimTank.from(twin.path("thingId").asText(), twin.path("attributes"),
                        twin.path("features").path(SimTank.FEATURE).path("properties")).ifPresent(found::add);
            }
        }
        TankPlay play;
        try {
            play = new TankPlay(found, config.tanks_lowSensor(), config.seed(), now,
                    Duration.ofMinutes(config.tanks_lowEveryMinutes()),
                    Duration.ofMinutes(config.tanks_lowForMinutes()));
        } catch (IllegalArgumentException e) {
            // a sensor named in the config but absent from the county: play the others, without the scenario
            LOG.error("Simulator tank scenario not played: {}", e.getMessage());
            play = new TankPlay(found, "", config.seed(), now, Duration.ZERO, Duration.ZERO);
        }
        LOG.info("Simulator plays {} fire-water sensors; low scenario on {}", found.size(),
                play.drained().map(SimTank::thingId).orElse("none"));
        return play;
    }

    /** The synthetic load-test meters, each created as a twin once if it does not exist. */
    private List<SimMeter> syntheticMeters() {
        List<SimMeter> meters = new ArrayList<>();
        for (int i = 0; i < config.syntheticMeters(); i++) {
            SimMeter meter = SimMeter.synthetic(config.syntheticNamespace(), i, MeterKind.values()[i % 3 + 2]);
            ensureTwin(meter);
            meters.add(meter);
        }
        return meters;
    }

    private void ensureTwin(SimMeter meter) {
        ObjectNode twin = JSON.valueToTree(Map.of("attributes", Map.of("carrier", "electricity", "role", "sub"),
                "features", Map.of(meter.kind().featureId(), Map.of("properties", Map.of("reading", 0)))));
        if (template.requestBodyAndHeader("twin:get?ignoreNotFound=true", null, TwinConstants.THING_ID,
                meter.thingId()) == null) {
            template.requestBodyAndHeader("twin:put", twin, TwinConstants.THING_ID, meter.thingId());
        }
    }

    /** The newest reading timestamp among the meters' twins: after a restart the simulation resumes from there. */
    private Optional<Instant> latestReading(List<SimMeter> meters) {
        Instant latest = null;
        for (SimMeter meter : meters) {
            Object ts = template.requestBodyAndHeader("twin:get?ignoreNotFound=true&path=/features/"
                    + meter.kind().featureId() + "/properties/timestamp", null, TwinConstants.THING_ID, meter.thingId());
            if (ts instanceof JsonNode node && node.isTextual()) {
                try {
                    Instant t = OffsetDateTime.parse(node.asText()).toInstant();
                    latest = latest == null || t.isAfter(latest) ? t : latest;
                } catch (DateTimeParseException ignored) {
                    // a timestamp the model would not have accepted; start from the backfill window
                }
            }
        }
        return Optional.ofNullable(latest);
    }
}
