package org.dayuan.twin.core;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.models.ModelErrors;
import org.dayuan.twin.core.models.ModelFixtures;
import org.dayuan.twin.core.models.ModelFixtures.Mutation;
import org.dayuan.twin.core.models.ModelValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model validation on the registry's write path: for a valid twin of every type, every single-value change its
 * models forbid is refused with 400 naming the path, whether sent as a whole twin, as a PUT (or DELETE) of the
 * value, or as a merge patch, and the refused write leaves the twin and the journal as they were.
 */
class ModelValidationRegistryTest {
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    /** A twin without a definition, the parent of the campus. */
    private static final TwinId ROOT = TwinId.of("cz.wujin:root");
    private static final TwinId CAMPUS = TwinId.of("cz.wujin:campus");
    private static final ModelValidator VALIDATOR = new ModelValidator(ModelFixtures.CORE);

    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 100_000);

    /** One way to send a change to the registry. */
    private record Write(String name, Function<Mutation, Runnable> send) {
    }

    @BeforeEach
    void attachValidatorAndCreateTheParent() {
        registry.addValidator(VALIDATOR);
        registry.create(C, ROOT, (ObjectNode) json("{}"));
        registry.create(C, CAMPUS, ModelFixtures.validTwin(Models.CAMPUS, CAMPUS.toString(), ROOT.toString()));
    }

    private Twin create(String type) {
        if (type.equals(Models.CAMPUS)) {
            return registry.get(C, CAMPUS).orElseThrow();
        }
        TwinId id = TwinId.of("cz.wujin:" + type.toLowerCase());
        return registry.create(C, id, ModelFixtures.validTwin(type, id.toString(), CAMPUS.toString()));
    }

    private List<Write> writes(Twin twin) {
        ObjectNode json = twin.toJson();
        return List.of(
                new Write("PUT thing", m -> () -> registry.put(C, twin.id(), JsonPointer.empty(), m.applyTo(json),
                        WriteCondition.NONE)),
                new Write("PUT or DELETE value", m -> () -> {
                    JsonPointer at = m.writablePath(json);
                    if (m.removes() && at.equals(m.path())) {
                        registry.delete(C, twin.id(), at, WriteCondition.NONE, false);
                    } else {
                        registry.put(C, twin.id(), at, valueAt(m.applyTo(json), at), WriteCondition.NONE);
                    }
                }),
                new Write("PATCH", m -> () -> {
                    JsonPointer at = m.writablePath(json);
                    JsonNode value = m.removes() && at.equals(m.path()) ? JsonNodeFactory.instance.nullNode()
                            : valueAt(m.applyTo(json), at);
                    registry.merge(C, twin.id(), JsonPointer.empty(), wrap(at, value), WriteCondition.NONE);
                }));
    }

    private static JsonNode valueAt(ObjectNode json, JsonPointer at) {
        return json.at(at.toString());
    }

    /** The merge patch that sets {@code value} at {@code at}. */
    private static JsonNode wrap(JsonPointer at, JsonNode value) {
        JsonNode patch = value;
        for (int i = at.size() - 1; i >= 0; i--) {
            patch = JsonNodeFactory.instance.objectNode().set(at.get(i), patch);
        }
        return patch;
    }

    @Test
    void everyForbiddenChangeIsRefusedNamingItsPathAndChangesNothing() {
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (String type : ModelFixtures.thingTypes()) {
            Twin before = create(type);
            int events = journal.events.size();
            for (Mutation m : ModelFixtures.mutations(before.toJson())) {
                for (Write w : writes(before)) {
                    DayuanException e = assertThrows(DayuanException.class, w.send().apply(m)::run,
                            () -> w.name() + " " + before.id() + " " + m);
                    String message = e.getMessage();
                    if (e.errorCode() != ModelErrors.MODEL_VIOLATION || e.status() != 400
                            || !message.contains(" at " + m.path() + " ") || !message.contains("'" + m.rule())) {
                        failures.add(w.name() + " " + before.id() + " " + m + ": " + e.errorCode() + " " + message);
                    }
                    refused++;
                }
            }
            assertEquals(before, registry.get(C, before.id()).orElseThrow(), "refused writes change nothing");
            assertEquals(events, journal.events.size(), "refused writes journal nothing");
        }
        assertEquals(List.of(), failures);
        assertTrue(refused >= 200, refused + " refused writes");
    }

    @Test
    void validWritesToTheSameTwinsStillWork() {
        Twin room = create(Models.ROOM);
        TwinId id = room.id();
        registry.put(C, id, JsonPointer.empty(), room.toJson(), WriteCondition.NONE);
        registry.put(C, id, JsonPointer.parse("/attributes/usableArea"), json("18.5"), WriteCondition.NONE);
        registry.merge(C, id, JsonPointer.empty(), json("{'attributes':{'status':'underRepair','note':'漏水'}}"),
                WriteCondition.NONE);
        Twin after = registry.get(C, id).orElseThrow();
        assertEquals(room.revision() + 3, after.revision());
        assertEquals("underRepair", after.get(JsonPointer.parse("/attributes/status")).orElseThrow().asText());
    }

    @Test
    void aTwinCanBeBuiltInStepsWithItsDefinitionSetLast() {
        TwinId id = TwinId.of("cz.wujin:steps");
        registry.create(C, id, (ObjectNode) json("{}"));
        registry.put(C, id, JsonPointer.parse("/attributes/name"), json("'305 室'"), WriteCondition.NONE);
        registry.put(C, id, JsonPointer.parse("/attributes/parent"), json("'" + CAMPUS + "'"), WriteCondition.NONE);
        registry.put(C, id, JsonPointer.parse("/features/occupancy"), json("{'properties':{'occupied':false}}"),
                WriteCondition.NONE);
        registry.put(C, id, JsonPointer.parse("/definition"), json("'dayuan:ParkingSpace:1.0.0'"), WriteCondition.NONE);
        assertEquals(ModelErrors.MODEL_VIOLATION, assertThrows(DayuanException.class, () -> registry.put(C, id,
                JsonPointer.parse("/features/occupancy/properties/occupied"), json("1"), WriteCondition.NONE))
                .errorCode());
        assertEquals(5, registry.get(C, id).orElseThrow().revision());
    }
}
