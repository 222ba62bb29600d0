package org.dayuan.twin;

import java.util.List;
import java.util.Optional;

/** One page of search results and, when more follow, the cursor that fetches the next page. */
public record SearchResult(List<Twin> items, Optional<String> cursor) {
    public SearchResult {
        items = List.copyOf(items);
    }
}
