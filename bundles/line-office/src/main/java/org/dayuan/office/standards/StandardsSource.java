package org.dayuan.office.standards;

import java.util.function.Supplier;

/**
 * The standard the line applies now, as a service: the component that reads the standard's config registers it, and
 * whoever assesses rooms (the room card, the rules, the indicators) asks it at each use, so a config change reaches
 * them all without a restart and no one holds an outdated table.
 */
public interface StandardsSource extends Supplier<Standards> {
}
