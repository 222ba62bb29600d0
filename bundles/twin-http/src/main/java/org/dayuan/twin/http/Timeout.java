package org.dayuan.twin.http;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dayuan.twin.ErrorCode;

/**
 * Ditto's {@code timeout} (query parameter or header): a number of seconds, or a number with {@code ms}, {@code s}
 * or {@code m}; at most 60 seconds; {@code 0} asks for no response ({@code response-required=false}). Dayuan answers
 * every request as soon as the write is durable, which is well inside any valid timeout, so the value is only
 * checked, as Ditto checks it.
 */
final class Timeout {
    static final String NAME = "timeout";
    static final Duration MAX = Duration.ofSeconds(60);
    static final ErrorCode INVALID = new ErrorCode("gateway:timeout.invalid", 400,
            "Choose a timeout inside the bounds.");
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m)?");

    private Timeout() {
    }

    /** The timeout given, if any; Ditto's 400 when it is malformed or above {@link #MAX}. */
    static Optional<Duration> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw IfEqual.HEADER_INVALID.exception("The value '" + value + "' of the header '" + NAME + "' is not a"
                    + " valid duration.", "Verify that the value of the header '" + NAME + "' is a number of"
                    + " seconds, or a number followed by 'ms', 's' or 'm', e.g. '42s', and try again.");
        }
        // At most 12 digits, so even minutes in milliseconds stay far inside a long.
        long millis = Long.parseLong(m.group(1)) * switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "m" -> 60_000;
            default -> 1_000;
        };
        if (millis > MAX.toMillis()) {
            throw INVALID.exception("The timeout <" + millis + "ms> is not inside its allowed bounds <0ms - "
                    + MAX.toMillis() + "ms>");
        }
        return Optional.of(Duration.ofMillis(millis));
    }
}
