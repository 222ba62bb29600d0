package org.dayuan.twin.core.grants;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import org.dayuan.twin.Caller;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subtree;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinChange;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.core.history.TwinHistoryComponent;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** The {@link TwinHistory} service as one bundle gets it: every call bounded by that bundle's grant. */
@Component(service = TwinHistory.class, scope = ServiceScope.BUNDLE)
public final class BundleHistory implements TwinHistory {
    private final TwinHistory history;
    private final BundleGrants grants;
    private final String bundle;

    @Activate
    public BundleHistory(@Reference TwinHistoryComponent history, @Reference BundleGrants grants,
                         ComponentContext context) {
        this(history, grants, context.getUsingBundle().getSymbolicName());
    }

    /** The view of the bundle with symbolic name {@code bundle}. */
    public BundleHistory(TwinHistory history, BundleGrants grants, String bundle) {
        this.history = history;
        this.grants = grants;
        this.bundle = bundle;
    }

    private Caller bound(Caller caller) {
        return grants.bound(bundle, caller);
    }

    @Override
    public Twin atRevision(Caller caller, TwinId id, long revision) {
        return history.atRevision(bound(caller), id, revision);
    }

    @Override
    public Twin atInstant(Caller caller, TwinId id, Instant instant) {
        return history.atInstant(bound(caller), id, instant);
    }

    @Override
    public void changes(Caller caller, TwinId id, HistoryRange range, Predicate<TwinChange> sink) {
        history.changes(bound(caller), id, range, sink);
    }

    @Override
    public TimeSeries series(Caller caller, TwinId id, JsonPointer path, Instant from, Instant to, Duration step) {
        return history.series(bound(caller), id, path, from, to, step);
    }

    @Override
    public Subtree subtreeAt(Caller caller, TwinId root, Instant instant, int depth) {
        return history.subtreeAt(bound(caller), root, instant, depth);
    }
}
