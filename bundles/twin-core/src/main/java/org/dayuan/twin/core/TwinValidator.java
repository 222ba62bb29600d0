package org.dayuan.twin.core;

import org.dayuan.twin.Twin;

/**
 * Checks a twin as a write would leave it, before the write is journalled; throws a
 * {@link org.dayuan.twin.DayuanException} to refuse the write, which then changes nothing.
 */
@FunctionalInterface
public interface TwinValidator {
    void validate(Twin next);
}
