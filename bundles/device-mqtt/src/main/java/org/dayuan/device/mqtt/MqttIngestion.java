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
import org.apache.camel.ExtendedExchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.auth.UserDirectory;
import org.dayuan.auth.UsersWritten;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.dayuan.twin.TwinRegistry;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
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
 * The device path: an MQTT subscription through {@link Decoder} to Camel's {@code twin:merge}. Paho runs with manual
 * acknowledgements: a QoS 1 message is acknowledged to the broker only after its write is durable or it is parked as
 * a dead letter. When the registry cannot store (503) the message stays unacknowledged and the client reconnects, so
 * the broker delivers it again. An unreachable broker is logged as an error naming the URL and the config file,
 * retried, and shown by {@code GET /api/dayuan/mqtt} and, as a part that is down, by {@code GET /api/health}. Until
 * its first subscription, and for at most {@code 30 s} after its start, it counts as starting rather than down: the
 * embedded broker beside it may take that long, and health is STARTING meanwhile.
 *
 * <p>It counts as connected only once the broker has granted its subscription: a broker whose ACL refuses the topic
 * filter (SUBACK 0x80) lets the client connect and then sends it nothing. Such a refusal is shown at once, logged
 * with the filter and the return code, and the subscription retried with back-off on the same connection, so that a
 * corrected ACL takes effect without a restart.
 *
 * <p>The decoder reads and the merge writes as this bundle's identity, what {@code etc/org.dayuan.identities.cfg}
 * grants {@code org.dayuan.device-mqtt}: a reading for a namespace outside its organisations finds no twin and is
 * parked as a dead letter, whatever the broker let through.
 */
@Component(immediate = true, configurationPid = "org.dayuan.mqtt",
        service = {MqttIngestion.class, HealthIndicator.class, MetricSource.class})
