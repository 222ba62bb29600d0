package org.dayuan.office.ledger;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Room model enum as a clerk types it: the model's value ({@code inUse}) or its Chinese label ({@code 在用}, and a
 * few short forms). Exports write the label, which imports back to the same value.
 */
final class Choice {
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> accepted = new LinkedHashMap<>();

    /** {@code pairs}: value, label, value, label, ...; a label may be {@code 出租|出借}: more spellings of one value. */
    Choice(String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String value = pairs[i];
            String[] spellings = pairs[i + 1].split("\\|");
            labels.put(value, spellings[0]);
            accepted.put(value.toLowerCase(Locale.ROOT), value);
            for (String s : spellings) {
                accepted.put(s, value);
            }
        }
    }

    Optional<String> value(String text) {
        String t = text.strip();
        return Optional.ofNullable(accepted.getOrDefault(t, accepted.get(t.toLowerCase(Locale.ROOT))));
    }

    String label(String value) {
        return labels.getOrDefault(value, value);
    }

    /** What may be typed, for an error message. */
    String expected() {
        return labels.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")")
                .collect(Collectors.joining(", "));
    }
}
