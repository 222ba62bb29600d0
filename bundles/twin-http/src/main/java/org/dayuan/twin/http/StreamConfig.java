package org.dayuan.twin.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan change streams",
        description = "Server-Sent Events on /api/2/things: limits that keep slow clients from slowing writers")
@interface StreamConfig {
    @AttributeDefinition(name = "Most open streams", description = "Further stream requests get 503.", min = "1")
    int maxClients() default 256;

    @AttributeDefinition(name = "Most open streams per user",
            description = "A user (login name or service identity) with this many streams open gets 503 for another"
                    + " one; other users still connect.", min = "1")
    int maxClientsPerUser() default 16;

    @AttributeDefinition(name = "Events buffered per client",
            description = "A client this far behind is told so in an 'overflow' event and disconnected; it may"
                    + " reconnect with Last-Event-ID to resume.", min = "16")
    int clientBufferEvents() default 10000;

    @AttributeDefinition(name = "Heartbeat (seconds)",
            description = "An SSE comment is sent when nothing was written to a stream for this long, so proxies keep"
                    + " it open and a client that has gone is noticed (within about twice this) and its stream"
                    + " ended.", min = "1")
    int heartbeatSeconds() default 5;
}
