package org.dayuan.itests;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device publishing to the distribution's embedded broker, as the itests play one. */
final class Mqtt implements AutoCloseable {
    /** The test device user of {@link Dist#USERS}: role device in cz.wujin. */
    static final String DEVICE = "wj-device";

    private final MqttClient client;

    /** Ingestion's status ({@code /api/dayuan/mqtt}), or a missing node while its servlet is re-registered. */
    static JsonNode status(Api api) {
        Api.Reply r = api.get("/api/dayuan/mqtt");
        return r.status() == 200 ? r.json() : MissingNode.getInstance();
    }

    /** Ingestion's status once it meets {@code condition}, polled for up to 30 s. */
    static JsonNode awaitStatus(Api api, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = status(api);
        while (!condition.test(last)) {
            assertTrue("MQTT status never reached the expected state: " + last, System.nanoTime() < deadline);
            Thread.sleep(100);
            last = status(api);
        }
        return last;
    }

    /** Test user {@link #DEVICE} on the embedded broker. */
    Mqtt(String clientId) throws MqttException {
        this(clientId, DEVICE, Dist.USER_PASSWORD);
    }

    /** {@code user} (null: anonymous) on the embedded broker. */
    Mqtt(String clientId, String user, String password) throws MqttException {
        this(embeddedBroker(), clientId, user, password);
    }

    Mqtt(String brokerUrl, String clientId) throws MqttException {
        this(brokerUrl, clientId, DEVICE, Dist.USER_PASSWORD);
    }

    Mqtt(String brokerUrl, String clientId, String user, String password) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        // A publish the broker drops (outside the user's organisations) is never acknowledged; do not wait forever.
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
    }

    static String embeddedBroker() {
        return "tcp://127.0.0.1:" + Integer.getInteger(Dist.MQTT_PORT_PROPERTY);
    }

    /** Publishes at QoS 1: returns once the broker has the message. */
    void publish(String topic, String json) throws MqttException {
        publish(topic, json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    @Override
    public void close() throws MqttException {
        // Publishes return once acknowledged; only one the broker dropped is still in flight, and it never ends.
        client.disconnect(1000);
        client.close();
    }
}
