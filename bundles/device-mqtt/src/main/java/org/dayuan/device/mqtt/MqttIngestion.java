package org.dayuan.device.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.PahoComponent;
import org.apache.camel.component.paho.PahoConstants;
import org.apache.camel.component.paho.PahoMessage;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.auth.UserDirectory;
import org.dayuan.auth.UsersWritten;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.TwinRegistry;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device path: a Camel route from an MQTT subscription (camel-paho) through {@link Decoder} to {@code twin:merge}.
 * Paho runs with manual acknowledgements: a QoS 1 message is acknowledged to the broker only after its write is
 * durable or it is parked as a dead letter. When the registry cannot store (503) the message stays unacknowledged
 * and the client reconnects, so the broker delivers it again. An unreachable broker is logged as an error naming
 * the URL and the config file, retried, and shown by {@code GET /api/dayuan/mqtt} and, as a part that is down, by
 * {@code GET /api/health}. Until its first connection, and for at most {@code 30 s} after its start, it counts as
 * starting rather than down: the embedded broker beside it may take that long, and health is STARTING meanwhile.
 *
 * <p>The decoder reads and the route writes as this bundle's identity, what {@code etc/org.dayuan.identities.cfg}
 * grants {@code org.dayuan.device-mqtt}: a reading for a namespace outside its organisations finds no twin and is
 * parked as a dead letter, whatever the broker let through.
 */
@Component(immediate = true, configurationPid = "org.dayuan.mqtt",
        service = {MqttIngestion.class, HealthIndicator.class})
