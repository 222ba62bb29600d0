package org.dayuan.twin.core.models;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.DayuanException;

/**
 * The first value that breaks a rule. Checks return one of these instead of throwing, and its path is built while
 * the check unwinds, so a valid write allocates nothing for paths.
 */
final class Violation {
    /** Longest rendering of an offending value in a message; twins may hold large objects. */
    private static final int SHOWN_MAX = 120;

    private final JsonNode value;
    private final String rule;
    private String path = "";

    private Violation(JsonNode value, String rule) {
        this.value = value;
        this.rule = rule;
    }

    /** {@code value} breaks {@code rule}. */
    static Violation of(JsonNode value, String rule) {
        return new Violation(value, rule);
    }

    /** Nothing is at the path though {@code rule} ({@code required}, {@code tm:required}) asks for a value. */
    static Violation missing(String member, String rule) {
        return new Violation(null, rule).under(member);
    }

    /** This violation seen from one level up: {@code segment} goes in front of the path. */
    Violation under(String segment) {
        path = "/" + segment.replace("~", "~0").replace("/", "~1") + path;
        return this;
    }

    String path() {
        return path;
    }

    String rule() {
        return rule;
    }

    /** The message names the JSON path, the value, the rule and the model, and the description where to look. */
    DayuanException exception(String model) {
        String what = value == null
                ? "The value at " + path + " is missing, which violates '" + rule + "'"
                : "The value " + shown(value) + " at " + path + " violates '" + rule + "'";
        return ModelErrors.MODEL_VIOLATION.exception(what + " of model " + model + ".",
                "Make the twin conform to its Thing Model; GET /api/dayuan/models/" + model + " shows its rules.");
    }

    private static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() <= SHOWN_MAX ? s : s.substring(0, SHOWN_MAX) + "...";
    }

    @Override
    public String toString() {
        return path + " violates " + rule;
    }
}
