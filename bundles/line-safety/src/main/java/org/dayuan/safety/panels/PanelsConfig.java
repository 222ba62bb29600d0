package org.dayuan.safety.panels;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan safety line: fire panel gateway (GB/T 26875.3)",
        description = "TCP server the user-information transmission devices (用户信息传输装置) of the fire alarm panels "
                + "report to; every frame is answered (confirm / deny) and applied to the panel's twins and alarms.")
@interface PanelsConfig {
    @AttributeDefinition(description = "Whether the gateway listens at all.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Address the server binds; 0.0.0.0 to accept transmission devices on the "
            + "network, 127.0.0.1 keeps it local (simulator, tests, a front-end proxy).")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (9026: free in the distribution, after the standard's number).",
            min = "1", max = "65535")
    int port() default 9026;

    @AttributeDefinition(description = "Seconds without a good frame on a panel's link before a safety.link alarm "
            + "(GB 50440 asks for a link check at least every 2 h; transmission devices send far more often).",
            min = "1")
    int linkTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Connections open at once; more are closed at once and logged.", min = "1")
    int maxConnections() default 256;

    @AttributeDefinition(description = "Time zone of the panels' clocks: frames carry local time without an offset.")
    String timeZone() default "Asia/Shanghai";
}
