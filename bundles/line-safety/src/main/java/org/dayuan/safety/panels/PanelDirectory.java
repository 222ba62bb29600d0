package org.dayuan.safety.panels;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinSubscriptions;

/**
 * What the gateway's searches found (the panels of a transmitter, the detectors at a panel's loop and address, the
 * cameras under a room or floor), kept until an event says a panel, detector or camera changed. Without it every
 * frame searched the registry once for its transmitter and once per component, and every alarm once or twice for
 * cameras; with the registry in a database those searches were most of a frame's time.
 *
 * <p>Only what was found is kept: a miss searches again, so a twin created just before its first frame is found
 * even while its event is still on its way. Any change to such a twin other than to its features (an attribute,
 * its definition, its deletion) forgets everything: those are configuration changes, rare next to frames; the
 * status the gateway writes itself (features only) keeps the directory. A search that overlaps such an event is
 * used for its frame but not kept. Until an event arrives (on the registry's event thread, right after the commit)
 * a frame may still see the twin as it was, as it would had it come a moment earlier. A twin whose definition
 * changes away from these models is not noticed until the next such change: models are not changed in place.
 */
final class PanelDirectory implements SubscriptionListener, AutoCloseable {
    private static final Set<String> MODELS = Set.of(PanelGateway.PANEL_MODEL, PanelGateway.DETECTOR_MODEL,
            PanelGateway.CAMERA_MODEL);
    private final AtomicLong generation = new AtomicLong();
    /** Filter → what its twins were made into (non-null, from a non-empty result). */
    private final Map<String, Object> found = new ConcurrentHashMap<>();
    private final Subscription subscription;

    PanelDirectory(TwinSubscriptions subscriptions, Caller caller) {
        // Every event, judged here rather than by a filter: the test of a path and a definition is cheaper than a
        // filter's, and it is made for every write of the campus.
        subscription = subscriptions.subscribe(caller, EventSelection.ALL, -1, this);
    }

    /** The twins {@code filter} finds, as kept, or as {@code searched} finds them now (kept when not empty). */
    List<Twin> get(String filter, Supplier<List<Twin>> searched) {
        return get(filter, searched, List::copyOf, List.of());
    }

    /**
     * What {@code shape} made of the twins {@code filter} finds, as kept, or made now of what {@code searched} finds
     * (kept when it found any; {@code none} when it found none).
     */
    @SuppressWarnings("unchecked")
    <V> V get(String filter, Supplier<List<Twin>> searched, Function<List<Twin>, V> shape, V none) {
        Object kept = found.get(filter);
        if (kept != null) {
            return (V) kept;
        }
        long before = generation.get();
        List<Twin> twins = searched.get();
        if (twins.isEmpty()) {
            return none;
        }
        V now = shape.apply(twins);
        found.put(filter, now);
        if (generation.get() != before) {
            found.remove(filter, now); // a change arrived meanwhile: the result may predate it
        }
        return now;
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (event.featuresOnly()) {
            return;
        }
        // A deleted twin's model is not at hand: any deletion forgets, they are rare.
        if (after.isEmpty() || after.get().definition().filter(MODELS::contains).isPresent()) {
            forget();
        }
    }

    @Override
    public void reset(String reason) {
        forget();
    }

    @Override
    public void close() {
        subscription.close();
    }

    private void forget() {
        generation.incrementAndGet();
        found.clear();
    }
}
