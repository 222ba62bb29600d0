package org.dayuan.twin.ws;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;

/**
 * A Ditto Protocol topic, {@code <namespace>/<name>/<group>/<channel>/<criterion>[/<action>]}, e.g.
 * {@code cz.wujin/room-1/things/twin/commands/modify} or {@code _/_/things/twin/search/subscribe}. Only the parts
 * Dayuan serves parse: group {@code things}, channel {@code twin}, criteria {@code commands} and {@code search}.
 */
record Topic(String namespace, String name, Criterion criterion, String action) {
    /** The placeholder Ditto puts where a topic names no thing. */
    static final String NONE = "_";
    static final ErrorCode UNKNOWN = new ErrorCode("things.protocol.adapter.unknown.topicpath", 400,
            "Check the topic: Dayuan serves '<namespace>/<name>/things/twin/commands/<create|retrieve|modify|merge"
                    + "|delete>' and '_/_/things/twin/search/<subscribe|request|cancel>'.");

    enum Criterion {
        COMMANDS("commands"), SEARCH("search"), EVENTS("events"), ERRORS("errors");

        final String text;

        Criterion(String text) {
            this.text = text;
        }
    }

    enum Command {
        CREATE, RETRIEVE, MODIFY, MERGE, DELETE;

        String text() {
            return name().toLowerCase();
        }

        boolean modifies() {
            return this != RETRIEVE;
        }
    }

    static Topic parse(String text) {
        String[] p = text.split("/", -1);
        if (p.length < 5 || p.length > 6) {
            throw unknown(text, "it has " + p.length + " parts, and a Ditto topic has 5 or 6");
        }
        if (!"things".equals(p[2])) {
            throw unknown(text, "group '" + p[2] + "' is not served; Dayuan has only 'things'");
        }
        if (!"twin".equals(p[3])) {
            throw unknown(text, "Dayuan has no channel '" + p[3] + "', only 'twin' (no live channel)");
        }
        String action = p.length == 6 ? p[5] : "";
        return switch (p[4]) {
            case "commands" -> {
                command(text, action);
                yield new Topic(p[0], p[1], Criterion.COMMANDS, action);
            }
            case "search" -> {
                if (!NONE.equals(p[0]) || !NONE.equals(p[1])) {
                    throw unknown(text, "a search topic names no thing: '_/_/things/twin/search/<action>'");
                }
                if (!action.equals("subscribe") && !action.equals("request") && !action.equals("cancel")) {
                    throw unknown(text, "search action '" + action + "' is not one a client sends"
                            + " (subscribe, request, cancel)");
                }
                yield new Topic(p[0], p[1], Criterion.SEARCH, action);
            }
            default -> throw unknown(text, "criterion '" + p[4] + "' is not one a client sends here"
                    + " (commands, search)");
        };
    }

    private static Command command(String text, String action) {
        for (Command c : Command.values()) {
            if (c.text().equals(action)) {
                return c;
            }
        }
        throw unknown(text, "command '" + action + "' is not one of create, retrieve, modify, merge, delete");
    }

    Command command() {
        return command(toString(), action);
    }

    /** The thing the topic names; a 400 for an invalid id. */
    TwinId thingId() {
        return TwinId.of(namespace, name);
    }

    /** The same thing's topic for {@code criterion} and {@code action} (none: empty). */
    static String of(String namespace, String name, Criterion criterion, String action) {
        return namespace + "/" + name + "/things/twin/" + criterion.text + (action.isEmpty() ? "" : "/" + action);
    }

    @Override
    public String toString() {
        return of(namespace, name, criterion, action);
    }

    private static org.dayuan.twin.DayuanException unknown(String text, String why) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return UNKNOWN.exception("The topic '" + shown + "' is not supported: " + why + ".");
    }
}
