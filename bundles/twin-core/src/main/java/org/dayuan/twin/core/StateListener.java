package org.dayuan.twin.core;

import java.util.Collection;

import org.dayuan.twin.Twin;

/**
 * Sees every change the registry makes visible, for in-bundle structures kept beside the twins (search indexes).
 * Called under the registry's locks, possibly from several writer threads at once for different twins: it must be
 * thread-safe, fast, and must never call back into a registry write.
 */
public interface StateListener {
    /** Called once when added, with every twin as it is then, before any {@link #changed} call. */
    void reset(Collection<Twin> all);

    /** One twin changed: {@code prior} is null when it was created, {@code next} null when it was deleted. */
    void changed(Twin prior, Twin next);
}
