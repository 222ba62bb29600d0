package org.dayuan.twin;

import java.util.List;
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
}
