package org.dayuan.store.jdbc.internal;

import static org.dayuan.testing.Json.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The databases {@link SchemaUpgradeTest} opens, and how they are made: run at a release, with
 * {@code -Ddayuan.upgrade.fixture=<dir>}, this writes the same twins and changes into an H2 file and into PostgreSQL
 * schema {@code dayuan_fixture}, and what that version reads back of them into {@code *-expected.txt}. Then
 * {@code pg_dump -h 127.0.0.1 -U postgres -n dayuan_fixture --inserts --no-owner --no-privileges test}, with the
 * schema's name replaced by {@code ${schema}} and psql's meta-commands and the CREATE SCHEMA left out, is the
 * PostgreSQL fixture. Each release's fixtures go under {@code src/test/resources/upgrade/schema-<version>/}.
 */
class UpgradeFixture {
    static final TwinId ROOM = TwinId.of("cz.wujin:room-101");
    static final TwinId METER = TwinId.of("cz.xinbei:meter-7");

    @Test
    @EnabledIfSystemProperty(named = "dayuan.upgrade.fixture", matches = ".+")
    void write() throws Exception {
        Path out = Path.of(System.getProperty("dayuan.upgrade.fixture"));
        StoreConfig h2 = TestConfig.of("jdbc:h2:file:" + out.resolve("twins").toAbsolutePath(), "sa", "", 1000);
        writeChanges(h2);
        Files.write(out.resolve("h2-expected.txt"), readBack(h2));
        String base = System.getProperty("dayuan.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        try (Connection c = JdbcTarget.of(base, "postgres", "").connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS dayuan_fixture CASCADE");
            s.execute("CREATE SCHEMA dayuan_fixture");
        }
        StoreConfig pg = TestConfig.of(base + (base.contains("?") ? "&" : "?") + "currentSchema=dayuan_fixture",
                "postgres", "", 1000);
        writeChanges(pg);
        Files.write(out.resolve("postgresql-expected.txt"), readBack(pg));
    }

    /** A small tree, a room modified and merged, a meter created, deleted with a snapshot after it, created again. */
    static void writeChanges(StoreConfig config) throws Exception {
        JdbcTwinJournal journal = new JdbcTwinJournal(config);
        Registry registry = new Registry(journal, (e, after) -> { }, 1 << 20);
        try {
            registry.recover();
            Caller c = Caller.fromGrants("fixture-writer", List.of("admin", "ns:*"), "http 127.0.0.1");
            registry.create(c, TwinId.of("cz.wujin:campus"), thing("{'attributes':{'name':'武进区行政中心'}}"));
            registry.create(c, TwinId.of("cz.wujin:building-a"),
                    thing("{'attributes':{'name':'A','parent':'cz.wujin:campus'}}"));
            registry.create(c, ROOM, thing("{'attributes':{'name':'101','parent':'cz.wujin:building-a','area':18.5},"
                    + "'features':{'occupancy':{'properties':{'count':0}}}}"));
            for (int i = 1; i <= 5; i++) {
                registry.put(c, ROOM, JsonPointer.parse("/features/occupancy/properties/count"),
                        json(String.valueOf(i)), WriteCondition.NONE);
            }
            JsonPointer reading = JsonPointer.parse("/features/energy/properties/reading");
            registry.create(c, METER, thing("{'features':{'energy':{'properties':{'reading':1}}}}"));
            registry.put(c, METER, reading, json("2"), WriteCondition.NONE);
            registry.delete(c, METER, JsonPointer.empty(), WriteCondition.NONE, false);
            registry.snapshot().get();
            registry.create(c, METER, thing("{'features':{'energy':{'properties':{'reading':100}}}}"));
            registry.put(c, METER, reading, json("101"), WriteCondition.NONE);
            registry.merge(c, ROOM, JsonPointer.parse("/attributes"), json("{'area':19,'usage':'office'}"),
                    WriteCondition.NONE);
        } finally {
            registry.close();
            journal.deactivate();
        }
    }

    /** Every twin, event, revision look-up and audit record of the database, a line each. */
    static List<String> readBack(StoreConfig config) throws Exception {
        JdbcTwinJournal journal = new JdbcTwinJournal(config);
        Registry registry = new Registry(journal, (e, after) -> { }, 1 << 20);
        try {
            registry.recover();
            List<String> lines = new ArrayList<>();
            for (Twin t : registry.list(Registry.SELF)) {
                lines.add("twin " + t.id() + " " + t.revision() + " " + t.toJson());
            }
            for (TwinEvent e : journal.events(0, 1000)) {
                lines.add("event " + e);
            }
            for (TwinId id : List.of(ROOM, METER)) {
                for (long r = 1; r <= 8; r++) {
                    lines.add("seqOfRevision " + id + " " + r + " " + journal.seqOfRevision(id, r));
                }
            }
            for (var a : journal.audit(new AuditQuery(null, null, null, null, Long.MAX_VALUE, 1000,
                    Set.of(Caller.ALL_NAMESPACES)))) {
                lines.add("audit " + a);
            }
            return lines;
        } finally {
            registry.close();
            journal.deactivate();
        }
    }

    private static ObjectNode thing(String json) {
        return (ObjectNode) json(json);
    }
}
