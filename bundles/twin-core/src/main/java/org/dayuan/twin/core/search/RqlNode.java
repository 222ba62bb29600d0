package org.dayuan.twin.core.search;

import java.util.List;

/**
 * An RQL filter as parsed, before it is compiled into a {@link Matcher}: plain Java values (a literal is a
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}), no JSON library types, so the
 * planner can read it and tests can compare it.
 */
sealed interface RqlNode {

    /** The comparisons taking one value, with their RQL names. */
    enum Op {
        EQ("eq"), NE("ne"), GT("gt"), GE("ge"), LT("lt"), LE("le");

        final String rql;

        Op(String rql) {
            this.rql = rql;
        }

        /** Whether a value that compares as {@code c} (negative, 0, positive) against the literal passes. */
        boolean accepts(int c) {
            return switch (this) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
    }

    record And(List<RqlNode> children) implements RqlNode {
        public And {
            children = List.copyOf(children);
        }
    }

    record Or(List<RqlNode> children) implements RqlNode {
        public Or {
            children = List.copyOf(children);
        }
    }

    record Not(RqlNode child) implements RqlNode {
    }

    /** {@code value} is a {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}. */
    record Compare(Op op, Field field, Object value) implements RqlNode {
    }

    /** {@code values} may contain {@code null}, so it is an unmodifiable list rather than {@code List.of}. */
    record In(Field field, List<Object> values) implements RqlNode {
    }

    /** Ditto's {@code like} ({@code ignoreCase} false) and {@code ilike}: {@code *} and {@code ?} wildcards. */
    record Like(Field field, String pattern, boolean ignoreCase) implements RqlNode {
    }

    record Exists(Field field) implements RqlNode {
    }

    /** Ditto 3.9's {@code empty}: absent, null, {@code []}, {@code {}} or {@code ""}. */
    record Empty(Field field) implements RqlNode {
    }
}
