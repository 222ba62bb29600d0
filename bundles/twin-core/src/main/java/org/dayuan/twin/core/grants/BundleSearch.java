package org.dayuan.twin.core.grants;

import java.util.List;
import java.util.function.Predicate;

import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.core.search.SearchComponent;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** The {@link TwinSearch} service as one bundle gets it: every call bounded by that bundle's grant. */
@Component(service = TwinSearch.class, scope = ServiceScope.BUNDLE)
public final class BundleSearch implements TwinSearch {
    private final TwinSearch search;
    private final BundleGrants grants;
    private final String bundle;

    @Activate
    public BundleSearch(@Reference SearchComponent search, @Reference BundleGrants grants, ComponentContext context) {
        this(search, grants, context.getUsingBundle().getSymbolicName());
    }

    /** The view of the bundle with symbolic name {@code bundle}; also for tests of code that uses search. */
    public BundleSearch(TwinSearch search, BundleGrants grants, String bundle) {
        this.search = search;
        this.grants = grants;
        this.bundle = bundle;
    }

    private Caller bound(Caller caller) {
        return grants.bound(bundle, caller);
    }

    @Override
    public SearchResult search(Caller caller, SearchQuery query) {
        return search.search(bound(caller), query);
    }

    @Override
    public long count(Caller caller, String filter, List<String> namespaces) {
        return search.count(bound(caller), filter, namespaces);
    }

    @Override
    public List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
        return search.descendants(bound(caller), root, filter, depth);
    }

    @Override
    public int reindex(Caller caller) {
        return search.reindex(bound(caller));
    }

    /** Bounded by the grant as it is now: what {@code _parent} and {@code _ancestors} may reach is fixed here. */
    @Override
    public Predicate<Twin> filter(Caller caller, String rql) {
        return search.filter(bound(caller), rql);
    }
}
