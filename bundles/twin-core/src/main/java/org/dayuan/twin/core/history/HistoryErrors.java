package org.dayuan.twin.core.history;

import java.time.Instant;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal.HistoryHorizon;

/** Ditto's "history not accessible" error ({@code things:thing.history.notfound}, 404), in one place. */
final class HistoryErrors {
    static final ErrorCode CODE = new ErrorCode("things:thing.history.notfound", 404,
            "Check if the ID of your requested Thing was correct, you have sufficient permissions and ensure that the"
                    + " asked for revision/timestamp does not exceed the history-retention-duration or is from the"
                    + " future.");
    static final String DESCRIPTION = CODE.description();

    private HistoryErrors() {
    }

    static DayuanException atRevision(TwinId id, long revision, String why) {
        return CODE.exception("The Thing with ID '" + id + "' at revision '" + revision + "' could not be found or"
                + " requester had insufficient permissions to access it. " + why, DESCRIPTION);
    }

    static DayuanException atInstant(TwinId id, Instant instant, String why) {
        return CODE.exception("The Thing with ID '" + id + "' at timestamp '" + instant + "' could not be found or"
                + " requester had insufficient permissions to access it. " + why, DESCRIPTION);
    }

    /** Why a state is not there: retention removed it. */
    static String removed(HistoryHorizon horizon) {
        return "History up to " + horizon.timestamp() + " was removed by retention ('retentionDays' in"
                + " etc/org.dayuan.store.cfg).";
    }
}
