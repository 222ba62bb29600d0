package org.dayuan.alarms.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.alarms.AlarmState;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * How an alarm is kept as a twin of model {@value #DEFINITION}: its attribute names and the one way instants are
 * written, shared by the service, the servlet and the figures of this bundle.
 */
public final class AlarmTwins {
    public static final String DEFINITION = org.dayuan.alarms.Alarms.DEFINITION;
    public static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    /** Every alarm twin, for RQL. */
    public static final String ALARMS_FILTER = "eq(definition,\"" + DEFINITION + "\")";
    /** The open alarm twins, for RQL. */
    public static final String OPEN_FILTER = "and(" + ALARMS_FILTER + ",ne(attributes/state,\"closed\"))";

    public static final String NAME = "name";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String LINE = "line";
    public static final String SEVERITY = "severity";
    public static final String MESSAGE = "message";
    public static final String STATE = "state";
    public static final String ACTIVE = "active";
    public static final String RAISED_AT = "raisedAt";
    public static final String LAST_SEEN = "lastSeen";
    public static final String COUNT = "count";
    public static final String SEEN = "seen";
    public static final String NORMAL_AT = "normalAt";
    public static final String RESULT = "result";
    public static final String SHELVED_UNTIL = "shelvedUntil";
    public static final String SHELVED_FROM = "shelvedFrom";
    public static final String ESCALATIONS = "escalations";
    public static final String LOG = "log";
    public static final String DELIVERIES = "deliveries";
    public static final String DETAILS = "details";

    /**
     * Fixed width, milliseconds always written: the RQL range filters and sorts on these strings compare text, which
     * orders ISO instants chronologically only when they all have the same shape ({@link Instant#toString()} drops
     * a zero fraction, and "10:00:00Z" would sort after "10:00:00.5Z").
     */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AlarmTwins() {
    }

    public static String instant(Instant at) {
        return INSTANT.format(at);
    }

    public static boolean isAlarm(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    /** The alarm twin, or the 404 an unknown thing gets: a twin that is no alarm is not one of this API's resources. */
    public static Twin requireAlarm(Optional<Twin> twin, TwinId id) {
        return twin.filter(AlarmTwins::isAlarm).orElseThrow(() -> notFound(id));
    }

    public static DayuanException notFound(TwinId id) {
        return ErrorCode.THING_NOT_FOUND.exception("There is no alarm " + id + ".",
                "Check the alarm's thingId (GET /api/dayuan/alarms lists them) and that you may see it.");
    }

    public static JsonNode attribute(Twin twin, String name) {
        return twin.get(JsonPointer.of(Twin.ATTRIBUTES, name)).orElse(null);
    }

    public static String text(Twin twin, String name) {
        JsonNode v = attribute(twin, name);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    public static AlarmState state(Twin twin) {
        String s = text(twin, STATE);
        if (s == null) {
            throw new IllegalStateException("Alarm " + twin.id() + " has no state");
        }
        return AlarmState.of(s);
    }

    public static TwinId source(Twin twin) {
        return TwinId.of(text(twin, SOURCE));
    }
}
