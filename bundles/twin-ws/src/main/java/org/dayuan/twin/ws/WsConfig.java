package org.dayuan.twin.ws;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan Ditto WebSocket",
        description = "Limits of the Ditto Protocol endpoint /ws/2, so that slow or greedy clients slow no one else")
@interface WsConfig {
    @AttributeDefinition(name = "Most open connections", description = "Further upgrades get 503.", min = "1")
    int maxConnections() default 256;

    @AttributeDefinition(name = "Most open connections per user",
            description = "A user (login name) with this many connections open gets 503 for another one.", min = "1")
    int maxConnectionsPerUser() default 16;

    @AttributeDefinition(name = "Largest message (bytes)",
            description = "A text message larger than this gets one error envelope (413) and changes nothing; one"
                    + " larger than four times this closes the connection (1009).", min = "1024")
    int maxFrameBytes() default 262144;

    @AttributeDefinition(name = "Messages queued per connection",
            description = "A client this far behind in reading (events, responses) is disconnected with close code"
                    + " 1013 and a reason saying so.", min = "16")
    int queueMessages() default 10000;

    @AttributeDefinition(name = "Search subscriptions per connection",
            description = "Open search subscriptions one connection may hold; another gets a 429 error.", min = "1")
    int maxSearchesPerConnection() default 16;

    @AttributeDefinition(name = "Idle timeout (seconds)",
            description = "A connection that neither sends nor receives for this long is closed.", min = "10")
    int idleTimeoutSeconds() default 300;
}
