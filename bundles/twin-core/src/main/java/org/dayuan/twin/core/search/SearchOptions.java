package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.List;

import org.dayuan.twin.ErrorCode;

/**
 * Ditto's {@code option} parameter: {@code sort(+field,-field)}, {@code size(n)} and {@code cursor(c)}, separated by
 * commas, each at most once. Null components were not given. Ditto's deprecated {@code limit(offset,count)} is
 * refused, as it pages by offset, which skips and repeats items while twins change. Errors are 400
 * {@link ErrorCode#SEARCH_OPTION_INVALID} naming the 0-based position.
 */
record SearchOptions(SortSpec sort, Integer size, String cursor) {

    static final SearchOptions NONE = new SearchOptions(null, null, null);

    static SearchOptions parse(String text, int maxSize) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        RqlScanner scan = new RqlScanner(text, ErrorCode.SEARCH_OPTION_INVALID, "option");
        SortSpec sort = null;
        Integer size = null;
        String cursor = null;
        while (true) {
            scan.skipSpace();
            int start = scan.pos();
            String name = scan.word();
            switch (name) {
                case "sort" -> {
                    once(scan, start, name, sort);
                    scan.expect('(', "'(' after 'sort'");
                    sort = sort(scan);
                }
                case "size" -> {
                    once(scan, start, name, size);
                    scan.expect('(', "'(' after 'size'");
                    size = size(scan, maxSize);
                }
                case "cursor" -> {
                    once(scan, start, name, cursor);
                    scan.expect('(', "'(' after 'cursor'");
                    scan.skipSpace();
                    cursor = scan.property();
                    if (cursor.isEmpty()) {
                        throw scan.expected("the cursor from a previous result");
                    }
                }
                case "limit" -> throw scan.error(start, "the deprecated option 'limit' is not supported; page with"
                        + " size(n) and the cursor of each result");
                default -> throw name.isEmpty() ? scan.expected("an option (sort, size or cursor)")
                        : scan.error(start, "unknown option '" + name + "'; expected sort, size or cursor");
            }
            scan.expect(')', "')' to close '" + name + "('");
            scan.skipSpace();
            if (scan.atEnd()) {
                return new SearchOptions(sort, size, cursor);
            }
            scan.expect(',', "',' between options");
        }
    }

    private static void once(RqlScanner scan, int start, String name, Object seen) {
        if (seen != null) {
            throw scan.error(start, "the option '" + name + "' is given twice");
        }
    }

    /**
     * Sort entries, each {@code +field} or {@code -field}. A space is read as '+', because an unencoded '+' in a
     * query string arrives as one.
     */
    private static SortSpec sort(RqlScanner scan) {
        List<SortSpec.Key> keys = new ArrayList<>();
        do {
            int signAt = scan.pos();
            char sign = scan.peek();
            if (sign == ' ') {
                scan.skipSpace();
                sign = scan.peek() == '+' || scan.peek() == '-' ? scan.peek() : ' ';
            }
            if (sign == '+' || sign == '-') {
                scan.accept(sign);
            } else if (sign != ' ') {
                throw scan.error(signAt, "expected '+' or '-' before the sort field but found " + scan.found());
            }
            scan.skipSpace();
            int at = scan.pos();
            String property = scan.property();
            if (property.isEmpty()) {
                throw scan.expected("a field to sort by");
            }
            Field field;
            try {
                field = Field.parse(property);
            } catch (IllegalArgumentException e) {
                throw scan.error(at, e.getMessage());
            }
            if (!field.isSortable()) {
                throw scan.error(at, "results cannot be sorted by '" + property + "', which has several values per"
                        + " twin");
            }
            keys.add(new SortSpec.Key(field, sign == '-'));
        } while (scan.accept(','));
        if (scan.peek() != ')') {
            throw scan.expected("',' or ')'");
        }
        return SortSpec.of(keys);
    }

    private static int size(RqlScanner scan, int maxSize) {
        scan.skipSpace();
        int start = scan.pos();
        String digits = scan.property();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw scan.error(start, "expected the page size as a whole number but found "
                    + (digits.isEmpty() ? scan.found() : "'" + digits + "'"));
        }
        long n = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (n < 1 || n > maxSize) {
            throw scan.error(start, "size(" + digits + ") is out of range; it must be from 1 to " + maxSize);
        }
        return (int) n;
    }
}
