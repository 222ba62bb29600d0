package org.dayuan.twin.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan twin subscriptions",
        description = "How far back a subscriber (an SSE client with Last-Event-ID, a line) may resume")
@interface SubscriptionsConfig {
    @AttributeDefinition(name = "Most events replayed on resume",
            description = "A subscriber that resumes further back than this many journal events (counted whether or"
                    + " not they are for it) gets a reset and only new events: it should read the twins again.",
            min = "0")
    int maxResumeEvents() default 10000;
}
