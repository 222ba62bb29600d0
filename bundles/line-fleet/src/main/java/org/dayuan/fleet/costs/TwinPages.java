package org.dayuan.fleet.costs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/** Every twin an RQL search finds, page by page: ledgers and indicators need all of them, not a first page. */
public final class TwinPages {
    private static final int PAGE = 200;

    private TwinPages() {
    }

    /** The twins matching {@code filter} that {@code caller} sees, by thingId. */
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

    /** An RQL string literal. */
    public static String literal(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
