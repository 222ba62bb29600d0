package org.dayuan.energy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.dayuan.alarms.Severity;

/**
 * Typed, read-only view of the line's flat config (the OSGi properties as strings). Every getter takes the
 * default documented for its key, so the domain classes own their defaults; a value that does not parse throws
 * an {@link IllegalArgumentException} naming the key, which the wiring turns into a refused configuration.
 */
public final class Settings {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Blank values count as absent, so an emptied line in a .cfg file restores the default. */
    public static Settings of(Map<String, String> config) {
        var copy = new TreeMap<String, String>();
        config.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                copy.put(k.trim(), v.trim());
            }
        });
        return new Settings(copy);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    /**
     * An alarm severity (info, warning, major, critical), as the alarm service takes it: a misspelt one is refused
     * with the configuration rather than failing every alarm the rule raises.
     */
    public String severity(String key, String def) {
        String v = values.getOrDefault(key, def);
        try {
            return Severity.of(v).json();
        } catch (IllegalArgumentException e) {
            throw invalid(key, v, "is not a severity: info, warning, major or critical");
        }
    }

    public double number(String key, double def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        return parseNumber(key, v);
    }

    /** A number that must be &gt; 0, for factors, limits and durations where zero would disable the check. */
    public double positive(String key, double def) {
        double v = number(key, def);
        if (!(v > 0)) {
            throw invalid(key, values.get(key), "must be greater than 0");
        }
        return v;
    }

    public int integer(String key, int def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "is not a whole number");
        }
    }

    public LocalTime time(String key, LocalTime def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            return LocalTime.parse(v);
        } catch (DateTimeException e) {
            throw invalid(key, v, "is not a time like 08:30");
        }
    }

    public ZoneId zone(String key, ZoneId def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw invalid(key, v, "is not a time zone like Asia/Shanghai");
        }
    }

    /** Comma-separated ISO dates (2024-10-01,2024-10-02); absent means none. */
    public List<LocalDate> dates(String key) {
        var out = new ArrayList<LocalDate>();
        for (String item : list(key)) {
            try {
                out.add(LocalDate.parse(item));
            } catch (DateTimeException e) {
                throw invalid(key, item, "is not an ISO date like 2024-10-01");
            }
        }
        return out;
    }

    /** Comma-separated items, trimmed, empty items dropped; absent means none. */
    public List<String> list(String key) {
        String v = values.get(key);
        var out = new ArrayList<String>();
        if (v != null) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    /** Whether {@code v} is a plain decimal number; Java's parser would also take "NaN", "Infinity" and "1d". */
    static boolean isNumber(String v) {
        return NUMBER.matcher(v).matches();
    }

    static double parseNumber(String key, String v) {
        if (!isNumber(v)) {
            throw invalid(key, v, "is not a number");
        }
        return Double.parseDouble(v);
    }

    static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("config key '" + key + "': '" + value + "' " + why);
    }
}
