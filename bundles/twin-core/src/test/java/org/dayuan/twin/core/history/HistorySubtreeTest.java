package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.HistoryTest.C;
import static org.dayuan.twin.core.history.HistoryTest.assertHistoryNotFound;
import static org.dayuan.twin.core.history.HistoryTest.fails;
import static org.dayuan.twin.core.history.Script.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.dayuan.twin.Subtree;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** A whole subtree as it was at an instant, to replay an incident: the tree of then, not of now. */
class HistorySubtreeTest {
    final Script script = new Script();

    /**
     * At minute 0: campus with buildings b1, b2; floor f1 in b1; room r1 on f1. Minute 10: f1 moves to b2.
     * Minute 20: b1 is deleted. Minute 30: r1's alarm goes off.
     */
    History campus() {
        script.create("cz.wujin:campus", minute(0), "{}");
        script.create("cz.wujin:b1", minute(0), "{'attributes':{'parent':'cz.wujin:campus'}}");
        script.create("cz.wujin:b2", minute(0), "{'attributes':{'parent':'cz.wujin:campus'}}");
        script.create("cz.wujin:f1", minute(0), "{'attributes':{'parent':'cz.wujin:b1'}}");
        script.create("cz.wujin:r1", minute(0), "{'attributes':{'parent':'cz.wujin:f1','alarm':false}}");
        script.put("cz.wujin:f1", "/attributes/parent", minute(10), "'cz.wujin:b2'");
        script.delete("cz.wujin:b1", "/", minute(20));
        script.merge("cz.wujin:r1", "/attributes", minute(30), "{'alarm':true}");
        return script.history(minute(60));
    }

    static List<String> ids(Subtree s) {
        return s.descendants().stream().map(t -> t.id().toString()).toList();
    }

    static Subtree at(History h, String root, Instant instant, int depth) {
        return h.subtreeAt(C, TwinId.of(root), instant, depth);
    }

    @Test
    void theTreeIsTheOneOfThatInstant() {
        History h = campus();
        assertEquals(List.of("cz.wujin:b1", "cz.wujin:b2", "cz.wujin:f1", "cz.wujin:r1"),
                ids(at(h, "cz.wujin:campus", minute(5), 0)));
        assertEquals(List.of("cz.wujin:f1", "cz.wujin:r1"), ids(at(h, "cz.wujin:b1", minute(5), 0)));
        assertEquals(List.of(), ids(at(h, "cz.wujin:b2", minute(5), 0)));
        assertEquals(List.of("cz.wujin:f1", "cz.wujin:r1"), ids(at(h, "cz.wujin:b2", minute(15), 0)));
        assertEquals(List.of(), ids(at(h, "cz.wujin:b1", minute(15), 0)));
    }

    @Test
    void depthLimitsTheLevels() {
        History h = campus();
        assertEquals(List.of("cz.wujin:b1", "cz.wujin:b2"), ids(at(h, "cz.wujin:campus", minute(5), 1)));
        assertEquals(List.of("cz.wujin:b1", "cz.wujin:b2", "cz.wujin:f1"), ids(at(h, "cz.wujin:campus", minute(5), 2)));
    }

    @Test
    void twinsAreInTheirStateOfThatInstant() {
        History h = campus();
        Subtree before = at(h, "cz.wujin:b2", minute(29), 0);
        Subtree after = at(h, "cz.wujin:b2", minute(31), 0);
        Twin roomBefore = before.descendants().get(1);
        assertEquals(false, roomBefore.get(org.dayuan.twin.JsonPointer.parse("/attributes/alarm")).get().asBoolean());
        assertEquals(true, after.descendants().get(1).get(org.dayuan.twin.JsonPointer.parse("/attributes/alarm"))
                .get().asBoolean());
        assertEquals(minute(10), before.descendants().get(0).modified());
        assertEquals("cz.wujin:b2", before.root().id().toString());
    }

    @Test
    void aRootThatDidNotExistThenIsNotFound() {
        History h = campus();
        assertHistoryNotFound(fails(() -> at(h, "cz.wujin:b1", minute(25), 0)), "did not exist");
        assertHistoryNotFound(fails(() -> at(h, "cz.wujin:campus", minute(-1), 0)), "did not exist");
        assertHistoryNotFound(fails(() -> at(h, "cz.wujin:campus", minute(61), 0)), "in the future");
    }
}
