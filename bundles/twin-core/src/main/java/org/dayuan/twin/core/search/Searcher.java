package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * Ditto's thing search over a {@link SearchIndex}, free of OSGi: parses the filter and options, lets the
 * {@link Planner} pick the candidates, evaluates the filter on each and pages the matches with cursors.
 */
final class Searcher {
    /** Compiled filters kept for reuse; dashboards repeat the same few filters many times a second. */
    private static final int MAX_CACHED_FILTERS = 1000;

    private record Compiled(RqlNode ast, Matcher matcher) {
    }

    private static final Compiled EVERYTHING = new Compiled(null, Matcher.ALL);

    private record Hit(Entry entry, JsonNode[] key) {
    }

    /** What one page is asked for: {@code after} is null on the first page, else the cursor's position. */
    private record Page(String filter, List<String> namespaces, SortSpec sort, JsonNode[] after) {
    }

    private final SearchIndex index;
    private final Planner planner;
    private final int defaultSize;
    private final int maxSize;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private final LongAdder evaluated = new LongAdder();

    Searcher(SearchIndex index, int defaultSize, int maxSize) {
        this.index = index;
        this.planner = new Planner(index);
        this.defaultSize = defaultSize;
        this.maxSize = maxSize;
    }

    /** How often a filter has been evaluated on a twin: what the planner saves. */
    long evaluated() {
        return evaluated.sum();
    }

    SearchResult search(Caller caller, SearchQuery query) {
        SearchOptions options = SearchOptions.parse(query.option(), maxSize);
        Page page = options.cursor() == null
                ? new Page(blankToNull(query.filter()), namespaces(query.namespaces()),
                        options.sort() == null ? SortSpec.BY_THING_ID : options.sort(), null)
                : continued(query, options);
        int size = options.size() == null ? defaultSize : options.size();
        Compiled f = compile(page.filter());
        Plan plan = planner.plan(f.ast(), page.namespaces());
        Set<String> inNamespaces = page.namespaces().isEmpty() ? null : Set.copyOf(page.namespaces());
        List<Hit> hits = page.sort().byThingId()
                ? firstInIdOrder(caller, f.matcher(), plan, inNamespaces, page.sort(), page.after(), size + 1)
                : firstInSortOrder(caller, f.matcher(), plan, inNamespaces, page.sort(), page.after(), size + 1);
        List<Twin> items = new ArrayList<>(Math.min(hits.size(), size));
        for (int i = 0; i < hits.size() && i < size; i++) {
            items.add(hits.get(i).entry().twin());
        }
        Optional<String> next = Optional.empty();
        if (hits.size() > size) {
            Entry last = hits.get(size - 1).entry();
            next = Optional.of(new Cursor(page.filter(), page.namespaces(), page.sort().text(),
                    page.sort().keyOf(last)).encode());
        }
        return new SearchResult(items, next);
    }

    /**
     * The page a cursor continues: its query, which the request may repeat but not change (Ditto's rule), and the
     * position after which the page starts.
     */
    private Page continued(SearchQuery query, SearchOptions options) {
        Cursor c = Cursor.decode(options.cursor());
        SortSpec sort = SearchOptions.parse(c.sort(), maxSize).sort();
        if (sort == null || c.after().length != sort.keys().size()) {
            throw Cursor.invalid();
        }
        String filter = blankToNull(query.filter());
        if (filter != null && !filter.equals(c.filter())) {
            throw Cursor.invalid("The parameter 'filter' must not differ from the original query of the cursor.");
        }
        List<String> namespaces = namespaces(query.namespaces());
        if (!namespaces.isEmpty() && !Set.copyOf(namespaces).equals(Set.copyOf(c.namespaces()))) {
            throw Cursor.invalid("The parameter 'namespaces' must not differ from the original query of the cursor.");
        }
        if (options.sort() != null && !options.sort().equals(sort)) {
            throw Cursor.invalid("The option 'sort' must not differ from the original query of the cursor.");
        }
        return new Page(c.filter(), c.namespaces(), sort, c.after());
    }

    /** When thingId leads the sort, the candidates already come in order: stop after {@code limit} matches. */
    private List<Hit> firstInIdOrder(Caller caller, Matcher m, Plan plan, Set<String> namespaces, SortSpec sort,
                                     JsonNode[] after, int limit) {
        String afterId = null;
        if (after != null) {
            if (after[0] == null || !after[0].isTextual()) {
                throw Cursor.invalid();
            }
            afterId = after[0].textValue();
        }
        Entries visible = visibleTo(caller);
        List<Hit> out = new ArrayList<>(limit);
        for (Iterator<Entry> it = plan.entries(afterId, sort.descending()); it.hasNext() && out.size() < limit; ) {
            Entry e = it.next();
            if (test(caller, visible, m, e, namespaces)) {
                out.add(new Hit(e, null));
            }
        }
        return out;
    }

