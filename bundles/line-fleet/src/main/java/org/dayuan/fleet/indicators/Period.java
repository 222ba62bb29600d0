package org.dayuan.fleet.indicators;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dayuan.twin.ErrorCode;

/**
 * A month ({@code 2026-11}), quarter ({@code 2026-Q4}) or year ({@code 2026}) in Asia/Shanghai, as the half-open
 * interval {@code [start, end)} and the months it spans.
 */
public record Period(String text, ZonedDateTime start, ZonedDateTime end) {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?");

    /** The period {@code text} names; a 400 {@code things:parameter.invalid} for anything else. */
    public static Period parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 2000) {
            throw ErrorCode.PARAMETER_INVALID.exception("The period '" + text + "' is none of a month like 2026-11,"
                    + " a quarter like 2026-Q4 or a year like 2026 (from 2000 on).");
        }
        int year = Integer.parseInt(m.group(1));
        YearMonth first;
        int months;
        if (m.group(2) != null) {
            first = YearMonth.of(year, Integer.parseInt(m.group(2)));
            months = 1;
        } else if (m.group(3) != null) {
            first = YearMonth.of(year, (Integer.parseInt(m.group(3)) - 1) * 3 + 1);
            months = 3;
        } else {
            first = YearMonth.of(year, 1);
            months = 12;
        }
        ZonedDateTime start = first.atDay(1).atStartOfDay(ZONE);
        return new Period(m.group(), start, start.plusMonths(months));
    }

    /** The month in Asia/Shanghai that holds {@code now}. */
    public static Period monthOf(Instant now) {
        return parse(YearMonth.from(now.atZone(ZONE)).toString());
    }

    public YearMonth firstMonth() {
        return YearMonth.from(start);
    }

    public YearMonth lastMonth() {
        return YearMonth.from(end.minusNanos(1));
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start.toInstant()) && t.isBefore(end.toInstant());
    }
}
