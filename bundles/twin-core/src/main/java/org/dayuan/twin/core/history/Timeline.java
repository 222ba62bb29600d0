package org.dayuan.twin.core.history;

import java.util.ArrayDeque;
import java.util.Deque;

import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.Replay;
import org.dayuan.twin.spi.TwinJournal;
import org.dayuan.twin.spi.TwinJournal.Checkpoint;

/**
 * One twin's states through its history, event by event from a checkpoint on, read from the journal a page at a
 * time so a long history never sits in memory. Callers look at the next event before taking it, which is how they
 * stop at a revision or an instant.
 */
final class Timeline {
    static final int PAGE = 500;

    private final TwinJournal journal;
    private final TwinId id;
    private final Deque<TwinEvent> page = new ArrayDeque<>();
    private final long startSeq;
    private Twin twin;
    private long position;
    private boolean exhausted;
    private boolean advanced;

    /** @param start where to start, from {@link TwinJournal#checkpointAt} or {@code checkpointBefore} */
    Timeline(TwinJournal journal, TwinId id, Checkpoint start) {
        this.journal = journal;
        this.id = id;
        this.twin = start.twins().isEmpty() ? null : start.twins().get(0);
        this.position = start.seq();
        this.startSeq = start.seq();
    }

    /** The journal position it started after: every event it reads comes later. */
    long startSeq() {
        return startSeq;
    }

    /** The twin right after the last event taken (or at the start); null when it did not exist then. */
    Twin twin() {
        return twin;
    }

    /** The next event, not yet applied; null when there is none. */
    TwinEvent peek() {
        if (page.isEmpty() && !exhausted) {
            page.addAll(journal.twinEvents(id, position, PAGE));
            exhausted = page.size() < PAGE;
        }
        return page.peekFirst();
    }

    /** Applies the next event and returns it; there must be one ({@link #peek()}). */
    TwinEvent advance() {
        TwinEvent e = peek();
        page.removeFirst();
        twin = Replay.apply(twin, e);
        position = e.seq();
        advanced = true;
        return e;
    }

    /** Whether this timeline knows anything of the twin: a stored state or an event, taken or ahead. */
    boolean knowsTwin() {
        return startSeq > 0 || advanced || peek() != null;
    }
}
