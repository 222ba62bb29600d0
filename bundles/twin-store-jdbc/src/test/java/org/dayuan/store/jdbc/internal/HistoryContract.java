package org.dayuan.store.jdbc.internal;

import static org.dayuan.store.jdbc.internal.TestLife.append;
import static org.dayuan.store.jdbc.internal.TestLife.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal.Checkpoint;
import org.dayuan.twin.spi.TwinJournal.HistoryHorizon;
import org.junit.jupiter.api.Test;

/** The history side of the journal (checkpoints, history reads, retention) on every database; one subclass each. */
abstract class HistoryContract extends JournalTestBase {
    /** Nanoseconds on purpose: the databases keep microseconds, and rounding must never include a later event. */
    static final Instant DAY0 = Instant.parse("2025-03-01T00:00:00.000000400Z");
    final MutableClock clock = new MutableClock(DAY0);
    final TestLife room = new TestLife("cz.wujin.b1:room-301");
    final TestLife meter = new TestLife("cz.wujin.b1:meter-7");
    final TestLife lamp = new TestLife("cz.wujin.b1:lamp-2");

    static Instant hour(long h) {
        return DAY0.plus(Duration.ofHours(h));
    }

    /**
     * Day 0: room (2 revisions), meter (3), lamp created and deleted; snapshot and checkpoint generation 1. Day 5:
     * room and meter change once more; snapshot and generation 2. Returns the seqs of the two generations.
     */
    long[] campusHistory(JdbcTwinJournal journal) throws Exception {
        append(journal, room.create(hour(1), "{\"area\":18}"));
        append(journal, meter.create(hour(1), "{\"kw\":1}"));
        append(journal, lamp.create(hour(1), "{\"on\":true}"));
        append(journal, room.change(hour(2), "{\"area\":19}"));
        append(journal, meter.change(hour(2), "{\"kw\":2}"));
        append(journal, meter.change(hour(3), "{\"kw\":3}"));
        append(journal, lamp.delete(hour(3)));
        snapshot(journal, room, meter, lamp);
        journal.runHistoryJob();
        long first = journal.lastSeq();
        append(journal, room.change(hour(120), "{\"area\":20}"));
        append(journal, meter.change(hour(120), "{\"kw\":4}"));
        snapshot(journal, room, meter, lamp);
        journal.runHistoryJob();
        return new long[] {first, journal.lastSeq()};
    }

    @Test
    void freshJournalKeepsCompleteHistoryWithoutCheckpoints() {
        JdbcTwinJournal journal = open();
        TwinId id = room.id;
        assertEquals(HistoryHorizon.COMPLETE, journal.historyHorizon());
        assertEquals(Checkpoint.START, journal.checkpointAt(id, 100));
        assertEquals(Checkpoint.START, journal.checkpointBefore(id, DAY0));
        assertEquals(Checkpoint.START, journal.checkpointBefore(DAY0));
        assertEquals(List.of(), journal.twinEvents(id, 0, 10));
        assertEquals(OptionalLong.empty(), journal.seqOfRevision(id, 1));
    }

    @Test
    void twinEventsComeInJournalOrderPageByPageAndOnlyTheirs() {
        JdbcTwinJournal journal = open();
        List<TwinEvent> mine = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            mine.add(append(journal, TestEvents.modified(1, i)));
            append(journal, TestEvents.modified(2, i));
        }
        TwinId id = mine.get(0).thingId();

