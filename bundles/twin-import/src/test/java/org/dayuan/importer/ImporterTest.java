package org.dayuan.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.junit.jupiter.api.Test;

/**
 * Imports against a real registry in memory, through the view the bundle gets under its grant: a file is checked
 * whole by the registry and written in one commit, or refused with every bad line and nothing changed.
 */
class ImporterTest {
    private static final String BSN = "org.dayuan.twin-import";
    private static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "import test");
    private static final Caller WUJIN = new Caller("wang", Set.of(Caller.ROLE_INTEGRATOR), Set.of("cz.wujin"),
            "import test");
    private static final String ROOM = "test:Room:1.0.0";

    private final InMemoryTwins twins = new InMemoryTwins();
    private final TwinRegistry registry = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "admin, ns:*"))
            .registry();
    private final Importer importer = new Importer(registry, 100);

    ImporterTest() {
        // A model as the registry's validation applies it: a room's area is a positive number.
        twins.registry.addValidator(next -> {
            if (next.definition().filter(ROOM::equals).isPresent()) {
                JsonNode area = next.get(org.dayuan.twin.JsonPointer.parse("/attributes/area")).orElse(null);
                if (area == null || !area.isNumber() || area.asDouble() <= 0) {
                    throw new ErrorCode("dayuan:model.violation", 400, "Fix the value.").exception(
                            "/attributes/area of " + next.id() + " must be a number above 0.");
                }
            }
        });
    }

    private ObjectNode run(Caller caller, String ndjson, Importer.Mode mode) {
        List<ImportLine> lines = new ImportParser(10_000).parse(ndjson.getBytes(StandardCharsets.UTF_8),
                ImportFormat.NDJSON, n -> { });
        return importer.run(caller, lines, mode, false, new ImportProgress("t", caller.subject(), Instant.EPOCH));
    }

    private static String room(String id, Object area, String parent) {
        return "{\"thingId\":\"" + id + "\",\"definition\":\"" + ROOM + "\",\"attributes\":{\"area\":" + area
                + (parent == null ? "" : ",\"parent\":\"" + parent + "\"") + "}}";
    }

    private static String file(int n, int badAt) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"thingId\":\"cz.wujin:bldg\"}");
        for (int i = 1; i < n; i++) {
            lines.add(room("cz.wujin:room-" + i, i == badAt ? "-1" : String.valueOf(i), "cz.wujin:bldg"));
        }
        return String.join("\n", lines);
    }

    @Test
    void aGoodFileOfAThousandTwinsIsWrittenInOneCommit() {
        ObjectNode answer = run(ADMIN, file(1000, -1), Importer.Mode.CREATE);
        assertFalse(Importer.isRefusal(answer), answer::toString);
        assertEquals(1000, answer.path("created").asInt());
        assertEquals(1000, registry.count(ADMIN));
        assertEquals(1000, twins.journal.events(0, 10_000).size(), "one event per twin");
    }

    @Test
    void oneBadLineInAThousandChangesNothingAndIsReportedWithItsLineAndCode() {
        ObjectNode answer = run(ADMIN, file(1000, 500), Importer.Mode.CREATE);
        assertTrue(Importer.isRefusal(answer));
        assertEquals(400, answer.path("status").asInt());
        assertEquals("import:file.refused", answer.path("error").asText());
        assertEquals(1, answer.path("errors").size(), answer::toString);
        JsonNode e = answer.path("errors").get(0);
        assertEquals(501, e.path("line").asInt());
        assertEquals("cz.wujin:room-500", e.path("thingId").asText());
        assertEquals("dayuan:model.violation", e.path("error").asText());
        assertEquals(0, registry.count(ADMIN));
        assertTrue(twins.journal.events(0, 10).isEmpty());
    }

    @Test
    void everyRefusedLineIsListedInLineOrder() {
        String text = String.join("\n",
                room("cz.wujin:r1", 1, null),
                room("cz.wujin:r2", "\"big\"", null),
                "not json",
                room("cz.wujin:r1", 3, null),
                room("cz.wujin:r4", 4, "cz.wujin:nowhere"),
                room("cz.wujin:r5", 0, null));
        ObjectNode answer = run(ADMIN, text, Importer.Mode.CREATE);
        List<String> got = new ArrayList<>();
        answer.path("errors").forEach(e -> got.add(e.path("line").asInt() + " " + e.path("error").asText()));
        assertEquals(List.of("2 dayuan:model.violation", "3 json.invalid", "4 import:thing.duplicate",
                "5 dayuan:parent.notfound", "6 dayuan:model.violation"), got);
        assertEquals("5 of 6 lines are refused; nothing was imported.", answer.path("message").asText());
        assertEquals(0, registry.count(ADMIN));
    }

    @Test
    void childrenMayComeBeforeTheirParentInTheFile() {
        String text = String.join("\n", room("cz.wujin:r1", 1, "cz.wujin:floor"),
                "{\"thingId\":\"cz.wujin:floor\",\"attributes\":{\"parent\":\"cz.wujin:bldg\"}}",
                "{\"thingId\":\"cz.wujin:bldg\"}");
        assertFalse(Importer.isRefusal(run(ADMIN, text, Importer.Mode.CREATE)));
        assertEquals(List.of(TwinId.of("cz.wujin:r1")), registry.children(ADMIN, TwinId.of("cz.wujin:floor")));
    }

    @Test
    void anotherOrganisationsTwinIsRefusedForTheCallerAndNothingIsWritten() {
        String text = String.join("\n", room("cz.wujin:r1", 1, null), room("cz.jintan:r2", 2, null));
        ObjectNode answer = run(WUJIN, text, Importer.Mode.CREATE);
        assertEquals(1, answer.path("errors").size());
        assertEquals(2, answer.path("errors").get(0).path("line").asInt());
        assertEquals("things:thing.notmodifiable", answer.path("errors").get(0).path("error").asText());
        assertEquals(0, registry.count(ADMIN));
    }

    @Test
    void createRefusesAnExistingTwinAndUpsertReplacesIt() {
        run(ADMIN, room("cz.wujin:r1", 1, null), Importer.Mode.CREATE);
        ObjectNode again = run(ADMIN, room("cz.wujin:r1", 2, null) + "\n" + room("cz.wujin:r2", 2, null),
                Importer.Mode.CREATE);
        assertEquals("things:thing.conflict", again.path("errors").get(0).path("error").asText());
        assertEquals(1, registry.count(ADMIN));
        ObjectNode upsert = run(ADMIN, room("cz.wujin:r1", 2, null) + "\n" + room("cz.wujin:r2", 2, null),
                Importer.Mode.UPSERT);
        assertEquals(1, upsert.path("created").asInt());
        assertEquals(1, upsert.path("replaced").asInt());
        assertEquals(2, registry.get(ADMIN, TwinId.of("cz.wujin:r1")).orElseThrow().toJson()
                .path("attributes").path("area").asInt());
    }

    @Test
    void theAuditTrailRecordsTheImportAsOrigin() {
        run(ADMIN, room("cz.wujin:r1", 1, null), Importer.Mode.CREATE);
        assertEquals("import test", twins.journal.audit(new AuditQuery(null, null, null, null, Long.MAX_VALUE, 10,
                Set.of("*"))).get(0).origin());
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() {
        List<ImportLine> lines = new ImportParser(10).parse(room("cz.wujin:r1", 1, null)
                .getBytes(StandardCharsets.UTF_8), ImportFormat.NDJSON, n -> { });
        ObjectNode answer = importer.run(ADMIN, lines, Importer.Mode.CREATE, true,
                new ImportProgress("t", "admin", Instant.EPOCH));
        assertTrue(answer.path("dryRun").asBoolean());
        assertEquals(0, registry.count(ADMIN));
    }

    @Test
    void theReportStopsAtMaxErrors() {
        Importer strict = new Importer(registry, 2);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            text.append(room("cz.wujin:r" + i, -1, null)).append('\n');
        }
        List<ImportLine> lines = new ImportParser(10).parse(text.toString().getBytes(StandardCharsets.UTF_8),
                ImportFormat.NDJSON, n -> { });
        ObjectNode answer = strict.run(ADMIN, lines, Importer.Mode.CREATE, false,
                new ImportProgress("t", "admin", Instant.EPOCH));
        assertEquals("2 of 5 lines are refused; nothing was imported.", answer.path("message").asText());
        assertEquals("import:line.notchecked", answer.path("errors").get(4).path("error").asText());
    }

    @Test
    void aViewerMayNotImport() {
        Caller viewer = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("*"), "t");
        assertEquals(403, assertThrows(DayuanException.class,
                () -> run(viewer, room("cz.wujin:r1", 1, null), Importer.Mode.CREATE)).status());
    }
}
