package org.dayuan.simulator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan demo simulator",
        description = "Publishes readings of the demo county's meters over MQTT, with load shapes and faults")
@interface SimulatorConfig {
    @AttributeDefinition(description = "Run the simulator.")
    boolean enabled() default true;

    @AttributeDefinition(description = "The broker devices publish to; the embedded one by default.")
    String brokerUrl() default "tcp://127.0.0.1:11883";

    @AttributeDefinition(description = "User name at the broker: a user of role device whose organisations cover the"
            + " meters played (the embedded broker refuses anonymous clients and drops publishes outside them).")
    String username() default "demo-simulator";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of that user.")
    String password() default "";

    @AttributeDefinition(description = "Topic of a reading, as etc/org.dayuan.mqtt.cfg reads it.")
    String topicPattern() default "dayuan/{namespace}/{name}/{feature}";

    @AttributeDefinition(description = "RQL filter choosing the meter twins to play.")
    String meters() default "in(definition,\"dayuan:EnergyMeter:1.0.0\",\"dayuan:WaterMeter:1.0.0\")";

    @AttributeDefinition(description = "Days of history published at start (15-minute readings), so indicators and"
            + " alarms have data within a minute; 0 for none. Skipped for meters that already have recent readings.",
            min = "0")
    int backfillDays() default 7;

    @AttributeDefinition(description = "Minutes between readings of the backfill.", min = "1")
    int backfillStepMinutes() default 15;

    @AttributeDefinition(description = "Seconds between live readings of every meter.", min = "1")
    int intervalSeconds() default 60;

    @AttributeDefinition(description = "Largest number of messages published per second; 0: as fast as the broker"
            + " takes them.", min = "0")
    int maxRate() default 5000;

    @AttributeDefinition(description = "Faults to play: stuck, hvac_left_on, leak, spike, all, or none.")
    String faults() default "all";

    @AttributeDefinition(description = "Seed of the load shapes and faults; the same seed plays the same county.")
    long seed() default 42;

    @AttributeDefinition(description = "Scale of every load (1 = realistic).", min = "0")
    double scale() default 1.0;

    @AttributeDefinition(description = "Extra synthetic meters for load tests, created as twins in"
            + " syntheticNamespace if absent.", min = "0")
    int syntheticMeters() default 0;

    @AttributeDefinition(description = "Namespace of the synthetic meters.")
    String syntheticNamespace() default "load.test";

    @AttributeDefinition(description = "RQL filter choosing the fire-water sensors to play (feature tank); they"
            + " publish every intervalSeconds, inside their limits. An empty filter plays none.")
    String tanks() default "eq(definition,\"dayuan:WaterTankSensor:1.0.0\")";

    @AttributeDefinition(description = "Low scenario: every this many minutes one sensor is drained below its low"
            + " limit (the first one an hour after start); 0 for never.", min = "0")
    int tanks_lowEveryMinutes() default 60;

    @AttributeDefinition(description = "Low scenario: minutes the sensor stays below its low limit, fewer than"
            + " tanks.lowEveryMinutes.", min = "1")
    int tanks_lowForMinutes() default 10;

    @AttributeDefinition(description = "Low scenario: thingId of the sensor drained; empty for the first level"
            + " sensor found.")
    String tanks_lowSensor() default "";

    @AttributeDefinition(description = "Play the fire panels as GB/T 26875.3 transmission devices connecting to the"
            + " safety line's gateway (one TCP connection per panel).")
    boolean panels_enabled() default true;

    @AttributeDefinition(description = "RQL filter choosing the panel twins to play; each needs attributes"
            + " transmitter (12 hex digits) and panelNumber.")
    String panels_filter() default "eq(definition,\"dayuan:FireAlarmPanel:1.0.0\")";

    @AttributeDefinition(description = "RQL filter choosing the detector twins; a detector belongs to the panel named"
            + " in its attribute panel and is addressed by loop and address.")
    String panels_detectors() default "eq(definition,\"dayuan:FireDetector:1.0.0\")";

    @AttributeDefinition(description = "Host of the gateway (etc/org.dayuan.safety.panels.cfg).")
    String panels_host() default "127.0.0.1";

    @AttributeDefinition(description = "Port of the gateway (etc/org.dayuan.safety.panels.cfg).", min = "1",
            max = "65535")
    int panels_port() default 9026;

    @AttributeDefinition(description = "The monitoring centre's address, destination of every frame: 12 hex digits.")
    String panels_centre() default "000000000000";

    @AttributeDefinition(description = "Seconds without anything to report after which a link sends a link test"
            + " (send-data without data), so the gateway knows it is alive; below the gateway's linkTimeoutSeconds.", min = "1")
    int panels_keepAliveSeconds() default 60;

