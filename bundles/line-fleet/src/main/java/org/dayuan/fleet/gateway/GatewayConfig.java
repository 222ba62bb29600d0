package org.dayuan.fleet.gateway;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan fleet line: JT/T 808 terminal gateway",
        description = "TCP server the vehicle terminals (车载终端) connect to with JT/T 808-2013 or -2019: registration, "
                + "authentication, heartbeats and location reports, written onto the vehicle twin whose terminalId "
                + "is the terminal's phone number.")
@interface GatewayConfig {
    @AttributeDefinition(description = "Whether the gateway listens at all.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Address the server binds; 0.0.0.0 to accept terminals on the network "
            + "(they come over the mobile network, usually through a firewall's port forward), 127.0.0.1 keeps it "
            + "local (simulator, tests, a front-end proxy).")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (7808: the standard fixes none; after its number, and free in the "
            + "distribution next to the fire panels' 9026).", min = "1", max = "65535")
    int port() default 7808;

    @AttributeDefinition(description = "Connections open at once; more are closed at once and logged. A county's "
            + "official vehicles are hundreds to a few thousand, each holding one connection.", min = "1")
    int maxConnections() default 5000;

    @AttributeDefinition(description = "Threads that apply reports to the twins. Each waits for its write to be "
            + "durable, and the store commits the writes waiting at once together, so more threads let more reports "
            + "share a commit; one connection's frames stay in order on one thread.", min = "1")
    int threads() default 256;

    @AttributeDefinition(description = "Seconds without any frame after which a connection is closed and its vehicle "
            + "marked offline. Terminals send a heartbeat (0x0002) every 60 s by default (parameter 0x0001), so three "
            + "missed heartbeats.", min = "1")
    int idleTimeoutSeconds() default 180;

    @AttributeDefinition(description = "Time zone of the terminals' BCD times: the standard says GMT+8 without an "
            + "offset on the wire.")
    String timeZone() default "Asia/Shanghai";

    @AttributeDefinition(description = "Most bytes of one frame on the wire, delimiters and escapes included; longer "
            + "runs without a 0x7E are refused and skipped. The default is the largest frame the standard allows "
            + "(1023 bytes of body, every byte escaped).", min = "15")
    int maxFrameBytes() default 2092;

    @AttributeDefinition(description = "Most sub-packets of one message (a 0x0704 batch of blind-area points comes "
            + "in several).", min = "1", max = "65535")
    int maxPackets() default 256;

    @AttributeDefinition(description = "Most body bytes of one message reassembled from sub-packets.", min = "1")
    int maxPacketBytes() default 262144;

    @AttributeDefinition(description = "Seconds a message's sub-packets are kept waiting for the missing ones.",
            min = "1")
    int packetTimeoutSeconds() default 60;
}
