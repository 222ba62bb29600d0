package org.dayuan.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/** Every twin a search finds, page by page: the line's figures need all of them, not the first page. */
public final class Searches {
    private static final int PAGE = 200;

    private Searches() {
    }

    /** All twins matching the RQL {@code filter} that {@code caller} sees, sorted by thingId. */
    public static List<Twin> all(TwinSearch search, Caller caller, String filter) {
        List<Twin> out = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            String option = "sort(+thingId),size(" + PAGE + ")" + cursor.map(c -> ",cursor(" + c + ")").orElse("");
            SearchResult page = search.search(caller, new SearchQuery(filter, List.of(), option));
            out.addAll(page.items());
            cursor = page.cursor();
        } while (cursor.isPresent());
        return out;
    }

    /** An RQL string literal: quotes and backslashes escaped. */
    public static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code eq(definition,"...")}. */
    public static String definition(String definition) {
        return "eq(definition," + quote(definition) + ")";
    }
}
