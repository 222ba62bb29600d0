package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dayuan.twin.ErrorCode;

/**
 * Parses Eclipse Ditto's RQL filter grammar (Ditto's {@code RqlPredicateParser}):
 * <pre>
 * query    = and | or | not | compare | in | like | exists | empty
 * and, or  = ("and" | "or") "(" query { "," query } ")"
 * not      = "not" "(" query ")"
 * compare  = ("eq" | "ne" | "gt" | "ge" | "lt" | "le") "(" field "," value ")"
 * like     = ("like" | "ilike") "(" field "," string ")"
 * in       = "in" "(" field "," value { "," value } ")"
 * exists   = ("exists" | "empty") "(" field ")"
 * value    = string | number | "true" | "false" | "null"
 * string   = '"' chars '"' | "'" chars "'"          (JSON escapes)
 * </pre>
 * Whitespace is allowed between all tokens, numbers may carry an exponent: a superset of what Ditto accepts. Every
 * error is a 400 {@link ErrorCode#RQL_INVALID} naming the 0-based position and what was expected there.
 */
final class RqlParser {
    /** Deeper nesting than any real filter; the limit keeps hostile input from exhausting the stack. */
    static final int MAX_DEPTH = 100;
    private static final String OPERATORS = "and, or, not, eq, ne, gt, ge, lt, le, in, like, ilike, exists or empty";
    private static final String VALUE = "a value (a quoted string, a number, true, false or null)";

    private final RqlScanner scan;

    private RqlParser(String text) {
        this.scan = new RqlScanner(text, ErrorCode.RQL_INVALID, "RQL");
    }

    /** Parses a whole filter. */
    static RqlNode parse(String text) {
        RqlParser p = new RqlParser(text);
        RqlNode root = p.query(0);
        p.scan.skipSpace();
        if (!p.scan.atEnd()) {
            throw p.scan.expected("the end of the filter");
        }
        return root;
    }

    private RqlNode query(int depth) {
        scan.skipSpace();
        int start = scan.pos();
        if (depth >= MAX_DEPTH) {
            throw scan.error(start, "the filter is nested more than " + MAX_DEPTH + " levels deep");
        }
        String op = scan.word();
        if (op.isEmpty()) {
            throw scan.expected("an operator (" + OPERATORS + ")");
        }
        if (!isOperator(op)) {
            throw scan.error(start, "unknown operator '" + op + "'; expected one of " + OPERATORS);
        }
        scan.expect('(', "'(' after '" + op + "'");
        RqlNode node = switch (op) {
            case "and" -> new RqlNode.And(queries(depth));
            case "or" -> new RqlNode.Or(queries(depth));
            case "not" -> new RqlNode.Not(query(depth + 1));
            case "in" -> inList();
            case "like", "ilike" -> like(op.equals("ilike"));
            case "exists" -> new RqlNode.Exists(field());
            case "empty" -> new RqlNode.Empty(field());
            default -> compare(op);
        };
        scan.expect(')', "')' to close '" + op + "('");
        return node;
    }

    private static boolean isOperator(String op) {
        return switch (op) {
            case "and", "or", "not", "in", "like", "ilike", "exists", "empty", "eq", "ne", "gt", "ge", "lt", "le" ->
                    true;
            default -> false;
        };
    }

    private List<RqlNode> queries(int depth) {
        List<RqlNode> out = new ArrayList<>();
        out.add(query(depth + 1));
        while (scan.accept(',')) {
            out.add(query(depth + 1));
        }
        if (scan.peek() != ')') {
            throw scan.expected("',' or ')'");
        }
        return out;
    }

    private RqlNode compare(String op) {
        Field f = field();
        scan.expect(',', "',' after the field");
        Object value = value(f);
        for (RqlNode.Op o : RqlNode.Op.values()) {
            if (o.rql.equals(op)) {
                return new RqlNode.Compare(o, f, value);
            }
        }
        throw new IllegalStateException(op);
    }

    private RqlNode inList() {
        Field f = field();
        scan.expect(',', "',' and a value after the field");
        List<Object> values = new ArrayList<>();
        values.add(value(f));
        while (scan.accept(',')) {
            values.add(value(f));
        }
        if (scan.peek() != ')') {
            throw scan.expected("',' or ')'");
        }
        return new RqlNode.In(f, Collections.unmodifiableList(values));
    }

    private RqlNode like(boolean ignoreCase) {
        Field f = field();
        scan.expect(',', "',' after the field");
        scan.skipSpace();
        int at = scan.pos();
        if (!(value(f) instanceof String pattern)) {
            throw scan.error(at, (ignoreCase ? "ilike" : "like") + " needs a quoted string pattern");
        }
        return new RqlNode.Like(f, pattern, ignoreCase);
    }

    private Field field() {
        scan.skipSpace();
        int start = scan.pos();
        String text = scan.property();
        if (text.isEmpty()) {
            throw scan.expected("a field such as thingId or attributes/name");
        }
        try {
            return Field.parse(text);
        } catch (IllegalArgumentException e) {
            throw scan.error(start, e.getMessage());
        }
    }

    /** A literal; timestamp fields get complete timestamps normalised so they compare chronologically. */
    private Object value(Field f) {
        scan.skipSpace();
        int start = scan.pos();
        char c = scan.peek();
        Object v;
        if (c == '"' || c == '\'') {
            v = scan.quoted();
        } else if (c == '-' || c == '+' || RqlScanner.isDigit(c)) {
            v = scan.number();
        } else {
            String word = scan.word();
            v = switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> throw word.isEmpty() ? scan.expected(VALUE)
                        : scan.error(start, "expected " + VALUE + " but found '" + word + "'; strings need quotes");
            };
        }
        return f.isTimestamp() ? JsonValues.timestampLiteral(v) : v;
    }
}
