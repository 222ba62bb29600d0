package org.dayuan.twin.core.search;

/**
 * Ditto's {@code like} pattern: {@code *} matches any run of characters, {@code ?} exactly one, everything else
 * itself (optionally ignoring case, for {@code ilike}). Matched by hand instead of through a regex so a test
 * allocates nothing.
 */
final class Glob {
    private final String pattern;
    private final boolean ignoreCase;

    Glob(String pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
    }

    /**
     * Whether {@code s} matches: a greedy walk that, on a mismatch, backtracks to the last {@code *} and lets it
     * swallow one more character, which keeps it linear for the patterns people write.
     */
    boolean matches(String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), s.charAt(i)))) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private boolean same(char a, char b) {
        return a == b || ignoreCase && (Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b));
    }

    /**
     * The fixed text a case-sensitive pattern of the form {@code prefix*} starts with, for a range lookup in a
     * sorted index; null for any other pattern.
     */
    String prefix() {
        if (ignoreCase || !pattern.endsWith("*")) {
            return null;
        }
        String head = pattern.substring(0, pattern.length() - 1);
        return head.indexOf('*') < 0 && head.indexOf('?') < 0 ? head : null;
    }

    /** Whether the pattern has no wildcard at all, so it matches exactly one string. */
    boolean isExact() {
        return !ignoreCase && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    }

    String pattern() {
        return pattern;
    }
}
