package org.dayuan.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;

/**
 * The visitor pass's rules, free of OSGi, Camel and HTTP: which pass the line issues, and when a visitor may check
 * in. The route and the servlet only carry these decisions to and from the registry.
 */
public final class VisitorPasses {
    public static final String DEFINITION = "dayuan:VisitorPass:1.0.0";
    public static final String FEATURE = "pass";
    public static final String ISSUED = "issued";
    public static final String CHECKED_IN = "checkedIn";

    /** This line's own error codes, rendered as Ditto's error JSON like the platform's. */
    public static final ErrorCode NOT_ISSUED = new ErrorCode("visitors:pass.notissued", 409,
            "Only an issued pass can be checked in; a pass checked in or out cannot be used again.");
    public static final ErrorCode EXPIRED = new ErrorCode("visitors:pass.expired", 409,
            "The pass is past its validUntil; issue the visitor a new pass.");

    static final JsonPointer STATE = JsonPointer.of(Twin.FEATURES, FEATURE, Twin.PROPERTIES, "state");
    private static final JsonPointer VALID_UNTIL = JsonPointer.of(Twin.ATTRIBUTES, "validUntil");

    private final Duration grace;

    /** @param grace how long after its validUntil a pass may still be checked in */
    public VisitorPasses(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The grace period must not be negative: " + grace);
        }
        this.grace = grace;
    }

    public static boolean isPass(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    /** Whether the line still has to issue this pass: a pass created with a state of its own is left as it is. */
    public static boolean needsIssuing(Twin twin) {
        return isPass(twin) && !twin.has(STATE);
    }

    /** The merge patch that issues a pass. */
    public static ObjectNode issue() {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject(Twin.FEATURES).putObject(FEATURE).putObject(Twin.PROPERTIES).put("state", ISSUED);
        return patch;
    }

    /**
     * Refuses to check {@code pass} in at {@code now}: with {@link #NOT_ISSUED} a pass in another state than issued,
     * with {@link #EXPIRED} one past its validUntil and the grace period.
     */
    public void requireCheckIn(Twin pass, Instant now) {
        String state = pass.get(STATE).map(JsonNode::asText).orElse("not issued yet");
        if (!ISSUED.equals(state)) {
            throw NOT_ISSUED.exception("The visitor pass " + pass.id() + " is " + state + ", not " + ISSUED + ".");
        }
        Optional<Instant> until = pass.get(VALID_UNTIL).flatMap(VisitorPasses::instant);
        if (until.isPresent() && now.isAfter(until.get().plus(grace))) {
            throw EXPIRED.exception("The visitor pass " + pass.id() + " was valid until " + until.get() + ".");
        }
    }

    /** The merge patch of feature {@code pass}'s properties that checks a pass in at {@code now}. */
    public static ObjectNode checkedIn(Instant now) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        properties.put("state", CHECKED_IN).put("checkedInAt", now.toString());
        return properties;
    }

    /** The model guarantees a date-time for a pass it checked; a pass written without its model may hold anything. */
    private static Optional<Instant> instant(JsonNode value) {
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
