package org.dayuan.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void relaysAPublishToASubscriberAndKeepsItsStoreOnDisk() throws Exception {
        int port = freePort();
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", port, 65536, dir.toFile());
        try {
            String url = "tcp://127.0.0.1:" + port;
            MqttClient subscriber = new MqttClient(url, "sub", new MemoryPersistence());
            MqttClient publisher = new MqttClient(url, "pub", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            subscriber.connect(options);
            publisher.connect(options);
            BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1);
            subscriber.subscribe("dayuan/#", 1, (topic, message) -> received.add(message.getPayload()));
            byte[] payload = "{\"reading\":1.5}".getBytes(StandardCharsets.UTF_8);
            publisher.publish("dayuan/cz.wujin/meter-1/energy", payload, 1, false);
            assertArrayEquals(payload, received.poll(10, TimeUnit.SECONDS));
            publisher.disconnect();
            subscriber.disconnect();
        } finally {
            broker.stop();
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isPresent(), "the broker keeps its store in the folder it was given");
        }
    }

    @Test
    void aPortInUseFailsWithAMessageNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            IOException e = assertThrows(IOException.class,
                    () -> new EmbeddedBroker("127.0.0.1", taken.getLocalPort(), 65536, null));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort() + ": the port is in use"), e.getMessage());
        }
    }
}
