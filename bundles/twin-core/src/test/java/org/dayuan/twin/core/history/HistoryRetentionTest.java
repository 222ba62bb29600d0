package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.HistoryTest.C;
import static org.dayuan.twin.core.history.HistoryTest.METER;
import static org.dayuan.twin.core.history.HistoryTest.POWER;
import static org.dayuan.twin.core.history.HistoryTest.assertHistoryNotFound;
import static org.dayuan.twin.core.history.HistoryTest.changes;
import static org.dayuan.twin.core.history.HistoryTest.fails;
import static org.dayuan.twin.core.history.HistoryTest.power;
import static org.dayuan.twin.core.history.Script.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** After retention, states after the cut are rebuilt from the kept bases; earlier ones get a clear 404. */
class HistoryRetentionTest {
    final Script script = new Script();
    final TwinId meter = TwinId.of(METER);

    /** Power 0, 10 at minute 1, 20 at minute 5, 30 at minute 10; retention cut right after the minute-5 reading. */
    History meterAfterRetention() {
        script.create(METER, minute(0), "{'features':{'energy':{'properties':{'power':0}}}}");
        script.put(METER, POWER.toString(), minute(1), "10");
        long cut = script.put(METER, POWER.toString(), minute(5), "20").seq();
        script.put(METER, POWER.toString(), minute(10), "30");
        script.create("cz.wujin.hist:gone", minute(0), "{}");
        script.delete("cz.wujin.hist:gone", "/", minute(2));
        script.retainAfter(cut);
        return script.history(minute(60));
    }

    @Test
    void statesAfterTheCutAreRebuiltFromTheBase() {
        History h = meterAfterRetention();
        assertEquals(20, power(h.atInstant(C, meter, minute(6))));
        assertEquals(20, power(h.atRevision(C, meter, 3)), "the base itself has revision 3");
        assertEquals(30, power(h.atRevision(C, meter, 4)));
        TimeSeries s = h.series(C, meter, POWER, minute(6), minute(16), Duration.ofMinutes(5));
        assertEquals(Optional.of(Script.json("20")), s.initial());
        assertEquals(List.of(minute(6)), s.points().stream().map(TimeSeries.Point::t).toList());
    }

    @Test
    void statesUpToTheCutGetA404SayingRetentionRemovedThem() {
        History h = meterAfterRetention();
        assertHistoryNotFound(fails(() -> h.atInstant(C, meter, minute(3))), "removed by retention");
        // The state at minute 5 excludes the reading stamped at minute 5, which the base includes.
        assertHistoryNotFound(fails(() -> h.atInstant(C, meter, minute(5))), "removed by retention");
        assertHistoryNotFound(fails(() -> h.atRevision(C, meter, 2)), "removed by retention");
        assertHistoryNotFound(fails(() -> h.series(C, meter, POWER, minute(0), minute(10), Duration.ofMinutes(5))),
                "removed by retention");
        assertHistoryNotFound(fails(() -> h.subtreeAt(C, meter, minute(4), 0)), "removed by retention");
    }

    @Test
    void streamsStartAtTheEarliestChangeKept() {
        History h = meterAfterRetention();
        List<Long> revisions = changes(h, METER, new HistoryRange.Revisions(0, Long.MAX_VALUE)).stream()
                .map(c -> c.event().revision()).toList();
        assertEquals(List.of(4L), revisions);
        assertHistoryNotFound(fails(() -> changes(h, METER, new HistoryRange.Revisions(2, 9))),
                "at revision '2'");
    }

    @Test
    void aSubtreeAfterTheCutStartsFromTheBasesOfAllTwins() {
        History h = meterAfterRetention();
        assertEquals(30, power(h.subtreeAt(C, meter, minute(11), 0).root()));
        assertHistoryNotFound(fails(() -> h.subtreeAt(C, TwinId.of("cz.wujin.hist:gone"), minute(11), 0)),
                "did not exist");
    }
}
