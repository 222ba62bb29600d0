package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.Script.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinChange;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** Twins at revisions and instants, and the changes between them, on Ditto's terms. */
class HistoryTest {
    static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final String METER = "cz.wujin.hist:meter";
    static final String LAMP = "cz.wujin.hist:lamp";
    static final JsonPointer POWER = JsonPointer.parse("/features/energy/properties/power");
    static final JsonPointer ON = JsonPointer.parse("/attributes/on");
    final Script script = new Script();

    /** The meter: power 0 at minute 0, 10 at minute 1, 20 at minute 5 (revisions 1 to 3). */
    History meter() {
        script.create(METER, minute(0), "{'features':{'energy':{'properties':{'power':0}}}}");
        script.put(METER, POWER.toString(), minute(1), "10");
        script.put(METER, POWER.toString(), minute(5), "20");
        return script.history(minute(60));
    }

    /** The lamp: on at minute 0, off at 1, deleted at 2, created again at 3 (revisions 1, 2, 3, then 1). */
    History lamp() {
        script.create(LAMP, minute(0), "{'attributes':{'on':true}}");
        script.put(LAMP, ON.toString(), minute(1), "false");
        script.delete(LAMP, "/", minute(2));
        script.create(LAMP, minute(3), "{'attributes':{'on':'again'}}");
        return script.history(minute(60));
    }

    static int power(Twin t) {
        return t.get(POWER).orElseThrow().asInt();
    }

    static DayuanException fails(Runnable r) {
        return assertThrows(DayuanException.class, r::run);
    }

    static void assertHistoryNotFound(DayuanException e, String why) {
        assertEquals(404, e.status());
        assertEquals(HistoryErrors.CODE, e.errorCode());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(HistoryErrors.DESCRIPTION, e.description());
    }

    @Test
    void atRevisionRebuildsThatRevision() {
        History h = meter();
        Twin two = h.atRevision(C, TwinId.of(METER), 2);
        assertEquals(2, two.revision());
        assertEquals(10, power(two));
        assertEquals(minute(1), two.modified());
        assertEquals(minute(0), two.created());
        assertEquals(20, power(h.atRevision(C, TwinId.of(METER), 3)));
    }

    @Test
    void revisionsThatNeverWereAreNotFoundAndNegativeOnesInvalid() {
        History h = meter();
        assertHistoryNotFound(fails(() -> h.atRevision(C, TwinId.of(METER), 4)), "at revision '4'");
        assertHistoryNotFound(fails(() -> h.atRevision(C, TwinId.of(METER), 0)), "at revision '0'");
        assertEquals(ErrorCode.PARAMETER_INVALID, fails(() -> h.atRevision(C, TwinId.of(METER), -1)).errorCode());
        DayuanException unknown = fails(() -> h.atRevision(C, TwinId.of("cz.wujin.hist:none"), 1));
        assertEquals(ErrorCode.THING_NOT_FOUND, unknown.errorCode());
        assertTrue(!unknown.getMessage().contains("at revision"), "an unknown twin is plainly not found");
    }

    @Test
    void anInstantBetweenRevisionsGivesTheEarlierOne() {
        History h = meter();
        assertEquals(10, power(h.atInstant(C, TwinId.of(METER), minute(3))));
        assertEquals(20, power(h.atInstant(C, TwinId.of(METER), minute(59))));
    }

    @Test
    void aChangeStampedExactlyAtTheInstantIsNotIncludedAsInDitto() {
        History h = meter();
        assertEquals(0, power(h.atInstant(C, TwinId.of(METER), minute(1))));
        assertEquals(10, power(h.atInstant(C, TwinId.of(METER), minute(1).plusNanos(1))));
    }

    @Test
    void instantsBeforeCreationOrInTheFutureHaveNoState() {
        History h = meter();
        assertHistoryNotFound(fails(() -> h.atInstant(C, TwinId.of(METER), minute(-1))), "did not exist");
        assertHistoryNotFound(fails(() -> h.atInstant(C, TwinId.of(METER), minute(61))), "in the future");
        assertEquals(ErrorCode.THING_NOT_FOUND,
                fails(() -> h.atInstant(C, TwinId.of("cz.wujin.hist:none"), minute(3))).errorCode());
    }

