package org.dayuan.twin;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The headers and query parameters of Ditto's history API, and how their text is read: once, here, so every HTTP
 * resource answers a malformed value with the same {@link ErrorCode#PARAMETER_INVALID} naming it. The limits every
 * API over a time range applies live here too: years {@value #FIRST_YEAR} to {@value #LAST_YEAR}, and at most
 * {@link TimeSeries#MAX_POINTS} points per answer.
 */
public final class HistoryParameters {
    public static final String AT_HISTORICAL_REVISION = "at-historical-revision";
    public static final String AT_HISTORICAL_TIMESTAMP = "at-historical-timestamp";
    public static final String FROM_HISTORICAL_REVISION = "from-historical-revision";
    public static final String TO_HISTORICAL_REVISION = "to-historical-revision";
    public static final String FROM_HISTORICAL_TIMESTAMP = "from-historical-timestamp";
    public static final String TO_HISTORICAL_TIMESTAMP = "to-historical-timestamp";

    /**
     * The first and last year a time parameter may name. Nothing Dayuan keeps is older than 1970, and a range ending
     * in year 1,000,000,000 (which ISO-8601 allows) only makes work: what is not counted cannot overflow.
     */
    public static final int FIRST_YEAR = 1970;
    public static final int LAST_YEAR = 9999;

    private HistoryParameters() {
    }

    /** A revision: a whole number, 0 or more. */
    public static long revision(String name, String value) {
        try {
            long revision = Long.parseLong(value.trim());
            if (revision >= 0) {
                return revision;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw invalid(name, value, "a revision number, 0 or more");
    }

    /**
     * An ISO-8601 instant with {@code Z} or an offset, e.g. {@code 2025-03-01T08:00:00Z} or
     * {@code 2025-03-01T16:00+08:00}. A space stands for '+', which an unencoded query string turns into one.
     */
    public static Instant instant(String name, String value) {
        OffsetDateTime parsed = null;
        if (value != null) {
            try {
                parsed = OffsetDateTime.parse(value.trim().replace(' ', '+'));
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (parsed == null) {
            throw invalid(name, value, "an ISO-8601 timestamp with zone, e.g. 2025-03-01T08:00:00Z");
        }
        requireYear(name, value, parsed.getYear());
        return parsed.toInstant();
    }

    /** Refuses {@code value} of parameter {@code name} unless its {@code year} lies in the years allowed. */
    public static void requireYear(String name, String value, int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw invalid(name, value, "in the years " + FIRST_YEAR + " to " + LAST_YEAR);
        }
    }

    /**
     * Refuses an answer of more than {@link TimeSeries#MAX_POINTS} points, before anything is read: {@code range}
     * says what makes them ("From ... to ... in steps of PT1M"), {@code advice} how to ask for fewer.
     */
    public static void requirePoints(String range, long points, String advice) {
        if (points > TimeSeries.MAX_POINTS) {
            throw ErrorCode.PARAMETER_INVALID.exception(range + " makes " + points + " points, more than the "
                    + TimeSeries.MAX_POINTS + " allowed.", advice);
        }
    }

    /** A positive ISO-8601 duration, e.g. {@code PT15M} or {@code P1D}. */
    public static Duration duration(String name, String value) {
        if (value != null) {
            try {
                Duration d = Duration.parse(value.trim());
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw invalid(name, value, "a positive ISO-8601 duration, e.g. PT15M or P1D");
    }

    /**
     * The range of a historical stream from Ditto's four query parameters, read through {@code parameter} (null
     * when absent); empty when neither {@code from-} parameter is given. Revisions and timestamps cannot be mixed,
     * and a {@code to-} parameter needs its {@code from-}.
     */
    public static Optional<HistoryRange> range(UnaryOperator<String> parameter) {
        String fromRevision = parameter.apply(FROM_HISTORICAL_REVISION);
        String toRevision = parameter.apply(TO_HISTORICAL_REVISION);
        String fromTimestamp = parameter.apply(FROM_HISTORICAL_TIMESTAMP);
        String toTimestamp = parameter.apply(TO_HISTORICAL_TIMESTAMP);
        boolean revisions = fromRevision != null || toRevision != null;
        boolean timestamps = fromTimestamp != null || toTimestamp != null;
        if (revisions && timestamps) {
            throw ErrorCode.PARAMETER_INVALID.exception("Use either the revision or the timestamp parameters of a"
                    + " historical stream, not both.");
        }
        if (revisions) {
            long from = revision(FROM_HISTORICAL_REVISION, required(FROM_HISTORICAL_REVISION, fromRevision));
            long to = toRevision == null ? Long.MAX_VALUE : revision(TO_HISTORICAL_REVISION, toRevision);
            return Optional.of(new HistoryRange.Revisions(from, to));
        }
        if (timestamps) {
            Instant from = instant(FROM_HISTORICAL_TIMESTAMP, required(FROM_HISTORICAL_TIMESTAMP, fromTimestamp));
            Instant to = toTimestamp == null ? Instant.MAX : instant(TO_HISTORICAL_TIMESTAMP, toTimestamp);
            return Optional.of(new HistoryRange.Instants(from, to));
        }
        return Optional.empty();
    }

    /** {@code value}, or a 400 saying that parameter {@code name} is missing. */
    public static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' is required.");
        }
        return value;
    }

    private static DayuanException invalid(String name, String value, String expected) {
        String shown = value == null ? "nothing" : "<" + (value.length() > 100 ? value.substring(0, 100) + "..." : value)
                + ">";
        return ErrorCode.PARAMETER_INVALID.exception("The parameter '" + name + "' must be " + expected + ", not "
                + shown + ".");
    }
}
