package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;

/**
 * Chooses the smallest set of candidate twins a filter can match, so search evaluates the filter on those only.
 *
 * <p>Only conditions every match must meet can narrow the search: the {@code namespaces} parameter and the
 * top-level conjuncts of the filter (the filter itself, or the operands of a top-level {@code and}, flattened).
 * Each conjunct that an index answers yields a candidate set:
 * <ul>
 * <li>{@code eq} or {@code in} on an indexed field (namespace, definition, {@code _parent}/{@code attributes/parent}
 * and the configured paths) or on {@code thingId}: the ids filed under the value(s); sizes are known for free;</li>
 * <li>{@code like(thingId,"prefix*")} and {@code gt/ge/lt/le} on {@code thingId}: a range of the thingId order;</li>
 * <li>{@code eq(_ancestors,"id")}: the subtree below that twin, from the parent index.</li>
 * </ul>
 * Ranges and subtrees are counted only up to the smallest set found so far, so a cheap narrow set is never beaten by
 * a costly count. The smallest set wins; with none, search scans every twin. Disjunctions ({@code or}, {@code not})
 * never narrow: a full scan evaluates them.
 */
final class Planner {
    private final SearchIndex index;

    Planner(SearchIndex index) {
        this.index = index;
    }

    Plan plan(RqlNode filter, Collection<String> namespaces) {
        Plan best = namespaces.isEmpty() ? null : namespaces(namespaces);
        List<RqlNode> conjuncts = new ArrayList<>();
        flatten(filter, conjuncts);
        for (RqlNode c : conjuncts) {
            best = smaller(best, indexed(c));
        }
        for (RqlNode c : conjuncts) {
            best = smaller(best, counted(c, best == null ? Long.MAX_VALUE : best.estimate()));
        }
        return best != null ? best : Plan.of(index.entries(), index.size(), "scan");
    }

    private static void flatten(RqlNode node, List<RqlNode> out) {
        if (node instanceof RqlNode.And and) {
            and.children().forEach(c -> flatten(c, out));
        } else if (node != null) {
            out.add(node);
        }
    }

    private static Plan smaller(Plan best, Plan candidate) {
        return candidate != null && (best == null || candidate.estimate() < best.estimate()) ? candidate : best;
    }

    private Plan namespaces(Collection<String> namespaces) {
        List<Plan> parts = new ArrayList<>();
        for (String ns : namespaces) {
            IdSet ids = index.namespace(ns);
            if (ids != null) {
                parts.add(Plan.of(ids.ids(), ids.size(), "namespace " + ns, index));
            }
        }
        return Plan.union(parts, "namespaces " + namespaces);
    }

    /** A candidate set whose size an index knows: equality on an indexed field or on thingId. */
    private Plan indexed(RqlNode c) {
        if (c instanceof RqlNode.Compare cmp && cmp.op() == RqlNode.Op.EQ) {
            return equalTo(cmp.field(), Collections.singletonList(cmp.value()));
        }
        if (c instanceof RqlNode.In in) {
            return equalTo(in.field(), in.values());
        }
        if (c instanceof RqlNode.Like like && like.field().kind() == Field.Kind.THING_ID
                && new Glob(like.pattern(), like.ignoreCase()).isExact()) {
            return equalTo(like.field(), List.of(like.pattern()));
        }
        return null;
    }

    /** {@code values} may hold null: {@code eq(x,null)} is looked up under the key of null. */
    private Plan equalTo(Field field, List<Object> values) {
        if (field.kind() == Field.Kind.THING_ID) {
            TreeSet<String> ids = new TreeSet<>();
            for (Object v : values) {
                if (v instanceof String s && index.entry(s) != null) {
                    ids.add(s);
                }
            }
            return Plan.of(ids, ids.size(), "thingId", index);
        }
        KeyIndex keys = index.indexFor(field);
        if (keys == null) {
            return null;
        }
        List<Plan> parts = new ArrayList<>();
        for (Object v : values) {
            IdSet ids = keys.get(JsonValues.key(v));
            if (ids != null) {
                parts.add(Plan.of(ids.ids(), ids.size(), "index " + field, index));
            }
        }
        return Plan.union(parts, "index " + field);
    }

    /** A candidate set that must be counted, up to {@code limit}: a thingId range or a subtree. */
    private Plan counted(RqlNode c, long limit) {
        if (c instanceof RqlNode.Like like && like.field().kind() == Field.Kind.THING_ID) {
            String prefix = new Glob(like.pattern(), like.ignoreCase()).prefix();
            return prefix == null ? null : range(index.entries().subMap(prefix, true, successor(prefix), false), limit,
                    "thingId prefix " + prefix);
        }
        if (c instanceof RqlNode.Compare cmp && cmp.field().kind() == Field.Kind.THING_ID
                && cmp.value() instanceof String s && cmp.op() != RqlNode.Op.EQ && cmp.op() != RqlNode.Op.NE) {
            NavigableMap<String, Entry> all = index.entries();
            NavigableMap<String, Entry> part = switch (cmp.op()) {
                case GT -> all.tailMap(s, false);
                case GE -> all.tailMap(s, true);
                case LT -> all.headMap(s, false);
                default -> all.headMap(s, true);
            };
            return range(part, limit, "thingId range");
        }
        if (c instanceof RqlNode.Compare cmp && cmp.op() == RqlNode.Op.EQ
                && cmp.field().kind() == Field.Kind.ANCESTORS && cmp.value() instanceof String root) {
            TreeSet<String> below = new TreeSet<>();
            int max = (int) Math.min(limit, Integer.MAX_VALUE);
            return index.collectDescendants(root, 0, max, below) ? Plan.of(below, below.size(), "subtree of " + root,
                    index) : null;
        }
        return null;
    }

    /** The range, when it holds fewer than {@code limit} twins; a range is walked to count it. */
    private static Plan range(NavigableMap<String, Entry> range, long limit, String description) {
        long n = 0;
        for (String ignored : range.keySet()) {
            if (++n >= limit) {
                return null;
            }
        }
        return Plan.of(range, n, description);
    }

    /** The least string greater than every string starting with {@code prefix}. */
    static String successor(String prefix) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() > 0) {
            char last = b.charAt(b.length() - 1);
            if (last != Character.MAX_VALUE) {
                b.setCharAt(b.length() - 1, (char) (last + 1));
                return b.toString();
            }
            b.setLength(b.length() - 1);
        }
        return String.valueOf(Character.MAX_VALUE).repeat(2);
    }
}
