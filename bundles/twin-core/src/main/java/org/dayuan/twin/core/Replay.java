package org.dayuan.twin.core;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;

/**
 * {@link Events#apply} for the other packages of this bundle: history rebuilds past states by applying the journal's
 * events exactly as the write path and recovery applied them, never by logic of its own.
 */
public final class Replay {
    private Replay() {
    }

    /** The twin after {@code e}; {@code null} when {@code e} deletes it. {@code before} is null for a creation. */
    public static Twin apply(Twin before, TwinEvent e) {
        return Events.apply(before, e);
    }
}
