package org.dayuan.twin;

import java.util.List;
import java.util.Optional;

/**
 * What an accepted write did: the twin afterwards (empty when it was deleted), whether the written resource was
 * created rather than changed, and the events it produced, already durable ({@link TwinRegistry#checkAll} answers
 * with the events a write would produce, which have no journal position yet).
 */
public record WriteResult(Optional<Twin> twin, boolean created, List<TwinEvent> events) {
    public WriteResult {
        events = List.copyOf(events);
    }
}
