package org.dayuan.twin.core;

import java.util.Optional;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/** Told of each durable change with the twin right before and right after it (empty: did not exist, or deleted). */
@FunctionalInterface
public interface Announcer {
    void announce(TwinEvent event, Optional<Twin> before, Optional<Twin> after);
}
