package org.dayuan.office.workflow;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;

/**
 * A request or step body read field by field, every bad field refused with the workflow's own 400 naming it, so a
 * client learns which field to fix.
 */
public final class Body {
    private final JsonNode json;
    private final ErrorCode invalid;

    public Body(JsonNode json, ErrorCode invalid) {
        if (json != null && !json.isNull() && !json.isMissingNode() && !json.isObject()) {
            throw invalid.exception("The body must be a JSON object.");
        }
        this.json = json == null || !json.isObject() ? JsonNodeFactory.instance.objectNode() : json;
        this.invalid = invalid;
    }

    public JsonNode json() {
        return json;
    }

    public boolean has(String field) {
        return json.hasNonNull(field);
    }

    public String text(String field) {
        return optionalText(field).orElseThrow(() -> invalid.exception("The field '" + field
                + "' is required: a non-empty string."));
    }

    public Optional<String> optionalText(String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid.exception("The field '" + field + "' must be a non-empty string, not " + v + ".");
        }
        return Optional.of(v.asText().trim());
    }

    public String oneOf(String field, Set<String> values) {
        String v = text(field);
        if (!values.contains(v)) {
            throw invalid.exception("The field '" + field + "' is '" + v + "', none of "
                    + String.join(", ", values.stream().sorted().toList()) + ".");
        }
        return v;
    }

    public TwinId thingId(String field) {
        return optionalThingId(field).orElseThrow(() -> invalid.exception("The field '" + field
                + "' is required: a thingId '<namespace>:<name>'."));
    }

    public Optional<TwinId> optionalThingId(String field) {
        return optionalText(field).map(s -> id(field, s));
    }

    /** A list of thingIds; empty when the field is absent. */
    public List<TwinId> thingIds(String field) {
        JsonNode v = json.get(field);
        List<TwinId> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw invalid.exception("The field '" + field + "' must be an array of thingIds, not " + v + ".");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw invalid.exception("The field '" + field + "' must hold thingIds, not " + item + ".");
            }
            out.add(id(field, item.asText()));
        }
        return out;
    }

    public LocalDate date(String field) {
        String v = text(field);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw invalid.exception("The field '" + field + "' must be a date yyyy-MM-dd, not '" + v + "'.");
        }
    }

    public double number(String field, double min) {
        JsonNode v = json.get(field);
        if (v == null || !v.isNumber() || v.asDouble() < min) {
            throw invalid.exception("The field '" + field + "' must be a number >= " + min + ", not " + v + ".");
        }
        return v.asDouble();
    }

    public int integer(String field, int min) {
        JsonNode v = json.get(field);
        if (v == null || !v.isIntegralNumber() || v.asInt() < min) {
            throw invalid.exception("The field '" + field + "' must be a whole number >= " + min + ", not " + v
                    + ".");
        }
        return v.asInt();
    }

    /** The object in {@code field}, read with the same rules. */
    public Body object(String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isObject()) {
            throw invalid.exception("The field '" + field + "' is required: a JSON object.");
        }
        return new Body(v, invalid);
    }

    /** The optional {@code comment}, empty when absent. */
    public String comment() {
        JsonNode c = json.get("comment");
        if (c == null || c.isNull()) {
            return "";
        }
        if (!c.isTextual()) {
            throw invalid.exception("The field 'comment' must be a string.");
        }
        return c.asText();
    }

    public DayuanException invalid(String message) {
        return invalid.exception(message);
    }

    private TwinId id(String field, String s) {
        try {
            return TwinId.of(s);
        } catch (DayuanException e) {
            throw invalid.exception("The field '" + field + "' must be a thingId '<namespace>:<name>', not '" + s
                    + "'.");
        }
    }
}
