package org.dayuan.alarms;

import java.util.Locale;

/** What verification found (核实结果): a real event, a false alarm (误报), or a test. */
public enum Verification {
    REAL, FALSE, TEST;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result named {@code text} (real, false, test), or an IllegalArgumentException. */
    public static Verification of(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
