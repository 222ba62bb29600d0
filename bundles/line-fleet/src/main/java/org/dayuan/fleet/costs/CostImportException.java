package org.dayuan.fleet.costs;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * A refused cost file: Ditto's error JSON whose description lists every bad row, and a {@code details} array
 * ({@code {"line": 3, "reason": "..."}}) for programs.
 */
public final class CostImportException extends DayuanException {
    public static final ErrorCode FILE_INVALID = new ErrorCode("fleet:costs.invalid", 400,
            "Fix every row listed and send the whole file again; nothing of it was imported.");
    private static final long serialVersionUID = 1L;

    private final transient List<RowError> errors;

    public CostImportException(List<RowError> errors) {
        super(FILE_INVALID, "The cost file was refused: " + errors.size()
                + (errors.size() == 1 ? " bad row" : " bad rows") + "; nothing was imported.",
                "Fix every row listed and send the whole file again: " + errors.stream()
                        .map(RowError::toString).collect(Collectors.joining("; ")) + ".", null);
        this.errors = List.copyOf(errors);
    }

    public List<RowError> errors() {
        return errors;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = super.toJson();
        ArrayNode details = json.putArray("details");
        errors.forEach(e -> details.addObject().put("line", e.line()).put("reason", e.reason()));
        return json;
    }
}