@Designate(ocd = MqttConfig.class)
public final class MqttIngestion implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestion.class);

    final IngestStats stats = new IngestStats();
    private final MqttConfig config;
    private final TopicScheme scheme;
    private final Decoder decoder;
    private final DeadLetters deadLetters;
    private final MqttClient client;
    private final UserDirectory users;
    private final CamelContext camel;
    private final ScheduledExecutorService connector =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mqtt-connector"));
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private volatile boolean routeStarted;
    private final long activatedAt = System.nanoTime();
    /** Ready once the route runs and the service user written for it (if any) can be read by the broker. */
    private final UsersWritten login;
    private long unreachableSince;
    private boolean reported;
    private volatile boolean reconnectWanted;
    private Producer merge;
    private String password;

    @Activate
    public MqttIngestion(BundleContext context, MqttConfig config, @Reference TwinRegistry registry,
                         @Reference(target = "(component=twin)") ComponentResolver twin,
                         @Reference UserDirectory users) throws Exception {
        this.config = config;
        this.users = users;
        this.login = new UsersWritten(users);
        this.scheme = new TopicScheme(config.topicPattern());
        this.decoder = new Decoder(scheme, Arrays.stream(config.mappings()).filter(m -> !m.isBlank())
                .map(FieldMapping::parse).toList(), config.maxPayloadBytes(), id -> registry.get(registry.identity(), id));
        this.deadLetters = new DeadLetters(config.deadLetterDir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "dayuan", "mqtt", "deadletter")
                : Path.of(config.deadLetterDir()));
        client = new MqttClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        camel = new OsgiDefaultCamelContext(context);
        camel.getRegistry().bind("dayuanMqttClient", client);
        camel.addComponent("paho", new PahoComponent());
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        camel.start(); // before routes are added: OsgiDefaultCamelContext leaves routes added earlier unstarted
        merge = camel.getEndpoint("twin:merge").createProducer();
        merge.start();
        connector.scheduleWithFixedDelay(this::keepConnected, 0, config.retrySeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws Exception {
        connector.shutdownNow();
        camel.stop();
        // A connect the connector began runs on until its timeout (5 s), and closing the client meanwhile fails with
        // "Connect already in progress": as when the configuration changes while the broker is unreachable.
        if (!connector.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("MQTT ingestion: the connector to {} did not stop within 10 s", config.brokerUrl());
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } finally {
            client.close(true);
        }
    }

    @Override
    public String name() {
        return "mqtt-ingestion";
    }

    @Override
    public Optional<String> problem() {
        if (stats.connected || !routeStarted && System.nanoTime() - activatedAt < GRACE_NANOS) {
            return Optional.empty();
        }
        String error = stats.lastError;
        return Optional.of("not connected to " + config.brokerUrl() + (error == null ? " yet" : ": " + error));
    }

    @Override
    public boolean ready() {
        return login.ready();
    }

    String brokerUrl() {
        return config.brokerUrl();
    }

    Path deadLetterDir() {
        return deadLetters.dir();
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    private void keepConnected() {
        try {
            if (reconnectWanted && client.isConnected()) {
                client.disconnect(2000);
            }
            reconnectWanted = false;
            if (client.isConnected()) {
                return;
            }
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(false);
            options.setMaxInflight(Math.max(10, config.lanes() * 4));
            options.setConnectionTimeout(5);
            if (!config.username().isBlank()) {
                options.setUserName(config.username());
                options.setPassword(password().toCharArray());
            }
            client.connect(options);
            stats.connected = true;
            stats.lastError = null;
            unreachableSince = 0;
            reported = false;
            LOG.info("MQTT ingestion connected to {}, subscribing to {}", config.brokerUrl(), scheme.subscription());
            if (!routeStarted) {
                camel.addRoutes(routes());
                routeStarted = true;
                login.done();
            } else {
                client.subscribe(scheme.subscription(), config.qos());
            }
        } catch (MqttException e) {
            stats.connected = false;
            stats.lastError = "MQTT broker " + config.brokerUrl() + " is unreachable: " + e.getMessage();
            if (unreachableSince == 0) {
                unreachableSince = System.nanoTime();
                LOG.warn("{}; retrying every {} s", stats.lastError, config.retrySeconds());
            } else if (!reported && System.nanoTime() - unreachableSince > GRACE_NANOS) {
                // An embedded broker starting beside us takes a moment; beyond that, it is an operator's problem.
                reported = true;
                LOG.error("{}. Device readings are NOT being received. Check etc/org.dayuan.mqtt.cfg (brokerUrl) and"
                        + " that the broker runs (feature dayuan-mqtt-broker for the embedded one); retrying every"
                        + " {} s.", stats.lastError, config.retrySeconds());
            }
            return;
        } catch (Exception e) {
            // e.g. the service user could not be written to the realm; logged once, retried with the rest
            if (!e.toString().equals(stats.lastError)) {
                LOG.error("MQTT ingestion could not log in to the broker or start its route", e);
            }
            stats.lastError = e.toString();
        }
    }

    /** The configured password, or the service user's own when none is configured. */
    private String password() throws IOException {
        if (password == null) {
            password = !config.password().isEmpty() ? config.password() : ServiceUser.ensure(users,
                    config.username(), Path.of(System.getProperty("karaf.data", "data"), "dayuan", "mqtt",
                            "ingest.secret"));
        }
        return password;
    }

    private RouteBuilder routes() {
        // One step on Paho's single callback thread: pick the lane by the topic's thingId and hand over. Decoding
        // reads the twin from the registry, so it runs on the lanes, in parallel, and keeps each twin's order there.
        OrderedLanes lanes = new OrderedLanes(config.lanes(), 1000, this::thingId, this::ingest);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("paho:" + scheme.subscription() + "?client=#dayuanMqttClient&qos=" + config.qos())
                        .routeId("mqtt-ingest")
                        .process(lanes);
            }
        };
    }

    private String thingId(Exchange exchange) {
        stats.received.incrementAndGet();
        return scheme.match(exchange.getIn().getHeader(PahoConstants.MQTT_TOPIC, String.class))
                .map(TopicScheme.Target::thingId).orElse(null);
    }

    /** On a lane: decode, then the durable write and the acknowledgement, or the dead letter. */
    private void ingest(Exchange exchange) {
        MqttMessage message = exchange.getIn(PahoMessage.class).getMqttMessage();
        exchange.setProperty("dayuan.mqtt", message);
        String topic = exchange.getIn().getHeader(PahoConstants.MQTT_TOPIC, String.class);
        Decoder.Write write;
        try {
            write = decoder.decode(topic, message.getPayload());
        } catch (Decoder.Rejected e) {
            park(exchange, e.getMessage());
            return;
        } catch (DayuanException e) {
            // the registry refused or could not read the twin: as for a write, a 4xx is final, a 5xx is retried
            if (e.status() < 500) {
                park(exchange, e.getMessage());
            } else {
                unavailable(e);
            }
            return;
        }
        exchange.getMessage().setHeader(TwinConstants.THING_ID, write.thingId().toString());
        exchange.getMessage().setHeader(TwinConstants.PATH, "/features/" + write.feature() + "/properties");
        exchange.getMessage().setBody(write.properties());
        write(exchange);
    }

    /** On a lane: the durable write, then the acknowledgement. */
    private void write(Exchange exchange) {
        MqttMessage message = exchange.getProperty("dayuan.mqtt", MqttMessage.class);
        try {
            merge.process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            stats.applied.incrementAndGet();
            ack(message);
        } catch (DayuanException e) {
            exchange.setException(null);
            if (e.status() < 500) {
                park(exchange, e.getMessage());
            } else {
                unavailable(e);
            }
        } catch (Exception e) {
            exchange.setException(null);
            unavailable(e);
        }
    }

    private void park(Exchange exchange, String reason) {
        MqttMessage message = exchange.getProperty("dayuan.mqtt", MqttMessage.class);
        String topic = exchange.getIn().getHeader(PahoConstants.MQTT_TOPIC, String.class);
        try {
            deadLetters.park(Instant.now(), topic, message.getPayload(), reason);
            stats.rejected.incrementAndGet();
            LOG.warn("MQTT message on {} refused: {}", topic, reason);
            ack(message);
        } catch (IOException e) {
            unavailable(e);
        }
    }

    private void unavailable(Exception e) {
        stats.failed.incrementAndGet();
        stats.lastError = "write failed, message left unacknowledged for redelivery: " + e.getMessage();
        LOG.error("MQTT reading could not be stored; it stays unacknowledged and the broker redelivers it after a"
                + " reconnect", e);
        reconnectWanted = true;
    }

    private void ack(MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.warn("Acknowledging MQTT message {} failed; the broker may deliver it again", message.getId(), e);
        }
    }
}
