package org.dayuan.importer;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far one import has come, safe to read from another thread while it runs: lines read, validated and written,
 * and once finished its outcome. What {@code GET /api/dayuan/import/{id}} answers and the console prints.
 */
public final class ImportProgress {
    public enum State { READING, VALIDATING, WRITING, DONE, REFUSED, FAILED }

    private final String id;
    private final String subject;
    private final Instant started;
    final AtomicInteger read = new AtomicInteger();
    final AtomicInteger validated = new AtomicInteger();
    final AtomicInteger written = new AtomicInteger();
    private volatile State state = State.READING;
    private volatile ObjectNode outcome;

    public ImportProgress(String id, String subject, Instant started) {
        this.id = id;
        this.subject = subject;
        this.started = started;
    }

    public String id() {
        return id;
    }

    /** Who started the import: only they and admins see it. */
    public String subject() {
        return subject;
    }

    public State state() {
        return state;
    }

    void state(State next) {
        state = next;
    }

    /** Notes that {@code lines} lines have been read. */
    public void read(int lines) {
        read.set(lines);
    }

    public int linesRead() {
        return read.get();
    }

    public int linesValidated() {
        return validated.get();
    }

    public int linesWritten() {
        return written.get();
    }

    /** Ends the import with its answer: the summary, the per-line report, or the error of the file. */
    public void finish(State end, ObjectNode answer) {
        outcome = answer;
        state = end;
    }

    /** The final answer, once finished; null while running. */
    public ObjectNode outcome() {
        return outcome;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("subject", subject);
        json.put("started", started.toString());
        json.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        json.put("linesRead", read.get());
        json.put("linesValidated", validated.get());
        json.put("linesWritten", written.get());
        ObjectNode o = outcome;
        if (o != null) {
            json.set("result", o);
        }
        return json;
    }
}
