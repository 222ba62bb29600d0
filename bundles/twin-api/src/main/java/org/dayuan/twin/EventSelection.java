package org.dayuan.twin;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which events a {@link TwinSubscriptions} subscriber wants, on top of what its caller may see: twins by id
 * ({@code ids}), by namespace ({@code namespaces}, exact), event {@code types}, and a {@code filter} on the twin (as
 * {@link TwinSearch#filter} compiles an RQL filter). An empty set means "all".
 *
 * <p>With a filter, an event is selected when its twin matches the filter right after it, except the deletion of a
 * whole twin: it is selected when the twin matched right before it, so a subscriber learns that a twin it followed
 * is gone.
 */
public record EventSelection(Set<TwinId> ids, Set<String> namespaces, Set<TwinEvent.Type> types,
                             Optional<Predicate<Twin>> filter) {
    /** Every event the caller may see. */
    public static final EventSelection ALL = new EventSelection(Set.of(), Set.of(), Set.of(), Optional.empty());

    public EventSelection {
        ids = Set.copyOf(ids);
        namespaces = Set.copyOf(namespaces);
        types = Set.copyOf(types);
    }

    /** Whether the event passes the ids, namespaces and types, judged from the event alone (not the filter). */
    public boolean selects(TwinEvent event) {
        return (ids.isEmpty() || ids.contains(event.thingId()))
                && (namespaces.isEmpty() || namespaces.contains(event.thingId().namespace()))
                && (types.isEmpty() || types.contains(event.type()));
    }
}
