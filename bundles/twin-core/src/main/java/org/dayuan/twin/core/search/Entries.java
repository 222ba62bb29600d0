package org.dayuan.twin.core.search;

/** Looks twins up by thingId, so a filter can walk up the containment tree ({@code _ancestors}). */
@FunctionalInterface
interface Entries {
    /** The entry of twin {@code id}, or null when there is none. */
    Entry entry(String id);
}