        assertEquals(mine.subList(0, 2), journal.twinEvents(id, 0, 2));
        assertEquals(mine.subList(2, 5), journal.twinEvents(id, mine.get(1).seq(), 10));
        assertEquals(List.of(), journal.twinEvents(id, mine.get(4).seq(), 10));
        assertEquals(replayAll(journal, 3).subList(0, 4), journal.events(3, 4));
    }

    /**
     * Twins deleted and created again, interleaved at random: from any position, a twin's events are read in the
     * order of its unique key (life, revision) and are those after the position, in journal order.
     */
    @Test
    void aTwinsEventsAfterAnyPositionAreItsLaterEventsThroughItsLives() {
        JdbcTwinJournal journal = open();
        java.util.Random random = new java.util.Random(7);
        List<TestLife> lives = List.of(room, meter, lamp);
        boolean[] exists = new boolean[lives.size()];
        for (int i = 0; i < 120; i++) {
            int n = random.nextInt(lives.size());
            TestLife life = lives.get(n);
            Instant at = hour(i);
            if (!exists[n]) {
                append(journal, life.create(at, "{\"n\":" + i + "}"));
                exists[n] = true;
            } else if (random.nextInt(8) == 0) {
                append(journal, life.delete(at));
                exists[n] = false;
            } else {
                append(journal, life.change(at, "{\"n\":" + i + "}"));
            }
        }
        assertTwinEventsFromEveryPosition(journal, List.of(room.id, meter.id, lamp.id, TwinId.of("cz.wujin.b1:none")));
    }

    @Test
    void seqOfRevisionIsTheNewestLifetimeThatHadIt() {
        JdbcTwinJournal journal = open();
        append(journal, lamp.create(hour(1), "{\"on\":true}"));
        append(journal, lamp.change(hour(2), "{\"on\":false}"));
        TwinEvent deleted = append(journal, lamp.delete(hour(3)));
        append(journal, lamp.create(hour(4), "{\"on\":true}"));
        TwinEvent secondLife = append(journal, lamp.change(hour(5), "{\"on\":false}"));

        assertEquals(OptionalLong.of(secondLife.seq()), journal.seqOfRevision(lamp.id, 2));
        assertEquals(OptionalLong.of(deleted.seq()), journal.seqOfRevision(lamp.id, 3));
        assertEquals(OptionalLong.empty(), journal.seqOfRevision(lamp.id, 4));
    }

    @Test
    void aCheckpointHoldsTheTwinsChangedSinceThePreviousOne() throws Exception {
        JdbcTwinJournal journal = open();
        long[] generations = campusHistory(journal);

        Checkpoint first = journal.checkpointAt(lamp.id, generations[0]);
        assertEquals(generations[0], first.seq());
        assertEquals(List.of(), first.twins(), "the lamp was deleted by then");
        assertEquals(CheckpointTable.ceilMicros(hour(3)), first.timestamp(), "the deletion's stamp, rounded up");
        Checkpoint room2 = journal.checkpointAt(room.id, generations[1]);
        assertEquals(List.of(room.state().orElseThrow()), room2.twins());
        assertEquals(generations[1], room2.seq());
        assertEquals(Checkpoint.START, journal.checkpointAt(room.id, generations[0] - 1));
        // The lamp did not change after generation 1, so generation 2 has no row for it.
        assertEquals(generations[0], journal.checkpointAt(lamp.id, generations[1]).seq());
        assertEquals(2, count("SELECT COUNT(*) FROM dayuan_checkpoint"));
        assertEquals(5, count("SELECT COUNT(*) FROM dayuan_checkpoint_twin"));
    }

    @Test
    void checkpointBeforeAnInstantIncludesOnlyEventsStampedBeforeIt() throws Exception {
        JdbcTwinJournal journal = open();
        long[] generations = campusHistory(journal);

        // Generation 2's room row holds the change stamped exactly at hour 120: not before hour 120. Within the
        // microsecond after it the older checkpoint is still taken; the caller replays the change from there.
        assertEquals(generations[0], journal.checkpointBefore(room.id, hour(120)).seq());
        assertEquals(generations[0], journal.checkpointBefore(room.id, hour(120).plusNanos(1)).seq());
        assertEquals(generations[1], journal.checkpointBefore(room.id, hour(120).plus(2, ChronoUnit.MICROS)).seq());
        assertEquals(Checkpoint.START, journal.checkpointBefore(room.id, hour(2)));
        Twin roomAtDay1 = journal.checkpointBefore(room.id, hour(24)).twins().get(0);
        assertEquals(2, roomAtDay1.revision());
    }

    @Test
    void allTwinsBeforeAnInstantAreTheNewestRowsOfTheGenerationBeforeIt() throws Exception {
        JdbcTwinJournal journal = open();
        long[] generations = campusHistory(journal);

        Checkpoint day1 = journal.checkpointBefore(hour(24));
        assertEquals(generations[0], day1.seq());
        assertEquals(List.of(meter.id, room.id), day1.twins().stream().map(Twin::id).sorted().toList());
        Checkpoint day6 = journal.checkpointBefore(hour(144));
        assertEquals(generations[1], day6.seq());
        assertEquals(List.of(4L, 3L), day6.twins().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .map(Twin::revision).toList());
        assertEquals(Checkpoint.START, journal.checkpointBefore(hour(3)));
    }

    @Test
    void aCheckpointIsWrittenOnlyWhenTheSnapshotAdvanced() throws Exception {
        JdbcTwinJournal journal = open();
        journal.runHistoryJob();
        assertEquals(0, count("SELECT COUNT(*) FROM dayuan_checkpoint"), "no snapshot, no checkpoint");
        campusHistory(journal);
        journal.runHistoryJob();
        assertEquals(2, count("SELECT COUNT(*) FROM dayuan_checkpoint"));
    }

    @Test
    void aSnapshotReplacedWhileBeingCopiedIsFollowedToTheNewerOne() throws Exception {
        JdbcTwinJournal journal = open();
        append(journal, room.create(hour(1), "{\"area\":18}"));
        snapshot(journal, room);
        append(journal, room.change(hour(2), "{\"area\":19}"));
        int[] asked = {0};
        int rows;
        try (Connection c = db.connect()) {
            // The job asks whether to stop before each attempt and before checking each batch it read: the second
            // question comes right after the first batch was read from the snapshot, and a newer one replaces it.
            rows = new Checkpointer(new JsonCodec()).run(c, () -> {
                if (++asked[0] == 2) {
                    snapshot(journal, room);
                }
                return false;
            });
        }

        assertEquals(4, asked[0], "one attempt given up, one completed");
        assertEquals(1, rows);
        assertEquals(journal.lastSeq(), count("SELECT MAX(seq) FROM dayuan_checkpoint"));
        assertEquals(1, count("SELECT COUNT(*) FROM dayuan_checkpoint_twin"));
        assertEquals(List.of(room.state().orElseThrow()), journal.checkpointAt(room.id, journal.lastSeq()).twins());
    }

    @Test
    void rowsOfAnUnfinishedCheckpointAreNeverReadAndGoAtTheNextRun() throws Exception {
        JdbcTwinJournal journal = open();
        long[] generations = campusHistory(journal);
        long orphan = generations[1] + 7;
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO"
                + " dayuan_checkpoint_twin (thing_id, seq, revision, ts, twin_json) VALUES (?, ?, 9, ?, NULL)")) {
            ps.setString(1, room.id.toString());
            ps.setLong(2, orphan);
            ps.setObject(3, CheckpointTable.utc(hour(1)));
            ps.executeUpdate();
        }

        assertEquals(generations[1], journal.checkpointAt(room.id, orphan).seq());
        assertEquals(OptionalLong.empty(), journal.seqOfRevision(room.id, 9));
        journal.runHistoryJob();
        assertEquals(0, count("SELECT COUNT(*) FROM dayuan_checkpoint_twin WHERE seq = " + orphan));
    }

    @Test
    void retentionCutsAtTheNewestCheckpointOldEnoughAndKeepsEachTwinsBase() throws Exception {
        JdbcTwinJournal journal = open(7, clock);
        // More events than one delete transaction takes, all before the cut.
        List<TwinEvent> many = new ArrayList<>();
        for (int i = 1; i <= HistoryJob.CHUNK * 2 + 10; i++) {
            many.add(TestEvents.modified(3, i));
        }
        journal.append(many).join();
        long[] generations = campusHistory(journal);
        List<TwinEvent> recent = replayAll(journal, generations[0]);

        clock.set(hour(24 * 10));
        journal.runHistoryJob();

        HistoryHorizon horizon = journal.historyHorizon();
        assertEquals(generations[0], horizon.seq());
        assertTrue(horizon.timestamp().isAfter(hour(3)) && horizon.timestamp().isBefore(hour(24)), horizon.toString());
        assertEquals(recent, replayAll(journal, 0), "only events after the cut are left");
        Checkpoint base = journal.checkpointAt(room.id, generations[0]);
        assertEquals(2, base.twins().get(0).revision());
        assertEquals(OptionalLong.of(generations[0]), journal.seqOfRevision(room.id, 2),
                "a revision whose event is gone is still found in the base");
        // The lamp was deleted before the cut: nothing is kept of it.
        assertEquals(Checkpoint.START, journal.checkpointAt(lamp.id, generations[1]));
        assertEquals(1, count("SELECT COUNT(*) FROM dayuan_checkpoint WHERE seq < " + generations[1]));
        // Recovery still finds the latest snapshot and every event after it.
        assertEquals(generations[1], journal.latestSnapshot().seq());
    }

    @Test
    void retentionDeletesEventsButKeepsTheirAuditTrail() throws Exception {
        JdbcTwinJournal journal = open(7, clock);
        List<AuditRecord> audited = appendAudited(journal, "alice",
                List.of(TestEvents.modified(3, 1), TestEvents.modified(3, 2)));
        long[] generations = campusHistory(journal);
        clock.set(hour(24 * 10));

        journal.runHistoryJob();

        assertEquals(generations[0], journal.historyHorizon().seq());
        assertTrue(replayAll(journal, 0).stream().allMatch(e -> e.seq() > generations[0]), "their events are gone");
        assertEquals(newestFirst(audited), allAudit(journal));
    }

    @Test
    void readsBeforeTheHorizonGetTheOldestStateKeptSoCallersCanTell() throws Exception {
        JdbcTwinJournal journal = open(7, clock);
        long[] generations = campusHistory(journal);
        clock.set(hour(24 * 10));
        journal.runHistoryJob();

        Checkpoint atOne = journal.checkpointAt(meter.id, 1);
        assertEquals(generations[0], atOne.seq(), "after the seq asked for: that history is gone");
        Checkpoint beforeHour2 = journal.checkpointBefore(meter.id, hour(2));
        assertFalse(beforeHour2.timestamp().isBefore(hour(2)));
        assertEquals(generations[0], journal.checkpointBefore(hour(2)).seq());
        assertTrue(journal.checkpointBefore(hour(2)).timestamp().compareTo(hour(2)) >= 0);
    }

    @Test
    void retentionKeepsEverythingWhenZeroOrWithoutCheckpointsOldEnough() throws Exception {
        JdbcTwinJournal forever = open(0, clock);
        campusHistory(forever);
        long events = forever.lastSeq();
        clock.set(hour(24 * 365));
        forever.runHistoryJob();
        assertEquals(events, replayAll(forever, 0).size());
        assertEquals(HistoryHorizon.COMPLETE, forever.historyHorizon());

        forever.deactivate();
        JdbcTwinJournal week = open(7, clock);
        clock.set(hour(24 * 3));
        week.runHistoryJob();
        assertEquals(events, replayAll(week, 0).size(), "nothing is older than a week yet");
    }

    @Test
    void appendsContinueWhileRetentionDeletes() throws Exception {
        JdbcTwinJournal journal = open(7, clock);
        List<TwinEvent> many = new ArrayList<>();
        for (int i = 1; i <= HistoryJob.CHUNK * 5; i++) {
            many.add(TestEvents.modified(4, i));
        }
        journal.append(many).join();
        long[] generations = campusHistory(journal);
        clock.set(hour(24 * 10));

        CompletableFuture<Void> retention = CompletableFuture.runAsync(() -> {
            try {
                journal.runHistoryJob();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<TwinEvent> during = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            during.addAll(journal.append(List.of(TestEvents.modified(5, i))).get(60, TimeUnit.SECONDS));
        }
        retention.get(120, TimeUnit.SECONDS);

        List<TwinEvent> left = replayAll(journal, 0);
        assertTrue(left.containsAll(during));
        assertTrue(left.stream().allMatch(e -> e.seq() > generations[0]));
    }

    @Test
    void historyReadsAfterCloseFailWithStoreUnavailable() {
        JdbcTwinJournal journal = open();
        journal.deactivate();

        DayuanException e = assertThrows(DayuanException.class, () -> journal.twinEvents(room.id, 0, 10));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertEquals(ErrorCode.STORE_UNAVAILABLE,
                assertThrows(DayuanException.class, journal::historyHorizon).errorCode());
    }

    /**
     * A history read is several queries (checkpoint, revision, pages of events), each on a connection borrowed from
     * the pool: many reads, also from several threads at once, open no more physical connections than the pool
     * holds, hand every one back, and answer as the first read did.
     */
    @Test
    void historyReadsReuseThePoolsConnections() throws Exception {
        JdbcTwinJournal journal = open();
        long[] generations = campusHistory(journal);
        StoreDataSource pool = journal.ownPool();
        List<Object> first = historyRead(journal, generations);
        int threads = 4;
        List<CompletableFuture<List<List<Object>>>> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                List<List<Object>> answers = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    answers.add(historyRead(journal, generations));
                }
                return answers;
            }));
        }
        for (CompletableFuture<List<List<Object>>> reader : readers) {
            for (List<Object> answer : reader.get(60, TimeUnit.SECONDS)) {
                assertEquals(first, answer);
            }
        }
        assertTrue(pool.physicalConnections() <= 8, "401 history reads of 6 queries opened "
                + pool.physicalConnections() + " connections, more than the pool's 8");
        assertEquals(0, pool.metrics().getActiveConnections(), "every borrowed connection went back");
        assertTrue(pool.metrics().getTotalConnections() <= 8, String.valueOf(pool.metrics().getTotalConnections()));
    }

    private List<Object> historyRead(JdbcTwinJournal journal, long[] generations) {
        return List.of(journal.checkpointAt(room.id, generations[1]), journal.checkpointBefore(meter.id, hour(100)),
                journal.seqOfRevision(meter.id, 2), journal.twinEvents(room.id, 0, 100),
                journal.twinEvents(meter.id, generations[0], 100), journal.historyHorizon());
    }
}
