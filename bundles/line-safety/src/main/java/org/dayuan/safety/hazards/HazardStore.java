package org.dayuan.safety.hazards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.safety.Searches;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * Hazards as twins: carries {@link Hazards}' decisions to the registry as the caller. A step is computed from the
 * hazard as read and written only if the hazard is still at that revision (checked inside the registry's write
 * lock), so two steps at once cannot both pass from the same state or lose a log entry; a step that lost the race is
 * judged again against the hazard as it is now.
 */
public final class HazardStore {
    private static final ErrorCode RACE = new ErrorCode("safety:hazard.changed", 409,
            "The hazard changed while the step was written; the step is judged again.");
    private static final int ATTEMPTS = 5;

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Hazards hazards;

    public HazardStore(TwinRegistry registry, TwinSearch search, Hazards hazards) {
        this.registry = registry;
        this.search = search;
        this.hazards = hazards;
    }

    /** Reports a hazard as {@code caller}, in the namespace of its place: {@code <ns>:hazard-<random>}. */
    public Twin create(Caller caller, JsonNode body, Instant now) {
        ObjectNode thing = hazards.create(body, caller.subject(), now);
        TwinId parent = TwinId.of(thing.path(Twin.ATTRIBUTES).path("parent").asText());
        if (registry.get(caller, parent).isEmpty()) {
            throw ErrorCode.PARENT_NOT_FOUND.exception("There is no place " + parent + " to report a hazard at.");
        }
        TwinId id = TwinId.of(parent.namespace() + ":hazard-" + UUID.randomUUID().toString().substring(0, 13));
        return registry.create(caller, id, thing);
    }

    /** Takes one step ({@link Hazards#ACTIONS}) on a hazard as {@code caller}. */
    public Twin step(Caller caller, TwinId id, String action, JsonNode body, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Twin hazard = find(caller, id);
            ObjectNode patch = hazards.step(hazard, action, body, caller.subject(), now);
            long revision = hazard.revision();
            try {
                return registry.merge(caller, id, JsonPointer.of(Twin.ATTRIBUTES), patch, (twin, value) -> {
                    if (twin.isEmpty() || twin.get().revision() != revision) {
                        throw RACE.exception("The hazard " + id + " changed while '" + action + "' was written.");
                    }
                }).twin().orElseThrow();
            } catch (DayuanException e) {
                if (!RACE.equals(e.errorCode()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    public Twin find(Caller caller, TwinId id) {
        return registry.get(caller, id).filter(Hazards::isHazard)
                .orElseThrow(() -> ErrorCode.THING_NOT_FOUND.exception("There is no hazard " + id + "."));
    }

    /**
     * The hazards {@code caller} sees, oldest first, optionally only those in {@code state}, of one organisation
     * (namespace) and overdue or not.
     */
    public List<Twin> list(Caller caller, Optional<String> state, Optional<String> organisation,
                           Optional<Boolean> overdue) {
        List<String> terms = new ArrayList<>(List.of(Searches.definition(Hazards.DEFINITION)));
        state.ifPresent(s -> terms.add("eq(attributes/state," + Searches.quote(s) + ")"));
        List<Twin> out = Searches.all(search, caller, "and(" + String.join(",", terms) + ")");
        return out.stream()
                .filter(h -> organisation.map(o -> o.equals(h.id().namespace())).orElse(true))
                .filter(h -> overdue.map(o -> o == h.get(Hazards.OVERDUE).map(JsonNode::asBoolean).orElse(false))
                        .orElse(true))
                .sorted(java.util.Comparator.comparing((Twin h) -> h.get(JsonPointer.of(Twin.ATTRIBUTES, "foundAt"))
                        .map(JsonNode::asText).orElse("")).thenComparing(h -> h.id().toString()))
                .toList();
    }

    /** Sets {@code overdue} on every hazard whose flag no longer matches {@code now}; returns how many changed. */
    public int sweep(Caller caller, Instant now) {
        int changed = 0;
        for (Twin h : Searches.all(search, caller, Searches.definition(Hazards.DEFINITION))) {
            boolean should = Hazards.overdue(h, now);
            boolean is = h.get(Hazards.OVERDUE).map(JsonNode::asBoolean).orElse(false);
            if (should != is) {
                long revision = h.revision();
                try {
                    registry.merge(caller, h.id(), JsonPointer.of(Twin.ATTRIBUTES),
                            JsonNodeFactory.instance.objectNode().put("overdue", should), (twin, value) -> {
                                if (twin.isEmpty() || twin.get().revision() != revision) {
                                    throw RACE.exception("The hazard " + h.id() + " changed meanwhile.");
                                }
                            });
                    changed++;
                } catch (DayuanException e) {
                    if (!RACE.equals(e.errorCode())) {
                        throw e;
                    }
                    // a hazard stepped meanwhile carries its own flag; the next sweep looks again
                }
            }
        }
        return changed;
    }
}
