package org.dayuan.twin.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan change streams",
        description = "Server-Sent Events on /api/2/things: limits that keep slow clients from slowing writers")
@interface StreamConfig {
    @AttributeDefinition(name = "Most open streams", description = "Further stream requests get 503.", min = "1")
    int maxClients() default 256;

    @AttributeDefinition(name = "Events buffered per client",
            description = "A client this far behind is told so in an 'overflow' event and disconnected; it may"
                    + " reconnect with Last-Event-ID to resume.", min = "16")
    int clientBufferEvents() default 10000;

    @AttributeDefinition(name = "Most events replayed on resume",
            description = "A client that resumes further back than this gets a 'reset' event and only new events:"
                    + " it should read the twins again.", min = "0")
    int maxResumeEvents() default 100000;

    @AttributeDefinition(name = "Heartbeat (seconds)",
            description = "An SSE comment is sent this often on idle streams so proxies keep them open.", min = "1")
    int heartbeatSeconds() default 25;
}
