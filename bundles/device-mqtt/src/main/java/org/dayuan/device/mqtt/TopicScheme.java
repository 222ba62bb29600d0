package org.dayuan.device.mqtt;

import java.util.List;
import java.util.Optional;

/**
 * Which twin and feature a topic addresses, by a pattern such as {@code dayuan/{namespace}/{name}/{feature}}: one
 * placeholder or literal per topic level. {@link #subscription()} is the MQTT filter that receives every topic the
 * pattern can match.
 */
final class TopicScheme {
    record Target(String thingId, String feature) {
    }

    private final List<String> levels;

    TopicScheme(String pattern) {
        levels = List.of(pattern.split("/", -1));
        for (String needed : List.of("{namespace}", "{name}", "{feature}")) {
            if (levels.stream().filter(needed::equals).count() != 1) {
                throw new IllegalArgumentException("The topic pattern '" + pattern + "' must have " + needed
                        + " exactly once, as a whole topic level");
            }
        }
        if (levels.stream().anyMatch(l -> l.isEmpty() || l.contains("+") || l.contains("#"))) {
            throw new IllegalArgumentException("The topic pattern '" + pattern
                    + "' must not have empty levels or MQTT wildcards");
        }
    }

    String subscription() {
        return String.join("/", levels.stream().map(l -> l.startsWith("{") ? "+" : l).toList());
    }

    Optional<Target> match(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.size()) {
            return Optional.empty();
        }
        String namespace = null;
        String name = null;
        String feature = null;
        for (int i = 0; i < parts.length; i++) {
            switch (levels.get(i)) {
                case "{namespace}" -> namespace = parts[i];
                case "{name}" -> name = parts[i];
                case "{feature}" -> feature = parts[i];
                default -> {
                    if (!levels.get(i).equals(parts[i])) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.of(new Target(namespace + ":" + name, feature));
    }
}
