package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

/** The journal's metrics follow what it commits and snapshots. */
class H2JournalMetricsTest extends JournalTestBase {
    private final MutableClock clock = new MutableClock(Instant.now());

    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }

    /** Every sample of the rendered text by its series ({@code name{labels}}). */
    private static Map<String, Double> scrape(JdbcTwinJournal journal) {
        PrometheusText text = new PrometheusText();
        text.include(journal);
        Map<String, Double> out = new HashMap<>();
        text.render().lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            out.put(l.substring(0, space), Double.valueOf(l.substring(space + 1)));
        });
        return out;
    }

    @Test
    void commitsAreCountedWithTheirSizesAndTimes() throws Exception {
        JdbcTwinJournal journal = open(0, clock);
        Map<String, Double> before = scrape(journal);
        assertEquals(0.0, before.get("dayuan_journal_events_total"));
        assertFalse(before.containsKey("dayuan_snapshot_age_seconds"), "no snapshot yet");

        journal.append(List.of(TestEvents.modified(1, 1), TestEvents.modified(2, 1), TestEvents.modified(3, 1))).get();
        journal.append(List.of(TestEvents.modified(1, 2), TestEvents.modified(2, 2))).get();

        Map<String, Double> m = scrape(journal);
        assertEquals(5.0, m.get("dayuan_journal_events_total"));
        assertEquals(2.0, m.get("dayuan_journal_transactions_total"));
        assertEquals(0.0, m.get("dayuan_journal_failed_transactions_total"));
        assertEquals(2.0, m.get("dayuan_journal_batch_events_count"));
        assertEquals(5.0, m.get("dayuan_journal_batch_events_sum"));
        assertEquals(0.0, m.get("dayuan_journal_batch_events_bucket{le=\"1\"}"));
        assertEquals(1.0, m.get("dayuan_journal_batch_events_bucket{le=\"2\"}"));
        assertEquals(2.0, m.get("dayuan_journal_batch_events_bucket{le=\"5\"}"));
        assertEquals(2.0, m.get("dayuan_journal_batch_events_bucket{le=\"+Inf\"}"));
        assertEquals(2.0, m.get("dayuan_journal_commit_seconds_count"));
        assertEquals(2.0, m.get("dayuan_journal_commit_seconds_bucket{le=\"+Inf\"}"));
        assertEquals(5.0, m.get("dayuan_journal_last_seq"));
        assertEquals(5.0, m.get("dayuan_snapshot_events_since"));
        assertEquals(0.0, m.get("dayuan_journal_queued_appends"));
    }

    @Test
    void snapshotAgeAndEventsSinceFollowTheNewestSnapshotAcrossARestart() throws Exception {
        JdbcTwinJournal journal = open(0, clock);
        journal.append(List.of(TestEvents.modified(1, 1), TestEvents.modified(2, 1))).get();
        journal.snapshot(2, TestEvents.things("cz.wujin:t-", 2, 1)).get();
        journal.append(List.of(TestEvents.modified(1, 2))).get();
        clock.advance(Duration.ofSeconds(90));

        Map<String, Double> m = scrape(journal);
        assertEquals(90.0, m.get("dayuan_snapshot_age_seconds"));
        assertEquals(1.0, m.get("dayuan_snapshot_events_since"));

        journal.deactivate();
        JdbcTwinJournal reopened = open(0, clock);
        Map<String, Double> again = scrape(reopened);
        assertEquals(1.0, again.get("dayuan_snapshot_events_since"));
        assertEquals(3.0, again.get("dayuan_journal_last_seq"));
        assertEquals(0.0, again.get("dayuan_journal_events_total"), "counters start again with the process");
        // the snapshot's time is read back from the database, where it was written by the wall clock
        assertEquals(90.0, again.get("dayuan_snapshot_age_seconds"), 5.0);
    }
}
