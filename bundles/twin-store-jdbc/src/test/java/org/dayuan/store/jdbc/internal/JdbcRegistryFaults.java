package org.dayuan.store.jdbc.internal;

import static org.dayuan.testing.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;

import org.dayuan.testing.RegistryFaultContract;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's fault contract over the real JDBC journal, so the unique (twin, life, revision) key, the group
 * commit and reading a twin's events back are the ones a county runs; one subclass per database.
 */
abstract class JdbcRegistryFaults extends RegistryFaultContract {
    @TempDir
    Path tempDir;
    private TestDatabase db;
    private JdbcTwinJournal store;
    private final List<JdbcTwinJournal> other = new ArrayList<>();
    private static final Caller C = Caller.fromGrants("tester", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");

    abstract TestDatabase createDatabase(Path dir);

    @Override
    protected TwinJournal openStore() {
        db = createDatabase(tempDir);
        store = new JdbcTwinJournal(db.config(1000));
        return store;
    }

    @Override
    protected void closeStore() {
        store.deactivate();
        other.forEach(JdbcTwinJournal::deactivate);
        db.close();
    }

    @Test
    void aWriteAfterAnotherWriterChangedTheTwinIsRefusedByTheDatabaseAndTheTwinReadBack() {
        TwinId a = TwinId.of("cz.wujin:a");
        JsonPointer x = JsonPointer.parse("/attributes/x");
        registry.put(C, a, JsonPointer.empty(), json("{\"attributes\":{\"x\":1}}"), WriteCondition.NONE);
        // A second Dayuan on the same database: its revision 2 is stored, the registry's memory is at 1. The
        // database refuses the registry's own revision 2 (by its seq or its twin, life and revision).
        JdbcTwinJournal second = new JdbcTwinJournal(db.config(1000));
        other.add(second);
        second.append(List.of(new TwinEvent(0, TwinEvent.Type.MODIFIED, a, x, json("5"), 2, Instant.now(),
                "elsewhere"))).join();

        DayuanException refused = assertThrows(DayuanException.class,
                () -> registry.put(C, a, x, json("2"), WriteCondition.NONE));

        assertEquals(ErrorCode.STORE_UNAVAILABLE, refused.errorCode());
        assertTrue(refused.getMessage().contains("did not store"), refused.getMessage());
        Twin now = registry.get(C, a).orElseThrow();
        assertEquals(2, now.revision(), "read back from the store");
        assertEquals(5, now.get(x).orElseThrow().asInt());
        assertEquals(3, registry.put(C, a, x, json("3"), WriteCondition.NONE).twin().orElseThrow().revision());
        List<Long> revisions = new ArrayList<>();
        store.replay(0, e -> revisions.add(e.revision()));
        assertEquals(List.of(1L, 2L, 3L), revisions);
    }

}
