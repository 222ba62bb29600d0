package org.dayuan.testing;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.search.SearchComponent;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.Subscriptions;
import org.dayuan.twin.core.grants.BundleGrants;
import org.dayuan.twin.core.grants.BundleHistory;
import org.dayuan.twin.core.history.History;
import org.dayuan.twin.core.grants.BundleRegistry;
import org.dayuan.twin.core.grants.BundleSearch;
import org.dayuan.twin.core.grants.BundleSubscriptions;

/**
 * A real registry and search over a journal in memory, for the tests of modules built on the twin API (camel-twin,
 * lines): the same write path, validation and event order as in the distribution, without OSGi or a database.
 * Subscribers get each event synchronously on the committing thread, as the registry announces it.
 */
public final class InMemoryTwins {
    public final MemoryJournal journal = new MemoryJournal();
    public final Registry registry;
    public final TwinSearch search;
    /** Subscriptions as in the distribution, delivering on the committing thread. */
    public final TwinSubscriptions subscriptions;

    public InMemoryTwins() {
        registry = new Registry(journal, (e, after) -> { }, 1 << 20);
        Subscriptions subs = new Subscriptions(journal, registry, 10_000, Runnable::run);
        registry.addFollower(subs);
        subscriptions = subs;
        search = new SearchComponent(registry, List.of("attributes/organisation"), 25, 200);
    }

    public TwinRegistry registry() {
        return registry;
    }

    /** The registry, search and subscriptions as one bundle gets them. */
    public record Views(TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions) {
    }

    /**
     * The registry, search and subscriptions as bundle {@code bsn} gets them in the distribution when
     * {@code etc/org.dayuan.identities.cfg} lists {@code grants}: every call bounded by what they grant that bundle.
     */
    public Views of(String bsn, BundleGrants grants) {
        return new Views(new BundleRegistry(registry, grants, bsn), new BundleSearch(search, grants, bsn),
                new BundleSubscriptions(subscriptions, grants, bsn));
    }

    /**
     * The history of these twins as bundle {@code bsn} reads it under {@code grants}, rebuilt from the journal in
     * memory as the distribution rebuilds it from the database; instants are the journal's, stamped by the system
     * clock when each change was written.
     */
    public TwinHistory history(String bsn, BundleGrants grants) {
        return new BundleHistory(new History(journal, registry, Clock.systemUTC()), grants, bsn);
    }

    /** Grants read from {@code lines}, each {@code bundle.<symbolic-name>} then its grants, as the file lists them. */
    public static BundleGrants grants(String... lines) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            config.put(lines[i], lines[i + 1]);
        }
        return new BundleGrants(config);
    }
}
