package org.dayuan.twin.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan twin registry", description = "Limits and snapshot policy of the twin registry")
@interface RegistryConfig {
    @AttributeDefinition(name = "Largest twin (bytes)",
            description = "A write that would make a twin's JSON larger than this is refused with 413. Ditto's limit is 100 kB.",
            min = "1024")
    int maxThingBytes() default 102400;

    @AttributeDefinition(name = "Snapshot every (events)",
            description = "Take a snapshot after this many events, or after as many events as there are twins when"
                    + " that is more (a snapshot writes every twin), so a restart replays at most that many.",
            min = "100")
    int snapshotEvery() default 10000;

    @AttributeDefinition(name = "Commit timeout (seconds)",
            description = "How long a write waits for the store's commit. After it the write gets 503 and its twins"
                    + " refuse writes until the store has settled whether it was stored.", min = "1")
    int commitTimeoutSeconds() default 30;
}
