package org.dayuan.twin.core.history;

import java.time.Clock;
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
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link History} over the journal and the registry, published to other bundles as {@link TwinHistory} through
 * {@link org.dayuan.twin.core.grants.BundleHistory}, bounded by each bundle's grant.
 */
@Component(service = TwinHistoryComponent.class)
public final class TwinHistoryComponent implements TwinHistory {
    private final History history;

    @Activate
    public TwinHistoryComponent(@Reference TwinJournal journal, @Reference Registry registry) {
        this.history = new History(journal, registry, Clock.systemUTC());
    }

    @Override
    public Twin atRevision(Caller caller, TwinId id, long revision) {
        return history.atRevision(caller, id, revision);
    }

    @Override
    public Twin atInstant(Caller caller, TwinId id, Instant instant) {
        return history.atInstant(caller, id, instant);
    }

    @Override
    public void changes(Caller caller, TwinId id, HistoryRange range, Predicate<TwinChange> sink) {
        history.changes(caller, id, range, sink);
    }

    @Override
    public TimeSeries series(Caller caller, TwinId id, JsonPointer path, Instant from, Instant to, Duration step) {
        return history.series(caller, id, path, from, to, step);
    }

    @Override
    public Subtree subtreeAt(Caller caller, TwinId root, Instant instant, int depth) {
        return history.subtreeAt(caller, root, instant, depth);
    }
}
