package org.dayuan.camel.twin;

/** What a {@code twin:} endpoint does; the first part of its URI. */
public enum TwinOperation {
    /** The twin, or the value at {@code path}, as JSON. */
    get,
    /** Puts the body at {@code path} (the whole twin when empty), creating it if absent. */
    put,
    /** Applies the body as an RFC 7396 merge patch at {@code path}. */
    merge,
    /** Sets feature property {@code property} of feature {@code feature} to the body. */
    setProperty,
    /** Deletes the twin or the value at {@code path}. */
    delete,
    /** One page of twins matching {@code filter}. */
    search,
    /** How many twins match {@code filter}. */
    count,
    /** The ids of the twin's children. */
    children,
    /** Consumer only: the registry's change events. */
    events
}
