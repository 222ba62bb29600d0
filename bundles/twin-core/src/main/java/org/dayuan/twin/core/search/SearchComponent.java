package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.core.Registry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ditto's thing search over the registry, published to other bundles as {@link TwinSearch} through
 * {@link org.dayuan.twin.core.grants.BundleSearch}, bounded by each bundle's grant. Its index listens to the
 * registry itself, which updates it before acknowledging a write, so every search sees every acknowledged write.
 *
 * <p>No {@code @Modified}: changing the indexed paths means rebuilding the index, which is exactly what a
 * reactivation does. Search applies the registry's access rules: a twin the caller may not see is never
 * matched, counted or named, so neither results nor counts reveal it.
 */
@Component(service = SearchComponent.class, configurationPid = SearchComponent.PID, immediate = true)
@Designate(ocd = SearchConfig.class)
public final class SearchComponent implements TwinSearch {
    static final String PID = "org.dayuan.search";
    private static final Logger LOG = LoggerFactory.getLogger(SearchComponent.class);

    private final Registry registry;
    private final List<Field> paths;
    private final int defaultPageSize;
    private final int maxPageSize;
    /** Replaced together by {@link #reindex}; a search reads the searcher once and so one index throughout. */
    private volatile SearchIndex index;
    private volatile Searcher searcher;

    @Activate
    public SearchComponent(@Reference Registry registry, SearchConfig config) {
        this(registry, List.of(config.indexedPaths()), config.defaultPageSize(), config.maxPageSize());
    }

    /** Search over {@code registry} as configured by the values of {@link SearchConfig}, for wiring without OSGi. */
    public SearchComponent(Registry registry, List<String> indexedPaths, int defaultPageSize, int maxPageSize) {
        check(defaultPageSize >= 1, "defaultPageSize", "must be at least 1");
        check(maxPageSize >= defaultPageSize, "maxPageSize", "must be at least defaultPageSize ("
                + defaultPageSize + ")");
        List<Field> paths = new ArrayList<>();
        for (String entry : indexedPaths) {
            // a .cfg file gives a list as one comma-separated string
            for (String p : entry.split(",")) {
                if (!p.isBlank()) {
                    paths.add(indexedPath(p.trim()));
                }
            }
        }
        long start = System.nanoTime();
        this.registry = registry;
        this.paths = List.copyOf(paths);
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
        this.index = new SearchIndex(paths);
        this.searcher = new Searcher(index, defaultPageSize, maxPageSize);
        registry.addStateListener(index);
        LOG.info("Twin search indexed {} in {} ms", index.describe(), (System.nanoTime() - start) / 1_000_000);
    }

    @Deactivate
    synchronized void deactivate() {
        registry.removeStateListener(index);
    }

    /**
     * Builds fresh indexes from the registry's twins and then swaps them in, so searches meanwhile still answer from
     * the old ones, whole; from the swap on, every acknowledged write is in the new ones, as the new index listens
     * to the registry before it is used.
     */
    @Override
    public synchronized int reindex(Caller caller) {
        caller.require(Caller.Access.ADMINISTER, "rebuild the search index");
        long start = System.nanoTime();
        SearchIndex fresh = new SearchIndex(paths);
        registry.addStateListener(fresh);
        SearchIndex old = index;
        index = fresh;
        searcher = new Searcher(fresh, defaultPageSize, maxPageSize);
        registry.removeStateListener(old);
        LOG.info("Twin search re-indexed by {} ({}): {} in {} ms", caller.subject(), caller.origin(),
                fresh.describe(), (System.nanoTime() - start) / 1_000_000);
        return fresh.size();
    }

    private static Field indexedPath(String path) {
        Field f;
        try {
            f = Field.parse(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": indexedPaths entry '" + path + "' is not a field: "
                    + e.getMessage());
        }
        check(f.kind() == Field.Kind.JSON && f.pointer().size() > 1, "indexedPaths",
                "entry '" + path + "' must be an attribute or feature property path such as attributes/status");
        return f;
    }

    private static void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + " " + problem);
        }
    }

    /** Search's own counter of filter evaluations, for tests and diagnostics. */
    long evaluated() {
        return searcher.evaluated();
    }

    @Override
    public SearchResult search(Caller caller, SearchQuery query) {
        return searcher.search(caller, query);
    }

    @Override
    public long count(Caller caller, String filter, List<String> namespaces) {
        return searcher.count(caller, filter, namespaces);
    }

    @Override
    public List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
        return searcher.descendants(caller, root, filter, depth);
    }

    @Override
    public Predicate<Twin> filter(Caller caller, String rql) {
        return searcher.predicate(caller, rql);
    }
}
