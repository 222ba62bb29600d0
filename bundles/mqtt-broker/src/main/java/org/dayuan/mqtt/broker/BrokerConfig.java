package org.dayuan.mqtt.broker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan embedded MQTT broker",
        description = "An MQTT 3.1.1 broker (Moquette) inside Karaf, for counties without a broker of their own")
@interface BrokerConfig {
    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 for every interface, 127.0.0.1 for this"
            + " machine only.")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port for MQTT. Not 1883 by default, so the embedded broker starts even"
            + " where another broker (e.g. Mosquitto) already holds the standard port.", min = "1", max = "65535")
    int port() default 11883;

    @AttributeDefinition(description = "Largest MQTT message accepted, in bytes.", min = "256")
    int maxMessageBytes() default 65536;

    @AttributeDefinition(description = "Keep sessions and queued QoS 1/2 messages on disk across restarts.")
    boolean persistent() default true;

    @AttributeDefinition(description = "Topic levels of device readings, as etc/org.dayuan.mqtt.cfg reads them: a"
            + " client may publish only to topics of this shape whose {namespace} its user's organisations cover.")
    String topicPattern() default "dayuan/{namespace}/{name}/{feature}";

    @AttributeDefinition(description = "Users of the realm that may subscribe (read every device's readings): the"
            + " ingestion's service user (username in etc/org.dayuan.mqtt.cfg).")
    String[] subscribers() default {"dayuan-ingest"};

    @AttributeDefinition(description = "Folder for the broker's store; empty: data/dayuan/mqtt-broker under Karaf's"
            + " data folder.")
    String dataDir() default "";
}