    @Test
    void aDeletedAndRecreatedTwinHasTwoLifetimes() {
        History h = lamp();
        TwinId lamp = TwinId.of(LAMP);
        assertEquals(false, h.atInstant(C, lamp, minute(1.5)).get(ON).orElseThrow().asBoolean());
        assertHistoryNotFound(fails(() -> h.atInstant(C, lamp, minute(2.5))), "did not exist");
        assertEquals("again", h.atInstant(C, lamp, minute(4)).get(ON).orElseThrow().asText());
        // Revision 2 exists only in the first lifetime; revision 1 means the newest state that had it.
        Twin two = h.atRevision(C, lamp, 2);
        assertEquals(false, two.get(ON).orElseThrow().asBoolean());
        assertEquals("again", h.atRevision(C, lamp, 1).get(ON).orElseThrow().asText());
        assertHistoryNotFound(fails(() -> h.atRevision(C, lamp, 3)), "deleted");
    }

    static List<TwinChange> changes(History h, String id, HistoryRange range) {
        List<TwinChange> out = new ArrayList<>();
        h.changes(C, TwinId.of(id), range, out::add);
        return out;
    }

    static List<Object> summary(List<TwinChange> changes) {
        List<Object> out = new ArrayList<>();
        for (TwinChange c : changes) {
            out.add(c.event().type().jsonName() + "@" + c.event().revision() + "="
                    + c.twin().map(t -> t.get(ON).orElseThrow().asText()).orElse("-"));
        }
        return out;
    }

    @Test
    void changesCarryTheTwinAfterEachAcrossLifetimes() {
        History h = lamp();
        assertEquals(List.of("created@1=true", "modified@2=false", "deleted@3=-", "created@1=again"),
                summary(changes(h, LAMP, new HistoryRange.Revisions(0, Long.MAX_VALUE))));
    }

    @Test
    void aBoundedRevisionRangeStaysInTheLifetimeItStartsIn() {
        History h = lamp();
        assertEquals(List.of("modified@2=false", "deleted@3=-"),
                summary(changes(h, LAMP, new HistoryRange.Revisions(2, 5))));
        assertEquals(List.of("created@1=again"), summary(changes(h, LAMP, new HistoryRange.Revisions(1, 2))));
    }

    @Test
    void anInstantRangeExcludesBothEndsAsInDitto() {
        History h = lamp();
        assertEquals(List.of("modified@2=false", "deleted@3=-"),
                summary(changes(h, LAMP, new HistoryRange.Instants(minute(0), minute(3)))));
        assertEquals(List.of("created@1=again"),
                summary(changes(h, LAMP, new HistoryRange.Instants(minute(2), Instant.MAX))));
    }

    @Test
    void theSinkStopsTheStream() {
        History h = lamp();
        List<TwinEvent> seen = new ArrayList<>();
        h.changes(C, TwinId.of(LAMP), new HistoryRange.Revisions(0, Long.MAX_VALUE), c -> {
            seen.add(c.event());
            return seen.size() < 2;
        });
        assertEquals(2, seen.size());
    }

    @Test
    void streamsOfUnknownTwinsOrRevisionsAreNotFound() {
        History h = lamp();
        assertEquals(ErrorCode.THING_NOT_FOUND, fails(() -> changes(h, "cz.wujin.hist:none",
                new HistoryRange.Revisions(0, Long.MAX_VALUE))).errorCode());
        assertHistoryNotFound(fails(() -> changes(h, LAMP, new HistoryRange.Revisions(7, 9))), "at revision '7'");
    }

    @Test
    void aLongHistoryIsReadPageByPage() {
        script.create(METER, minute(0), "{'features':{'energy':{'properties':{'power':0}}}}");
        int writes = Timeline.PAGE * 2 + 17;
        for (int i = 1; i <= writes; i++) {
            script.put(METER, POWER.toString(), minute(0).plusMillis(i), String.valueOf(i));
        }
        History h = script.history(minute(60));
        assertEquals(Timeline.PAGE + 3, power(h.atRevision(C, TwinId.of(METER), Timeline.PAGE + 4)));
        List<TwinChange> all = changes(h, METER, new HistoryRange.Revisions(1, Long.MAX_VALUE));
        assertEquals(writes + 1, all.size());
        assertEquals(Optional.of(writes), all.get(writes).twin().map(HistoryTest::power));
    }
}
