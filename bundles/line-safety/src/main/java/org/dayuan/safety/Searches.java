package org.dayuan.safety;

import java.util.List;

import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/** The safety line's searches, in its own words. */
public final class Searches {
    private Searches() {
    }

    /** All twins matching the RQL {@code filter} that {@code caller} sees, sorted by thingId. */
    public static List<Twin> all(TwinSearch search, Caller caller, String filter) {
        return search.all(caller, filter);
    }

    /** An RQL string literal: quotes and backslashes escaped. */
    public static String quote(String text) {
        return TwinSearch.literal(text);
    }

    /** {@code eq(definition,"...")}. */
    public static String definition(String definition) {
        return "eq(definition," + quote(definition) + ")";
    }
}
