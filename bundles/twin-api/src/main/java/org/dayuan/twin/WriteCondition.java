package org.dayuan.twin;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A check run inside the registry's write lock against the current state, before a write is applied: how
 * conditional requests ({@code If-Match}, {@code If-None-Match}) stay atomic. Throw a {@link DayuanException} to
 * refuse the write.
 */
@FunctionalInterface
public interface WriteCondition {
    WriteCondition NONE = (twin, value) -> { };

    /**
     * @param twin  the twin as it is now, empty when it does not exist
     * @param value the current value at the written path, empty when nothing is there
     */
    void check(Optional<Twin> twin, Optional<JsonNode> value);
}
