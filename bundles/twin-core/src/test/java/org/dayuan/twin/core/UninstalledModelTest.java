package org.dayuan.twin.core;

import static org.dayuan.twin.core.models.ModelFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.models.ModelCatalog;
import org.dayuan.twin.core.models.ModelErrors;
import org.dayuan.twin.core.models.ModelValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twins of a type whose line stops: they stay readable, listed and deletable, and nothing in them is lost; a write
 * that would need the missing model is refused with 409 naming the model and the bundle, and changes nothing; once
 * the line is back, writes are checked and accepted again.
 */
class UninstalledModelTest {
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final String LINE = "org.acme.kettles";
    private static final TwinId KETTLE = TwinId.of("cz.wujin:kettle-1");
    private static final Map<String, String> MODELS = Map.of(
            "Kettle.tm.jsonld", "{\"dayuan:definition\":\"dayuan:Kettle:1.0.0\",\"title\":\"Kettle\","
                    + "\"links\":[{\"rel\":\"tm:submodel\",\"href\":\"./Boil.tm.jsonld\",\"instanceName\":\"boil\"}],"
                    + "\"properties\":{\"litres\":{\"type\":\"number\",\"maximum\":2}}}",
            "Boil.tm.jsonld", "{\"dayuan:definition\":\"dayuan:Boil:1.0.0\",\"title\":\"Boil\","
                    + "\"properties\":{\"on\":{\"type\":\"boolean\"}}}");

    private final ModelCatalog catalog = new ModelCatalog();
    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 100_000);

    @BeforeEach
    void installTheLineAndMakeAKettle() {
        catalog.add(LINE, MODELS);
        registry.addValidator(new ModelValidator(catalog));
        registry.create(C, KETTLE, (ObjectNode) json("{'definition':'dayuan:Kettle:1.0.0','attributes':{'litres':1.5},"
                + "'features':{'boil':{'definition':['dayuan:Boil:1.0.0'],'properties':{'on':false}}}}"));
    }

    private DayuanException refusedWrite() {
        return assertThrows(DayuanException.class, () -> registry.put(C, KETTLE,
                JsonPointer.of("attributes", "litres"), json("1.8"), WriteCondition.NONE));
    }

    @Test
    void withTheLineGoneTheKettleIsKeptReadableAndDeletableButNotWritable() {
        String before = registry.get(C, KETTLE).orElseThrow().toJson().toString();
        catalog.remove(LINE);

        assertEquals(before, registry.get(C, KETTLE).orElseThrow().toJson().toString(), "nothing is lost");
        assertEquals(List.of(KETTLE), registry.list(C).stream().map(t -> t.id()).toList());

        DayuanException e = refusedWrite();
        assertEquals(ModelErrors.MODEL_NOT_INSTALLED, e.errorCode());
        ObjectNode error = e.toJson();
        assertEquals(409, error.path("status").asInt());
        assertEquals("dayuan:model.notinstalled", error.path("error").asText());
        String message = error.path("message").asText();
        assertTrue(message.contains("dayuan:Kettle:1.0.0") && message.contains(LINE), message);
        assertTrue(error.path("description").asText().contains("Install"), error.toString());
        assertEquals(before, registry.get(C, KETTLE).orElseThrow().toJson().toString(),
                "the refused write changed nothing");

        DayuanException feature = assertThrows(DayuanException.class, () -> registry.put(C, KETTLE,
                JsonPointer.of("features", "boil", "properties", "on"), json("true"), WriteCondition.NONE));
        assertEquals(ModelErrors.MODEL_NOT_INSTALLED, feature.errorCode());

        registry.delete(C, KETTLE, JsonPointer.empty(), WriteCondition.NONE, false);
        assertTrue(registry.get(C, KETTLE).isEmpty());
    }

    @Test
    void aNewTwinOfAModelNeverInstalledIsStillABadRequest() {
        catalog.remove(LINE);
        DayuanException e = assertThrows(DayuanException.class, () -> registry.create(C, TwinId.of("cz.wujin:t"),
                (ObjectNode) json("{'definition':'dayuan:Toaster:1.0.0'}")));
        assertEquals(ModelErrors.MODEL_VIOLATION, e.errorCode());
        assertEquals(400, e.status());
    }

    @Test
    void whenTheLineIsBackWritesAreCheckedAndAcceptedAgain() {
        catalog.remove(LINE);
        refusedWrite();
        catalog.add(LINE, MODELS);
        registry.put(C, KETTLE, JsonPointer.of("attributes", "litres"), json("1.8"), WriteCondition.NONE);
        assertEquals(1.8, registry.get(C, KETTLE).orElseThrow().toJson().path("attributes").path("litres").asDouble());
        DayuanException tooMuch = assertThrows(DayuanException.class, () -> registry.put(C, KETTLE,
                JsonPointer.of("attributes", "litres"), json("3"), WriteCondition.NONE));
        assertEquals(ModelErrors.MODEL_VIOLATION, tooMuch.errorCode());
    }
}
