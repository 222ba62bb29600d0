package org.dayuan.twin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one error type of Dayuan: a stable code, an HTTP status, a message saying what went wrong and a description
 * saying how to fix it. Whichever module owns its {@link ErrorCode}, it is rendered as Ditto's error JSON in one
 * place, {@link #toJson()}.
 */
public class DayuanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final String description;

    public DayuanException(ErrorCode errorCode, String message, String description, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.description = description;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public int status() {
        return errorCode.status();
    }

    public String description() {
        return description;
    }

    /** Ditto's error JSON: {@code status}, {@code error}, {@code message}, {@code description}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("status", errorCode.status());
        json.put("error", errorCode.code());
        json.put("message", getMessage());
        if (description != null) {
            json.put("description", description);
        }
        return json;
    }
}
