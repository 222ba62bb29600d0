package org.dayuan.twin.core.search;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled RQL filter: a tree of small immutable tests, safe to share between threads, that allocate nothing per
 * twin beyond what reading the twin costs.
 *
 * <p>Semantics follow Ditto's search index: a comparison matches when any value the field reaches matches (so
 * {@code eq} on an array matches any element); values of another type never match; {@code ne} matches twins that
 * have the field and no value equal to the literal; {@code not} matches everything its operand does not.
 */
@FunctionalInterface
interface Matcher {
    Matcher ALL = (e, all) -> true;

    boolean matches(Entry e, Entries all);

    /** Compiles a parsed filter; null (no filter) matches everything. */
    static Matcher compile(RqlNode node) {
        if (node == null) {
            return ALL;
        }
        if (node instanceof RqlNode.And and) {
            Matcher[] parts = compileAll(and.children());
            return (e, all) -> {
                for (Matcher m : parts) {
                    if (!m.matches(e, all)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (node instanceof RqlNode.Or or) {
            Matcher[] parts = compileAll(or.children());
            return (e, all) -> {
                for (Matcher m : parts) {
                    if (m.matches(e, all)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (node instanceof RqlNode.Not not) {
            Matcher inner = compile(not.child());
            return (e, all) -> !inner.matches(e, all);
        }
        if (node instanceof RqlNode.Compare c && c.op() == RqlNode.Op.NE) {
            Field f = c.field();
            Matcher equal = new Comparison(f, RqlNode.Op.EQ, c.value());
            return (e, all) -> f.reach(e, all, n -> true) && !equal.matches(e, all);
        }
        if (node instanceof RqlNode.Compare c) {
            return new Comparison(c.field(), c.op(), c.value());
        }
        if (node instanceof RqlNode.In in) {
            return new OneOf(in.field(), in.values());
        }
        if (node instanceof RqlNode.Like like) {
            return new Like(like.field(), new Glob(like.pattern(), like.ignoreCase()));
        }
        if (node instanceof RqlNode.Exists ex) {
            Field f = ex.field();
            return (e, all) -> f.reach(e, all, n -> true);
        }
        Field f = ((RqlNode.Empty) node).field();
        return (e, all) -> !f.reach(e, all, n -> !JsonValues.isEmpty(n));
    }

    private static Matcher[] compileAll(List<RqlNode> nodes) {
        return nodes.stream().map(Matcher::compile).toArray(Matcher[]::new);
    }

    /**
     * A matcher that tests the values a field reaches, one at a time: an array reached at the end of the field is
     * tested element by element, as Ditto's index stores array elements as values of the field.
     */
    abstract class ValueMatcher implements Matcher, Field.NodeTest {
        private final Field field;

        ValueMatcher(Field field) {
            this.field = field;
        }

        @Override
        public final boolean matches(Entry e, Entries all) {
            return field.reach(e, all, this);
        }

        @Override
        public final boolean test(JsonNode node) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (matchesValue(node.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            return matchesValue(node);
        }

        abstract boolean matchesValue(JsonNode value);
    }

    /** {@code eq}, {@code gt}, {@code ge}, {@code lt}, {@code le}. */
    final class Comparison extends ValueMatcher {
        private final RqlNode.Op op;
        private final Object literal;

        Comparison(Field field, RqlNode.Op op, Object literal) {
            super(field);
            this.op = op;
            this.literal = literal;
        }

        @Override
        boolean matchesValue(JsonNode value) {
            int c = JsonValues.compare(value, literal);
            return c != JsonValues.INCOMPARABLE && op.accepts(c);
        }
    }

    /** {@code in}: equal to any of the literals. */
    final class OneOf extends ValueMatcher {
        private final Object[] literals;

        OneOf(Field field, List<Object> literals) {
            super(field);
            this.literals = literals.toArray();
        }

        @Override
        boolean matchesValue(JsonNode value) {
            for (Object literal : literals) {
                if (JsonValues.compare(value, literal) == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code like} and {@code ilike}: only strings match a pattern. */
    final class Like extends ValueMatcher {
        private final Glob glob;

        Like(Field field, Glob glob) {
            super(field);
            this.glob = glob;
        }

        @Override
        boolean matchesValue(JsonNode value) {
            return value.isTextual() && glob.matches(value.textValue());
        }
    }
}
