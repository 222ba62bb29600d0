package org.dayuan.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.dayuan.auth.PasswordLogin;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    private static final String PATTERN = "dayuan/{namespace}/{name}/{feature}";
    private static final byte[] READING = "{\"reading\":1.5}".getBytes(StandardCharsets.UTF_8);

    /** A realm of three users, as Karaf's would answer. */
    private static final PasswordLogin REALM = (user, password, origin) -> {
        Map<String, List<String>> grants = Map.of(
                "ingest", List.of(),
                "wujin-device", List.of("device", "ns:cz.wujin"),
                "wujin-viewer", List.of("viewer", "ns:cz.wujin"));
        if (!grants.containsKey(user) || !password.equals(user + "-pw")) {
            throw ErrorCode.UNAUTHENTICATED.exception("The user name or the password is wrong.");
        }
        return Caller.fromGrants(user, grants.get(user), origin);
    };

    @TempDir
    Path dir;
    private int port;
    private EmbeddedBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private EmbeddedBroker start(File store) throws IOException {
        return new EmbeddedBroker("127.0.0.1", port, 65536, store,
                new DeviceAccess(REALM, PATTERN, Set.of("ingest")));
    }

    private MqttClient connect(String id, String user, String password, boolean cleanSession) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        client.setTimeToWait(2000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    private static BlockingQueue<String> subscribe(MqttClient client) throws MqttException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.subscribe("dayuan/#", 1, (topic, message) -> received.add(topic));
        return received;
    }

    @Test
    void relaysAPublishToASubscriberAndKeepsItsStoreOnDisk() throws Exception {
        port = freePort();
        broker = start(dir.toFile());
        MqttClient subscriber = connect("sub", "ingest", "ingest-pw", true);
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        subscriber.subscribe("dayuan/#", 1, (topic, message) -> received.add(message.getPayload()));
        MqttClient publisher = connect("pub", "wujin-device", "wujin-device-pw", true);
        publisher.publish("dayuan/cz.wujin/meter-1/energy", READING, 1, false);
        assertArrayEquals(READING, received.poll(10, TimeUnit.SECONDS));
        publisher.disconnect();
        subscriber.disconnect();
        broker.stop();
        broker = null;
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isPresent(), "the broker keeps its store in the folder it was given");
        }
    }

    @Test
    void refusesAnonymousClientsAndWrongPasswords() throws Exception {
        port = freePort();
        broker = start(null);
        MqttException anonymous = assertThrows(MqttException.class, () -> connect("anon", null, null, true));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, anonymous.getReasonCode(), anonymous.toString());
        MqttException wrong = assertThrows(MqttException.class,
                () -> connect("dev", "wujin-device", "guess", true));
        // MQTT 3.1.1 return code 4, "bad user name or password"
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrong.getReasonCode(), wrong.toString());
        MqttException unknown = assertThrows(MqttException.class, () -> connect("x", "nobody", "nobody-pw", true));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, unknown.getReasonCode(), unknown.toString());
    }

    @Test
    void aDevicePublishesOnlyInsideItsOrganisationsAndReadsNothing() throws Exception {
        port = freePort();
        broker = start(null);
        BlockingQueue<String> ingested = subscribe(connect("sub", "ingest", "ingest-pw", true));
        MqttClient device = connect("dev", "wujin-device", "wujin-device-pw", true);
        MqttException refused = assertThrows(MqttException.class, () -> subscribe(device));
        assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode(), "a device reads nothing");
        MqttClient viewer = connect("view", "wujin-viewer", "wujin-viewer-pw", true);

        // Dropped by the broker: another organisation, a sibling namespace that merely shares the prefix, a topic
        // that is no device topic, and a user whose role may not write.
        for (String topic : List.of("dayuan/cz.xinbei/meter-1/energy", "dayuan/cz.wujinx/meter-1/energy",
                "other/cz.wujin/meter-1/energy", "dayuan/cz.wujin/meter-1/energy/extra")) {
            publishIgnoringDrop(device, topic);
        }
        publishIgnoringDrop(viewer, "dayuan/cz.wujin/meter-1/energy");
        // Let through: its own organisation and the subtree below it.
        device.publish("dayuan/cz.wujin/meter-1/energy", READING, 1, false);
        device.publish("dayuan/cz.wujin.hutang/meter-2/energy", READING, 1, false);

        assertEquals("dayuan/cz.wujin/meter-1/energy", ingested.poll(10, TimeUnit.SECONDS));
        assertEquals("dayuan/cz.wujin.hutang/meter-2/energy", ingested.poll(10, TimeUnit.SECONDS));
        assertNull(ingested.poll(1, TimeUnit.SECONDS), "nothing else reached the subscriber: " + ingested);
    }

    /** Moquette drops a refused QoS 1 publish without an acknowledgement; the client's wait times out. */
    private static void publishIgnoringDrop(MqttClient client, String topic) {
        try {
            client.publish(topic, READING, 1, false);
        } catch (MqttException e) {
            assertEquals(MqttException.REASON_CODE_CLIENT_TIMEOUT, e.getReasonCode(), e.toString());
        }
    }

    @Test
    void aPersistentSubscriptionSurvivesARestart() throws Exception {
        port = freePort();
        broker = start(dir.toFile());
        MqttClient subscriber = connect("sub", "ingest", "ingest-pw", false);
        subscriber.subscribe("dayuan/#", 1);
        subscriber.disconnect();
        subscriber.close();
        broker.stop();

        broker = start(dir.toFile());
        MqttClient device = connect("dev", "wujin-device", "wujin-device-pw", true);
        device.publish("dayuan/cz.wujin/meter-1/energy", READING, 1, false);
        // The subscription kept on disk delivers the message published while the subscriber was away.
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient back = new MqttClient("tcp://127.0.0.1:" + port, "sub", new MemoryPersistence());
        back.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                received.add(topic);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setUserName("ingest");
        options.setPassword("ingest-pw".toCharArray());
        back.connect(options);
        assertEquals("dayuan/cz.wujin/meter-1/energy", received.poll(10, TimeUnit.SECONDS));
        back.disconnect();
        device.disconnect();
    }

    @Test
    void aPortInUseFailsWithAMessageNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            port = taken.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> start(null));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort() + ": the port is in use"), e.getMessage());
        }
    }

    @Test
    public void subscribersWrittenAsOneCommaSeparatedLineAreSeveralUsers() {
        assertEquals(Set.of("dayuan-ingest", "admin"), EmbeddedBroker.users(new String[] {"dayuan-ingest, admin"}));
        assertEquals(Set.of("dayuan-ingest"), EmbeddedBroker.users(new String[] {"dayuan-ingest"}));
    }
}