    /** Otherwise every match is ranked, keeping only the best {@code limit} after the cursor in a bounded heap. */
    private List<Hit> firstInSortOrder(Caller caller, Matcher m, Plan plan, Set<String> namespaces, SortSpec sort,
                                       JsonNode[] after, int limit) {
        PriorityQueue<Hit> worstFirst = new PriorityQueue<>((a, b) -> sort.compare(b.key(), a.key()));
        Entries visible = visibleTo(caller);
        for (Iterator<Entry> it = plan.entries(null, false); it.hasNext(); ) {
            Entry e = it.next();
            if (!test(caller, visible, m, e, namespaces)) {
                continue;
            }
            JsonNode[] key = sort.keyOf(e);
            if (after != null && sort.compare(key, after) <= 0) {
                continue;
            }
            worstFirst.add(new Hit(e, key));
            if (worstFirst.size() > limit) {
                worstFirst.poll();
            }
        }
        List<Hit> out = new ArrayList<>(worstFirst);
        out.sort((a, b) -> sort.compare(a.key(), b.key()));
        return out;
    }

    long count(Caller caller, String filter, List<String> namespaces) {
        List<String> ns = namespaces(namespaces);
        Compiled f = compile(blankToNull(filter));
        Set<String> inNamespaces = ns.isEmpty() ? null : Set.copyOf(ns);
        Entries visible = visibleTo(caller);
        long n = 0;
        for (Iterator<Entry> it = planner.plan(f.ast(), ns).entries(null, false); it.hasNext(); ) {
            if (test(caller, visible, f.matcher(), it.next(), inNamespaces)) {
                n++;
            }
        }
        return n;
    }

    List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
        if (index.entry(root.toString()) == null || !caller.sees(root)) {
            throw ThingPaths.notFound(root, JsonPointer.empty());
        }
        Matcher m = compile(blankToNull(filter)).matcher();
        TreeSet<String> below = new TreeSet<>();
        index.collectDescendants(root.toString(), depth, Integer.MAX_VALUE, below);
        Entries visible = visibleTo(caller);
        List<Twin> out = new ArrayList<>();
        for (String id : below) {
            Entry e = index.entry(id);
            if (e != null && test(caller, visible, m, e, null)) {
                out.add(e.twin());
            }
        }
        return out;
    }

    /**
     * A test of single twins, for streams, as {@code caller} sees them: a twin the index holds is tested through its entry (feature ids already
     * known); any other twin (an older or newer revision, or one never stored) gets an entry of its own.
     */
    Predicate<Twin> predicate(Caller caller, String rql) {
        Matcher m = compile(blankToNull(rql)).matcher();
        Entries visible = visibleTo(caller);
        return twin -> {
            Entry e = index.entry(twin.id().toString());
            return m.matches(e != null && e.twin() == twin ? e : Entry.of(twin), visible);
        };
    }

    private boolean test(Caller caller, Entries visible, Matcher m, Entry e, Set<String> namespaces) {
        if (namespaces != null && !namespaces.contains(e.twin().id().namespace()) || !caller.sees(e.twin().id())) {
            return false;
        }
        evaluated.increment();
        return m.matches(e, visible);
    }

    /**
     * The twins {@code caller} may see, for filters that look at other twins than the one tested ({@code _parent},
     * {@code _ancestors}): a hidden twin must not make a visible one match, or its id could be probed.
     */
    private Entries visibleTo(Caller caller) {
        if (caller.seesAll()) {
            return index;
        }
        return id -> {
            Entry e = index.entry(id);
            return e != null && caller.sees(e.twin().id()) ? e : null;
        };
    }

    private Compiled compile(String filter) {
        if (filter == null) {
            return EVERYTHING;
        }
        Compiled c = compiled.get(filter);
        if (c == null) {
            RqlNode ast = RqlParser.parse(filter);
            c = new Compiled(ast, Matcher.compile(ast));
            if (compiled.size() >= MAX_CACHED_FILTERS) {
                compiled.clear();
            }
            compiled.put(filter, c);
        }
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The namespaces asked for, blanks dropped; an invalid one is a 400. */
    private static List<String> namespaces(List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String ns : requested) {
            String n = ns == null ? "" : ns.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!TwinId.isValidNamespace(n)) {
                throw ErrorCode.PARAMETER_INVALID.exception("The namespace <" + n + "> in 'namespaces' is invalid.");
            }
            if (seen.add(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
