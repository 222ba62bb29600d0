package org.dayuan.ditto.bridge;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The bridge (PID {@code org.dayuan.ditto.bridge}); the distribution ships it disabled. */
@ObjectClassDefinition(name = "Dayuan Ditto bridge",
        description = "县市级联: mirrors the twins of chosen organisations to an upstream Ditto Protocol endpoint.")
@interface BridgeConfig {
    @AttributeDefinition(description = "Whether the bridge runs.")
    boolean enabled() default false;

    @AttributeDefinition(description = "The upstream's WebSocket base, ws:// or wss:// (the client adds /ws/2),"
            + " e.g. wss://ditto.city.example or ws://city-dayuan:8181.")
    String endpoint() default "ws://localhost:8181";

    @AttributeDefinition(description = "User name for HTTP Basic at the upstream (or the identifier of the bearer"
            + " token).")
    String username() default "";

    @AttributeDefinition(description = "Password for HTTP Basic.", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "A JSON Web Token to log in with instead of the password.",
            type = AttributeType.PASSWORD)
    String bearerToken() default "";

    @AttributeDefinition(description = "Trust store (JKS or PKCS12 file) for wss:// to an upstream whose certificate"
            + " the JVM does not trust; empty for the JVM's.")
    String trustStore() default "";

    @AttributeDefinition(description = "Password of the trust store.", type = AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Organisations (namespaces, exact, comma-separated) whose twins are mirrored.")
    String namespaces() default "";

    @AttributeDefinition(description = "Name of this county instance, recorded on every upstream copy"
            + " (attributes/dayuanSource/instance).")
    String source() default "";

    @AttributeDefinition(description = "Events held between the registry and the upstream; when full, the bridge"
            + " drops its subscription and resumes from its position.", min = "1")
    int queueSize() default 10000;

    @AttributeDefinition(description = "Commands in flight to the upstream at once.", min = "1", max = "10000")
    int window() default 64;

    @AttributeDefinition(description = "Milliseconds before the first reconnect; doubled after each failure.",
            min = "1")
    long retryInitialMillis() default 1000;

    @AttributeDefinition(description = "Most milliseconds between two reconnects.", min = "1")
    long retryMaxMillis() default 30000;

    @AttributeDefinition(description = "Seconds to connect and to wait for the upstream's answer to one command.",
            min = "1")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "File holding the journal position acknowledged upstream; empty for"
            + " ${karaf.data}/dayuan/ditto-bridge/position.")
    String positionFile() default "";
}
