package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.HistoryTest.C;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.Test;

/** Every state the registry acknowledged is the state history gives back, whatever kind of write made it. */
class HistoryOfRegistryWritesTest {
    final MemoryJournal journal = new MemoryJournal();
    final Registry registry = new Registry(journal, e -> { }, 100_000);
    final History history = new History(journal, registry, Clock.systemUTC());
    final TwinId room = TwinId.of("cz.wujin:room-305");
    final List<Twin> acknowledged = new ArrayList<>();

    void keep(WriteResult result) {
        acknowledged.add(result.twin().orElseThrow());
    }

    static ObjectNode thing(String json) {
        return (ObjectNode) Script.json(json);
    }

    @Test
    void historyGivesBackEveryAcknowledgedState() {
        registry.create(C, TwinId.of("cz.wujin:campus"), thing("{}"));
        acknowledged.add(registry.create(C, room, thing(
                "{'attributes':{'parent':'cz.wujin:campus','area':18},'features':{'env':{'properties':{'t':20}}}}")));
        keep(registry.put(C, room, JsonPointer.parse("/features/env/properties/t"), Script.json("21.5"),
                WriteCondition.NONE));
        keep(registry.merge(C, room, JsonPointer.parse("/features/env/properties"), Script.json("{'t':null,'rh':40}"),
                WriteCondition.NONE));
        keep(registry.delete(C, room, JsonPointer.parse("/attributes/area"), WriteCondition.NONE, false));
        keep(registry.put(C, room, JsonPointer.empty(), thing("{'attributes':{'parent':'cz.wujin:campus'}}"),
                WriteCondition.NONE));

        for (Twin t : acknowledged) {
            assertEquals(t, history.atRevision(C, room, t.revision()));
            assertEquals(t, history.atInstant(C, room, t.modified().plusNanos(1)));
        }
        List<Twin> streamed = new ArrayList<>();
        history.changes(C, room, new HistoryRange.Revisions(1, Long.MAX_VALUE),
                c -> streamed.add(c.twin().orElseThrow()));
        assertEquals(acknowledged, streamed);
    }
}
