package org.dayuan.alarms;

import java.util.Locale;

/** How urgent an alarm is, lowest first; the JSON value is the lower-case name. */
public enum Severity {
    /** 提示 */ INFO,
    /** 一般 */ WARNING,
    /** 重要 */ MAJOR,
    /** 紧急 */ CRITICAL;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named {@code text} (info, warning, major, critical), or an IllegalArgumentException. */
    public static Severity of(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
