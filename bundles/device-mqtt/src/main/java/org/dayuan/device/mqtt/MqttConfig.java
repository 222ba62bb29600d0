package org.dayuan.device.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan MQTT device ingestion",
        description = "Subscribes to device topics on an MQTT broker and writes their readings into twin features")
@interface MqttConfig {
    @AttributeDefinition(description = "The broker: the embedded one (tcp://127.0.0.1:11883) or an external one,"
            + " e.g. tcp://127.0.0.1:1883 for a local Mosquitto; ssl://host:8883 for TLS.")
    String brokerUrl() default "tcp://127.0.0.1:11883";

    @AttributeDefinition(description = "Client id; the broker keeps this client's subscription and unacknowledged"
            + " messages while Dayuan is down, so keep it stable.")
    String clientId() default "dayuan-ingest";

    @AttributeDefinition(required = false, description = "User name at the broker. The embedded broker lets only"
            + " this user (its 'subscribers') read device topics.")
    String username() default "dayuan-ingest";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password at the broker."
            + " Empty: Dayuan keeps the user in its own realm with a random password in data/dayuan/mqtt/ingest.secret,"
            + " which is what the embedded broker needs. Set it for an external broker.")
    String password() default "";

    @AttributeDefinition(description = "Topic levels: {namespace} and {name} make the thingId, {feature} the feature"
            + " whose properties the JSON payload updates.")
    String topicPattern() default "dayuan/{namespace}/{name}/{feature}";

    @AttributeDefinition(description = "QoS of the subscription; with 1, a message is acknowledged to the broker only"
            + " once its write is durable (or it is parked as a dead letter).", min = "0", max = "1")
    int qos() default 1;

    @AttributeDefinition(description = "Writes in flight at once; messages of one twin always keep their order. The"
            + " broker's window of unacknowledged messages per client caps it too: 10 for the embedded broker,"
            + " max_inflight_messages (20 by default) for Mosquitto.", min = "1")
    int lanes() default 64;

    @AttributeDefinition(description = "Largest payload accepted; larger ones are dead letters.", min = "64")
    int maxPayloadBytes() default 16384;

    @AttributeDefinition(required = false, description = "Per device type: <definition>|<feature>|<field>=<property>"
            + "[:conversion],... Conversions: *factor, epochSeconds, epochMillis. Without a mapping the payload's"
            + " fields are the property names.")
    String[] mappings() default {};

    @AttributeDefinition(required = false, description = "Folder for refused messages; empty: data/dayuan/mqtt/"
            + "deadletter under Karaf's data folder.")
    String deadLetterDir() default "";

    @AttributeDefinition(description = "Seconds between attempts to reach the broker while it is unreachable.",
            min = "1")
    int retrySeconds() default 5;
}
