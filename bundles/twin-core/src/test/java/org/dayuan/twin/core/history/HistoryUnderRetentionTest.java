package org.dayuan.twin.core.history;

import static org.dayuan.twin.core.history.HistoryTest.C;
import static org.dayuan.twin.core.history.HistoryTest.METER;
import static org.dayuan.twin.core.history.HistoryTest.POWER;
import static org.dayuan.twin.core.history.HistoryTest.power;
import static org.dayuan.twin.core.history.Script.minute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;

/** Retention running in the middle of a read: the read is done again from the new horizon, never answered wrong. */
class HistoryUnderRetentionTest {

    /** A journal whose retention cuts right when the first history read asks for events. */
    static final class CutOnFirstRead implements TwinJournal {
        final MemoryJournal journal;
        final long cut;
        boolean cutDone;

        CutOnFirstRead(MemoryJournal journal, long cut) {
            this.journal = journal;
            this.cut = cut;
        }

        @Override
        public List<TwinEvent> twinEvents(TwinId id, long afterSeq, int limit) {
            if (!cutDone) {
                cutDone = true;
                journal.forgetUpTo(cut);
            }
            return journal.twinEvents(id, afterSeq, limit);
        }

        @Override
        public Checkpoint checkpointAt(TwinId id, long seq) {
            return journal.checkpointAt(id, seq);
        }

        @Override
        public Checkpoint checkpointBefore(TwinId id, Instant instant) {
            return journal.checkpointBefore(id, instant);
        }

        @Override
        public OptionalLong seqOfRevision(TwinId id, long revision) {
            return journal.seqOfRevision(id, revision);
        }

        @Override
        public HistoryHorizon historyHorizon() {
            return journal.historyHorizon();
        }

        @Override
        public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, Consumer<List<TwinEvent>> onCommit) {
            return journal.append(events, onCommit);
        }

        @Override
        public CompletableFuture<List<TwinEvent>> append(List<TwinEvent> events, List<AuditRecord> audit,
                                                         Consumer<List<TwinEvent>> onCommit) {
            return journal.append(events, audit, onCommit);
        }

        @Override
        public CompletableFuture<Void> snapshot(long seq, Collection<Twin> twins) {
            return journal.snapshot(seq, twins);
        }

        @Override
        public Snapshot latestSnapshot() {
            return journal.latestSnapshot();
        }

        @Override
        public void replay(long afterSeq, Consumer<TwinEvent> sink) {
            journal.replay(afterSeq, sink);
        }

        @Override
        public long lastSeq() {
            return journal.lastSeq();
        }

        @Override
        public String describe() {
            return "cut on first read";
        }

        @Override
        public boolean isHealthy() {
            return true;
        }
    }

    @Test
    void aReadThatRetentionCutsIntoIsDoneAgainFromTheNewHorizon() {
        Script script = new Script();
        script.create(METER, minute(0), "{'features':{'energy':{'properties':{'power':0}}}}");
        script.put(METER, POWER.toString(), minute(1), "10");
        long cut = script.put(METER, POWER.toString(), minute(5), "20").seq();
        script.put(METER, POWER.toString(), minute(10), "30");
        script.registry().snapshot().join();
        CutOnFirstRead journal = new CutOnFirstRead(script.journal, cut);
        History history = new History(journal, script.registry(), Clock.fixed(minute(60), ZoneOffset.UTC));

        assertEquals(20, power(history.atInstant(C, TwinId.of(METER), minute(7))));
        assertEquals(true, journal.cutDone);
    }
}
