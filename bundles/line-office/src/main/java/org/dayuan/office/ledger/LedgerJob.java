package org.dayuan.office.ledger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinId;

/** One import as its report shows it while it runs and after: state, counts and every problem. Thread safe. */
final class LedgerJob {
    enum State { parsing, validating, writing, done, failed }

    final String id;
    final TwinId organisation;
    final String subject;
    final String format;
    final Instant created;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile State state = State.parsing;
    private volatile int rowsRead;
    private volatile int rowsChecked;
    private volatile int rowsTotal = -1;
    private volatile int changed;
    private volatile int unchanged;
    private volatile Instant ended;
    private volatile DayuanException failure;

    LedgerJob(String id, TwinId organisation, String subject, String format, Instant created) {
        this.id = id;
        this.organisation = organisation;
        this.subject = subject;
        this.format = format;
        this.created = created;
    }

    State state() {
        return state;
    }

    void state(State next) {
        state = next;
    }

    void rowRead(int row) {
        rowsRead = row;
    }

    void rowChecked(int row) {
        rowsChecked = row;
    }

    void total(int rows) {
        rowsTotal = rows;
    }

    void done(int changedRooms, int unchangedRooms, Instant at) {
        changed = changedRooms;
        unchanged = unchangedRooms;
        ended = at;
        state = State.done;
        finished.countDown();
    }

    void failed(DayuanException why, Instant at) {
        failure = why;
        ended = at;
        state = State.failed;
        finished.countDown();
    }

    /** Whether it finished within {@code seconds}. */
    boolean await(int seconds) throws InterruptedException {
        return finished.await(seconds, TimeUnit.SECONDS);
    }

    /** Why it failed, once it has. */
    DayuanException failure() {
        return failure;
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("organisation", organisation.toString());
        o.put("by", subject);
        o.put("format", format);
        o.put("state", state.name());
        o.put("created", created.toString());
        if (ended != null) {
            o.put("finished", ended.toString());
        }
        o.put("rowsRead", rowsRead);
        if (rowsTotal >= 0) {
            o.put("rowsTotal", rowsTotal);
        }
        o.put("rowsChecked", rowsChecked);
        o.put("changed", changed);
        o.put("unchanged", unchanged);
        ArrayNode errors = o.putArray("errors");
        DayuanException f = failure;
        if (f instanceof LedgerInvalidException invalid) {
            invalid.problems().forEach(p -> errors.add(p.toJson()));
        } else if (f != null) {
            errors.add(new LedgerProblem(0, "", "", f.getMessage()).toJson().put("error", f.errorCode().code()));
        }
        return o;
    }

    List<LedgerProblem> problems() {
        return failure instanceof LedgerInvalidException invalid ? invalid.problems() : List.of();
    }
}
