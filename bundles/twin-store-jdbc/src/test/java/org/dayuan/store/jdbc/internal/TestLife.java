package org.dayuan.store.jdbc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dayuan.testing.Json;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.spi.TwinJournal;

/**
 * One twin's life as events that each replace the whole thing, so the state after each is known without applying
 * events (the registry's job, not the store's): what snapshots must hold for checkpoints to be right.
 */
final class TestLife {
    final TwinId id;
    private Instant created;
    private long revision;
    private Twin state;

    TestLife(String id) {
        this.id = TwinId.of(id);
    }

    TwinEvent create(Instant at, String attributes) {
        created = at;
        revision = 1;
        state = twin(attributes, at);
        return new TwinEvent(0, TwinEvent.Type.CREATED, id, JsonPointer.empty(), state.toJson(), 1, at, "test");
    }

    TwinEvent change(Instant at, String attributes) {
        state = twin(attributes, at);
        return new TwinEvent(0, TwinEvent.Type.MODIFIED, id, JsonPointer.empty(), state.toJson(), revision, at,
                "test");
    }

    TwinEvent delete(Instant at) {
        state = null;
        return new TwinEvent(0, TwinEvent.Type.DELETED, id, JsonPointer.empty(), null, ++revision, at, "test");
    }

    private Twin twin(String attributes, Instant at) {
        if (state != null) {
            revision++;
        }
        return Twin.of(id, Json.json("{\"attributes\":" + attributes + "}"), revision, created, at);
    }

    Optional<Twin> state() {
        return Optional.ofNullable(state);
    }

    /** Appends {@code event} and returns it with its journal position. */
    static TwinEvent append(TwinJournal journal, TwinEvent event) {
        return journal.append(List.of(event)).join().get(0);
    }

    /** A snapshot of the lives' states right after the journal's last event, as the registry would take it. */
    static void snapshot(TwinJournal journal, TestLife... lives) {
        List<Twin> twins = new ArrayList<>();
        for (TestLife life : lives) {
            life.state().ifPresent(twins::add);
        }
        journal.snapshot(journal.lastSeq(), twins).join();
    }
}
