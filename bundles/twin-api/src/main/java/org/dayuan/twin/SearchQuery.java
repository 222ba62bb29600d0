package org.dayuan.twin;

import java.util.List;

/**
 * A search as Ditto's {@code /api/2/search/things} takes it: an RQL {@code filter} (null: all), the
 * {@code namespaces} to look in (empty: all) and the {@code option} string ({@code sort(+thingId),size(25),cursor(..)};
 * null: defaults).
 */
public record SearchQuery(String filter, List<String> namespaces, String option) {
    public SearchQuery {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }
}