    @AttributeDefinition(description = "Seconds to wait for the gateway's confirm or deny before the link is taken"
            + " for broken and connected again.", min = "1")
    int panels_replyTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Longest wait between attempts to reach a gateway that is down (the wait"
            + " starts at 1 s and doubles).", min = "1")
    int panels_backoffMaxSeconds() default 60;

    @AttributeDefinition(description = "Every this many minutes a detector of a random panel goes to fire; 0 for"
            + " never.", min = "0")
    int panels_fireEveryMinutes() default 30;

    @AttributeDefinition(description = "Share of those fires that are false alarms (reset after"
            + " panels.falseAlarmResetSeconds); the others are real fires (reset after panels.fireResetMinutes).",
            min = "0", max = "1")
    double panels_falseAlarmShare() default 0.7;

    @AttributeDefinition(description = "Seconds after which a false alarm is reset at the panel.", min = "1")
    int panels_falseAlarmResetSeconds() default 90;

    @AttributeDefinition(description = "Minutes after which a real fire is reset at the panel.", min = "1")
    int panels_fireResetMinutes() default 30;

    @AttributeDefinition(description = "Every this many minutes a detector reports a fault; 0 for never.", min = "0")
    int panels_faultEveryMinutes() default 45;

    @AttributeDefinition(description = "Minutes a fault lasts.", min = "1")
    int panels_faultForMinutes() default 15;

    @AttributeDefinition(description = "thingId of the panel whose link goes silent now and then; empty for the last"
            + " panel played.")
    String panels_silentPanel() default "";

    @AttributeDefinition(description = "Every this many minutes the silent panel's link sends nothing for"
            + " panels.silentForMinutes; 0 for never.", min = "0")
    int panels_silentEveryMinutes() default 120;

    @AttributeDefinition(description = "Minutes the link stays silent; above the gateway's linkTimeoutSeconds to"
            + " raise its link alarm.", min = "1")
    int panels_silentForMinutes() default 10;

    @AttributeDefinition(description = "Play the official vehicles as JT/T 808 terminals connecting to the fleet"
            + " line's gateway (one TCP connection per vehicle), with ordered trips and unordered night trips.")
    boolean fleet_enabled() default true;

    @AttributeDefinition(description = "RQL filter choosing the vehicle twins to play; each needs attributes"
            + " terminalId (its terminal's phone number, at most 12 digits) and energyType, and a location.")
    String fleet_filter() default "eq(definition,\"dayuan:Vehicle:1.0.0\")";

    @AttributeDefinition(description = "Host of the gateway (etc/org.dayuan.fleet.gateway.cfg).")
    String fleet_host() default "127.0.0.1";

    @AttributeDefinition(description = "Port of the gateway (etc/org.dayuan.fleet.gateway.cfg).", min = "1",
            max = "65535")
    int fleet_port() default 7808;

    @AttributeDefinition(description = "Seconds between location reports of a car on a trip (ACC on).", min = "1")
    int fleet_reportSeconds() default 10;

    @AttributeDefinition(description = "Seconds between location reports of a parked car (ACC off); at least"
            + " fleet.reportSeconds.", min = "1")
    int fleet_parkedReportSeconds() default 300;

    @AttributeDefinition(description = "Seconds without anything to send after which a terminal sends a heartbeat.",
            min = "1")
    int fleet_heartbeatSeconds() default 60;

    @AttributeDefinition(description = "Seconds to wait for the gateway's answer before the connection is taken for"
            + " broken and made again.", min = "1")
    int fleet_replyTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Longest wait between attempts to reach a gateway that is down or refuses the"
            + " registration (the wait starts at 1 s and doubles).", min = "1")
    int fleet_backoffMaxSeconds() default 60;

    @AttributeDefinition(description = "Chance that a car makes an ordered trip in each of the three day slots of a"
            + " working day (08:00, 11:00, 14:00); its dispatch order is created fleet.orderLeadMinutes before.",
            min = "0", max = "1")
    double fleet_tripProbability() default 0.3;

    @AttributeDefinition(description = "Chance that one car makes a trip without an order in a night (22:00-03:00);"
            + " 0.4 is about three a week.", min = "0", max = "1")
    double fleet_nightTripProbability() default 0.4;

    @AttributeDefinition(description = "Average speed on a trip, km/h (each leg at 80-120 % of it).", min = "25",
            max = "80")
    double fleet_speedKmh() default 36.0;

    @AttributeDefinition(description = "Minutes before departure the dispatch order twin is created.", min = "0",
            max = "480")
    int fleet_orderLeadMinutes() default 30;
}
