package org.dayuan.twin.core.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;

/**
 * Where a search looks: one or more sorted runs of candidate twins, walked in thingId order (either way) from a
 * given thingId on, merged without duplicates when there are several. {@code estimate} is how many candidates there
 * are, for the planner to compare; {@code description} says which index was chosen.
 */
final class Plan {
    /** A sorted run of candidates. */
    private interface Run {
        Iterator<Entry> from(String after, boolean descending);
    }

    static final Plan NOTHING = new Plan(List.of(), 0, "no candidates");

    private final List<Run> runs;
    private final long estimate;
    private final String description;

    private Plan(List<Run> runs, long estimate, String description) {
        this.runs = runs;
        this.estimate = estimate;
        this.description = description;
    }

    /** Every twin in {@code map} (all twins, or a thingId range of them). */
    static Plan of(NavigableMap<String, Entry> map, long estimate, String description) {
        Run run = (after, desc) -> {
            NavigableMap<String, Entry> m = after == null ? map
                    : desc ? map.headMap(after, false) : map.tailMap(after, false);
            return (desc ? m.descendingMap() : m).values().iterator();
        };
        return new Plan(List.of(run), estimate, description);
    }

    /** The twins whose ids are in {@code ids}, looked up in {@code index}. */
    static Plan of(NavigableSet<String> ids, long estimate, String description, Entries index) {
        Run run = (after, desc) -> {
            NavigableSet<String> s = after == null ? ids : desc ? ids.headSet(after, false) : ids.tailSet(after, false);
            return lookUp((desc ? s.descendingSet() : s).iterator(), index);
        };
        return new Plan(List.of(run), estimate, description);
    }

    /** The twins in any of {@code plans}. */
    static Plan union(List<Plan> plans, String description) {
        List<Run> runs = new ArrayList<>();
        long estimate = 0;
        for (Plan p : plans) {
            runs.addAll(p.runs);
            estimate += p.estimate;
        }
        return runs.isEmpty() ? NOTHING : new Plan(Collections.unmodifiableList(runs), estimate, description);
    }

    long estimate() {
        return estimate;
    }

    String description() {
        return description;
    }

    /** The candidates after thingId {@code after} (null: from the start), ascending or descending. */
    Iterator<Entry> entries(String after, boolean descending) {
        if (runs.size() == 1) {
            return runs.get(0).from(after, descending);
        }
        List<Iterator<Entry>> its = new ArrayList<>(runs.size());
        runs.forEach(r -> its.add(r.from(after, descending)));
        return new Merged(its, descending);
    }

    private static Iterator<Entry> lookUp(Iterator<String> ids, Entries index) {
        return new Iterator<>() {
            private Entry next = advance();

            private Entry advance() {
                while (ids.hasNext()) {
                    Entry e = index.entry(ids.next());
                    if (e != null) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entry next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Entry e = next;
                next = advance();
                return e;
            }
        };
    }

    /** Merges sorted runs, dropping a twin that several runs hold (an array attribute under several keys). */
    private static final class Merged implements Iterator<Entry> {
        private final List<Iterator<Entry>> its;
        private final Entry[] heads;
        private final boolean descending;
        private String last;

        Merged(List<Iterator<Entry>> its, boolean descending) {
            this.its = its;
            this.descending = descending;
            this.heads = new Entry[its.size()];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = its.get(i).hasNext() ? its.get(i).next() : null;
            }
            skipLast();
        }

        @Override
        public boolean hasNext() {
            return pick() >= 0;
        }

        @Override
        public Entry next() {
            int i = pick();
            if (i < 0) {
                throw new NoSuchElementException();
            }
            Entry e = heads[i];
            last = e.id();
            heads[i] = its.get(i).hasNext() ? its.get(i).next() : null;
            skipLast();
            return e;
        }

        /** Advances every run past the id just returned. */
        private void skipLast() {
            for (int i = 0; i < heads.length; i++) {
                while (heads[i] != null && last != null && heads[i].id().equals(last)) {
                    heads[i] = its.get(i).hasNext() ? its.get(i).next() : null;
                }
            }
        }

        private int pick() {
            int best = -1;
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && (best < 0 || before(heads[i].id(), heads[best].id()))) {
                    best = i;
                }
            }
            return best;
        }

        private boolean before(String a, String b) {
            int c = a.compareTo(b);
            return descending ? c > 0 : c < 0;
        }
    }
}
