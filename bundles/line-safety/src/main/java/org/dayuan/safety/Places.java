package org.dayuan.safety;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * Where a device is: its room and floor (from the {@code parent} chain) and the cameras that can show it, the ones in
 * its room or, when the room has none, the ones on its floor (in the corridor or in any room of that floor). What a
 * console needs to put a picture next to an alarm.
 */
public final class Places {
    public static final String ROOM = "dayuan:Room:1.0.0";
    public static final String FLOOR = "dayuan:Floor:1.0.0";
    public static final String CAMERA = "dayuan:Camera:1.0.0";

    private final TwinRegistry registry;
    private final TwinSearch search;

    public Places(TwinRegistry registry, TwinSearch search) {
        this.registry = registry;
        this.search = search;
    }

    /** The room and floor of a device; either may be absent (a device mounted on a floor has no room). */
    public record Place(Optional<TwinId> room, Optional<TwinId> floor, List<TwinId> cameras) {
    }

    public Place of(Caller caller, Twin device) {
        Optional<Twin> parent = parentOf(caller, device);
        Optional<Twin> room = parent.filter(p -> is(p, ROOM));
        Optional<Twin> floor = room.isPresent() ? room.flatMap(r -> parentOf(caller, r)).filter(p -> is(p, FLOOR))
                : parent.filter(p -> is(p, FLOOR));
        Set<TwinId> cameras = new LinkedHashSet<>();
        room.ifPresent(r -> cameras.addAll(camerasUnder(caller, r.id())));
        if (cameras.isEmpty() && floor.isPresent()) {
            cameras.addAll(camerasUnder(caller, floor.get().id()));
            for (Twin r : Searches.all(search, caller, "and(" + Searches.definition(ROOM) + ",eq(attributes/parent,"
                    + Searches.quote(floor.get().id().toString()) + "))")) {
                cameras.addAll(camerasUnder(caller, r.id()));
            }
        }
        return new Place(room.map(Twin::id), floor.map(Twin::id), List.copyOf(cameras));
    }

    private List<TwinId> camerasUnder(Caller caller, TwinId place) {
        return Searches.all(search, caller, "and(" + Searches.definition(CAMERA) + ",eq(attributes/parent,"
                + Searches.quote(place.toString()) + "))").stream().map(Twin::id).toList();
    }

    private Optional<Twin> parentOf(Caller caller, Twin twin) {
        return twin.parent().flatMap(p -> {
            try {
                return registry.get(caller, TwinId.of(p));
            } catch (RuntimeException e) { // a parent that is no thingId names no place
                return Optional.empty();
            }
        });
    }

    private static boolean is(Twin twin, String definition) {
        return twin.definition().filter(definition::equals).isPresent();
    }
}