@Designate(ocd = MqttConfig.class)
public final class MqttIngestion implements HealthIndicator, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestion.class);
    private static final String ROUTE = "mqtt-ingest";
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long the first login waits for the realm to have written the ingestion's own user. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A refused subscription is retried at retrySeconds, doubled after each refusal up to this. */
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);

    final IngestStats stats = new IngestStats();
    private final MqttConfig config;
    private final TopicScheme scheme;
    private final Decoder decoder;
    private final DeadLetters deadLetters;
    private final MqttClient client;
    private final UserDirectory users;
    private final CamelContext camel;
    private final OrderedLanes lanes;
    private final Producer merge;
    private final ScheduledExecutorService connector =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mqtt-connector"));
    private final long activatedAt = System.nanoTime();
    /** Ready once the service user written for the broker (if any) has logged in there. */
    private final UsersWritten login;
    private volatile boolean everSubscribed;
    /** False from a connect until the broker grants the subscription, and again once the connection is lost. */
    private volatile boolean subscribed;
    /** The broker's latest refusal of the subscription, until it grants it. */
    private volatile String refusal;
    private volatile boolean reconnectWanted;
    // The connector's own state
    private long unreachableSince;
    private boolean reported;
    private long subscribeDueAt;
    private long backoffNanos;
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
        lanes = new OrderedLanes(config.lanes(), 1000);
        camel = new OsgiDefaultCamelContext(context);
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        camel.start();
        merge = camel.getEndpoint("twin:merge").createProducer();
        merge.start();
        client = new MqttClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        // Set before the first connect: a kept session's messages arrive right after it, before any subscribe.
        client.setCallback(new Deliveries());
        connector.scheduleWithFixedDelay(this::keepConnected, 0, config.retrySeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws Exception {
        connector.shutdownNow();
        // A connect the connector began runs on until its timeout (5 s), and closing the client meanwhile fails with
        // "Connect already in progress": as when the configuration changes while the broker is unreachable.
        if (!connector.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("MQTT ingestion: the connector to {} did not stop within 10 s", config.brokerUrl());
        }
        try {
            // The writes under way finish and are acknowledged; what arrives meanwhile stays unacknowledged, and the
            // broker keeps it for the next start.
            lanes.close();
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } finally {
            client.close(true);
            camel.stop();
        }
    }

    @Override
    public String name() {
        return "mqtt-ingestion";
    }

    @Override
    public Optional<String> problem() {
        if (stats.connected
                || refusal == null && !everSubscribed && System.nanoTime() - activatedAt < GRACE_NANOS) {
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

    String subscription() {
        return scheme.subscription();
    }

    Path deadLetterDir() {
        return deadLetters.dir();
    }

    @Override
    public void collect(MetricSink sink) {
        stats.collect(sink);
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
            if (!client.isConnected()) {
                connect();
            }
            if (!subscribed && System.nanoTime() - subscribeDueAt >= 0) {
                subscribe();
            }
        } catch (MqttException e) {
            stats.connected = false;
            subscribed = false;
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
        } catch (Exception e) {
            // e.g. the service user could not be written to the realm; logged once, retried with the rest
            if (!e.toString().equals(stats.lastError)) {
                LOG.error("MQTT ingestion could not log in to the broker", e);
            }
            stats.lastError = e.toString();
        }
    }

    private void connect() throws Exception {
        subscribed = false;
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
        unreachableSince = 0;
        reported = false;
        subscribeDueAt = System.nanoTime();
        login.done();
        LOG.info("MQTT ingestion connected to {}, subscribing to {}", config.brokerUrl(), scheme.subscription());
    }

    /**
     * Subscribes again after every connect, though the broker keeps the subscription of a session that is not
     * clean: only the SUBACK says whether its ACL lets this user read the device topics now.
     */
    private void subscribe() throws MqttException {
        int[] granted = {config.qos()};
        try {
            client.subscribe(new String[] {scheme.subscription()}, granted);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                throw e;
            }
            refused(granted[0]);
            return;
        }
        if (granted[0] < config.qos()) {
            LOG.warn("MQTT broker {} granted the subscription to {} at QoS {} only, not {}: readings it holds while"
                    + " Dayuan is down or writes fail are lost", config.brokerUrl(), scheme.subscription(),
                    granted[0], config.qos());
        }
        if (refusal != null) {
            LOG.info("MQTT broker {} now grants the subscription to {}", config.brokerUrl(), scheme.subscription());
        }
        refusal = null;
        backoffNanos = 0;
        subscribed = true;
        everSubscribed = true;
        stats.lastError = null;
        stats.connected = true;
    }

    private void refused(int returnCode) {
        long retryNanos = TimeUnit.SECONDS.toNanos(config.retrySeconds());
        backoffNanos = backoffNanos == 0 ? retryNanos
                : Math.min(2 * backoffNanos, Math.max(retryNanos, MAX_BACKOFF_NANOS));
        subscribeDueAt = System.nanoTime() + backoffNanos;
        String reason = String.format("the broker refused the subscription to %s (SUBACK return code 0x%02X): its"
                + " ACL does not let user '%s' read the device topics", scheme.subscription(), returnCode,
                config.username());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(backoffNanos);
        stats.connected = false;
        stats.lastError = reason + "; retrying in " + seconds + " s";
        if (refusal == null) {
            LOG.error("MQTT broker {}: {}. Device readings are NOT being received. Let the user read them (acl_file"
                    + " of Mosquitto; subscribers in etc/org.dayuan.mqtt.broker.cfg for the embedded broker);"
                    + " retrying in {} s, then less often.", config.brokerUrl(), reason, seconds);
        } else {
            LOG.warn("MQTT broker {}: {}; retrying in {} s", config.brokerUrl(), reason, seconds);
        }
        refusal = reason;
    }

    /** The configured password, or the service user's own when none is configured. */
    private String password() throws IOException, InterruptedException {
        if (password == null) {
            if (!config.password().isEmpty()) {
                password = config.password();
            } else {
                String own = ServiceUser.ensure(users, config.username(), Path.of(System.getProperty("karaf.data",
                        "data"), "dayuan", "mqtt", "ingest.secret"));
                // The broker checks the login against the realm, whose file Karaf rewrites after the user is added:
                // a login before that fails, and five failures lock the ingestion out of the broker.
                long deadline = System.nanoTime() + SETTLE_NANOS;
                while (!users.settled() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                password = own;
            }
        }
        return password;
    }

    /** On Paho's callback thread. */
    private final class Deliveries implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            subscribed = false;
            stats.connected = false;
            stats.lastError = "connection to the MQTT broker " + config.brokerUrl() + " lost: " + cause.getMessage();
            LOG.warn("{}; reconnecting in at most {} s", stats.lastError, config.retrySeconds());
        }

        /**
         * Picks the lane by the topic's thingId and hands over: decoding reads the twin from the registry, so it runs
         * on the lanes, in parallel, and keeps each twin's order there.
         */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            stats.received.incrementAndGet();
            TopicScheme.Target target = scheme.match(topic).orElse(null);
            lanes.submit(target == null ? null : target.thingId(), () -> ingest(topic, target, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the ingestion publishes nothing
        }
    }

    /** On a lane: decode, then the durable write and the acknowledgement, or the dead letter. */
    private void ingest(String topic, TopicScheme.Target target, MqttMessage message) {
        Decoder.Write write;
        try {
            write = decoder.decode(target, message.getPayload());
        } catch (Decoder.Rejected e) {
            park(topic, message, e.getMessage());
            return;
        } catch (DayuanException e) {
            // the registry refused or could not read the twin: as for a write, a 4xx is final, a 5xx is retried
            refusedOrUnavailable(topic, message, e);
            return;
        }
        Exchange exchange = merge.getEndpoint().createExchange();
        // the audit's origin, as when a camel-paho route made these writes
        exchange.adapt(ExtendedExchange.class).setFromRouteId(ROUTE);
        Message in = exchange.getIn();
        in.setHeader(TwinConstants.THING_ID, write.thingId().toString());
        in.setHeader(TwinConstants.PATH, "/features/" + write.feature() + "/properties");
        in.setBody(write.properties());
        try {
            merge.process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            stats.applied.incrementAndGet();
            ack(message);
        } catch (DayuanException e) {
            refusedOrUnavailable(topic, message, e);
        } catch (Exception e) {
            unavailable(e);
        }
    }

    private void refusedOrUnavailable(String topic, MqttMessage message, DayuanException e) {
        if (e.status() < 500) {
            park(topic, message, e.getMessage());
        } else {
            unavailable(e);
        }
    }

    private void park(String topic, MqttMessage message, String reason) {
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
