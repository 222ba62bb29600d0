package org.dayuan.office.ledger;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * A refused ledger: Ditto's error JSON whose {@code details} list every problem ({@code row, column, value,
 * message}), so a clerk fixes the whole file in one round. Nothing of the file was written.
 */
public final class LedgerInvalidException extends DayuanException {
    public static final ErrorCode INVALID = new ErrorCode("office:ledger.invalid", 422,
            "Fix every row listed and import the whole file again; nothing of it was written.");
    private static final long serialVersionUID = 1L;
    /** The description names this many problems; {@code details} has them all. */
    private static final int DESCRIBED = 20;

    private final transient List<LedgerProblem> problems;

    public LedgerInvalidException(List<LedgerProblem> problems) {
        super(INVALID, "The room ledger was refused: " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + "; nothing was written.",
                "Fix every row listed and import the whole file again: " + problems.stream().limit(DESCRIBED)
                        .map(LedgerProblem::toString).collect(Collectors.joining("; "))
                        + (problems.size() > DESCRIBED ? "; and " + (problems.size() - DESCRIBED) + " more in details"
                        : "") + ".", null);
        this.problems = List.copyOf(problems);
    }

    public List<LedgerProblem> problems() {
        return problems;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = super.toJson();
        ArrayNode details = json.putArray("details");
        problems.forEach(p -> details.add(p.toJson()));
        return json;
    }
}
