package org.dayuan.itests;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device publishing to the distribution's embedded broker, as the itests play one. */
final class Mqtt implements AutoCloseable {
    private final MqttClient client;

    Mqtt(String clientId) throws MqttException {
        this("tcp://127.0.0.1:" + Integer.getInteger(Dist.MQTT_PORT_PROPERTY), clientId);
    }

    Mqtt(String brokerUrl, String clientId) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        client.connect(options);
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
        client.disconnect();
        client.close();
    }
}
