package org.dayuan.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Searches the registry with Eclipse Ditto's RQL. Results always reflect every acknowledged write
 * (read-your-writes). Malformed filters or options throw a 400 {@link DayuanException} naming the position.
 */
@ProviderType
public interface TwinSearch {

    /** One page of the twins matching the query, in its sort order. */
    SearchResult search(Caller caller, SearchQuery query);

    /** How many twins match {@code filter} (null or blank: all) in {@code namespaces} (empty: all). */
    long count(Caller caller, String filter, List<String> namespaces);

    /**
     * The twins below {@code root} (not root itself) down to {@code depth} levels (1 = children; 0 or less = all
     * levels) that match {@code filter} (null or blank: all), in thingId order.
     */
    List<Twin> descendants(Caller caller, TwinId root, String filter, int depth);

    /**
     * Compiles an RQL filter into a test of one twin as {@code caller} sees it, for streams and other in-memory
     * uses: {@code _parent} and {@code _ancestors} reach only twins the caller may see.
     */
    Predicate<Twin> filter(Caller caller, String rql);

    /**
     * Every twin matching {@code filter} that {@code caller} sees, sorted by thingId, read page by page: for the
     * figures and indexes that need all of them, not the first page. Bounded by what matches, so filter well.
     */
    default List<Twin> all(Caller caller, String filter) {
        List<Twin> out = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            // 200: the largest page org.dayuan.search allows unless configured lower, which no county needs
            String option = "sort(+thingId),size(200)"
                    + cursor.map(c -> ",cursor(" + c + ")").orElse("");
            SearchResult page = search(caller, new SearchQuery(filter, List.of(), option));
            out.addAll(page.items());
            cursor = page.cursor();
        } while (cursor.isPresent());
        return out;
    }

    /**
     * Rebuilds the search indexes from the registry's twins and returns how many twins they hold: for an operator
     * ({@code dayuan:reindex}) after changing what is indexed or when results look wrong. Searches meanwhile answer
     * from the old indexes. Only an admin may ({@link ErrorCode#ACCESS_FORBIDDEN} otherwise).
     */
    default int reindex(Caller caller) {
        throw new UnsupportedOperationException("This search cannot rebuild its indexes.");
    }

    /** {@code text} as an RQL string literal, quotes and backslashes escaped: {@code eq(attributes/plate,<here>)}. */
    static String literal(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
