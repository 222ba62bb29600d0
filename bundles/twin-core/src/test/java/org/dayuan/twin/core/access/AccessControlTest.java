package org.dayuan.twin.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.HistoryRange;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.AuditTrail;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.history.History;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.search.SearchComponent;
import org.dayuan.twin.TwinSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Roles and organisation scopes as the registry, search, history and audit trail enforce them. */
class AccessControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TwinId WJ_CAMPUS = TwinId.of("cz.wujin:campus");
    private static final TwinId WJ_ROOM = TwinId.of("cz.wujin.hutang:room-1");
    private static final TwinId XB_CAMPUS = TwinId.of("cz.xinbei:campus");
    private static final TwinId WJX = TwinId.of("cz.wujinx:decoy");

    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 1 << 20);
    private final TwinSearch search = new SearchComponent(registry, List.of(), 25, 200);

    private static Caller caller(String role, String... namespaces) {
        return new Caller(role + "-user", Set.of(role), Set.of(namespaces), "10.0.0.7");
    }

    private static ObjectNode thing(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @BeforeEach
    void county() throws Exception {
        Caller admin = Caller.fromGrants("root", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
        registry.create(admin, WJ_CAMPUS, thing("{\"attributes\":{\"status\":\"idle\"}}"));
        registry.create(admin, WJ_ROOM, thing("{\"attributes\":{\"parent\":\"cz.wujin:campus\","
                + "\"status\":\"idle\"},\"features\":{\"power\":{\"properties\":{\"kw\":1}}}}"));
        registry.create(admin, XB_CAMPUS, thing("{\"attributes\":{\"status\":\"idle\"}}"));
        registry.create(admin, WJX, thing("{\"attributes\":{\"status\":\"idle\"}}"));
    }

    private static ErrorCode codeOf(Executable call) {
        return assertThrows(DayuanException.class, call).errorCode();
    }

    @Test
    void aViewerSeesCountsAndFindsOnlyItsOwnSubtree() {
        Caller viewer = caller(Caller.ROLE_VIEWER, "cz.wujin");
        assertTrue(registry.get(viewer, WJ_ROOM).isPresent(), "a namespace below the scope is in it");
        assertTrue(registry.get(viewer, XB_CAMPUS).isEmpty());
        assertTrue(registry.get(viewer, WJX).isEmpty(), "cz.wujinx is not below cz.wujin");
        assertEquals(2, registry.count(viewer));
        assertEquals(List.of(WJ_ROOM, WJ_CAMPUS), registry.list(viewer).stream().map(t -> t.id()).toList());
        assertEquals(List.of(WJ_CAMPUS), registry.getAll(viewer, List.of(XB_CAMPUS, WJ_CAMPUS)).stream()
                .map(t -> t.id()).toList());
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> registry.children(viewer, XB_CAMPUS)));

        String idle = "eq(attributes/status,\"idle\")";
        assertEquals(2, search.count(viewer, idle, List.of()));
        assertEquals(0, search.count(viewer, idle, List.of("cz.xinbei")), "asking for it does not help");
        assertEquals(2, search.search(viewer, new SearchQuery(idle, List.of(), null)).items().size());
        assertEquals(4, search.count(Registry.SELF, idle, List.of()));
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> search.descendants(viewer, XB_CAMPUS, null, -1)));
    }

    @Test
    void aCallerWithoutScopesOrRolesSeesNothing() {
        assertEquals(0, registry.count(caller(Caller.ROLE_VIEWER)));
        assertEquals(0, registry.count(new Caller("nobody", Set.of("ssh"), Set.of("*"), "x")));
        assertEquals(0, search.count(new Caller("nobody", Set.of(), Set.of("*"), "x"), null, List.of()));
    }

    @Test
    void historyOfAHiddenTwinIsNotFound() {
        History history = new History(journal, registry, Clock.systemUTC());
        Caller viewer = caller(Caller.ROLE_VIEWER, "cz.wujin");
        assertEquals(1, history.atRevision(viewer, WJ_CAMPUS, 1).revision());
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> history.atRevision(viewer, XB_CAMPUS, 1)));
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> history.atInstant(viewer, XB_CAMPUS, Instant.now())));
        assertEquals(ErrorCode.THING_NOT_FOUND, codeOf(() -> history.changes(viewer, XB_CAMPUS,
                new HistoryRange.Revisions(0, Long.MAX_VALUE), c -> true)));
    }

    @Test
    void writesFollowTheRoleAndChangeNothingWhenRefused() throws Exception {
        JsonPointer kw = JsonPointer.parse("/features/power/properties/kw");
        JsonNode two = JSON.readTree("2");
        Caller viewer = caller(Caller.ROLE_VIEWER, "cz.wujin");
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE,
                codeOf(() -> registry.put(viewer, WJ_ROOM, kw, two, WriteCondition.NONE)));

        Caller device = caller(Caller.ROLE_DEVICE, "cz.wujin");
        registry.put(device, WJ_ROOM, kw, two, WriteCondition.NONE);
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.merge(device, WJ_ROOM,
                JsonPointer.parse("/attributes"), JSON.readTree("{\"status\":\"busy\"}"), WriteCondition.NONE)));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.create(device,
                TwinId.of("cz.wujin:new"), thing("{}"))));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.delete(device, WJ_ROOM,
                JsonPointer.empty(), WriteCondition.NONE, false)));

        Caller integrator = caller(Caller.ROLE_INTEGRATOR, "cz.wujin");
        registry.create(integrator, TwinId.of("cz.wujin:new"), thing("{}"));
        // Refused by namespace alone, whether or not the twin exists: the answer reveals nothing.
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.create(integrator,
                TwinId.of("cz.xinbei:new"), thing("{}"))));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.delete(integrator, XB_CAMPUS,
                JsonPointer.empty(), WriteCondition.NONE, false)));
        // A parent in another organisation is, to this caller, a parent that does not exist.
        assertEquals(ErrorCode.PARENT_NOT_FOUND, codeOf(() -> registry.create(integrator,
                TwinId.of("cz.wujin:sneaky"), thing("{\"attributes\":{\"parent\":\"cz.xinbei:campus\"}}"))));

        assertEquals(2, registry.get(Registry.SELF, WJ_ROOM).orElseThrow().revision(), "only the device's write");
        assertTrue(registry.get(Registry.SELF, TwinId.of("cz.xinbei:new")).isEmpty());
        assertTrue(registry.get(Registry.SELF, TwinId.of("cz.wujin:sneaky")).isEmpty());
    }

    @Test
    void aSubtreeReachingIntoAnotherOrganisationIsNotDeletedInPart() throws Exception {
        Caller admin = Caller.fromGrants("root", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
        registry.create(admin, TwinId.of("cz.xinbei:leased-room"),
                thing("{\"attributes\":{\"parent\":\"cz.wujin:campus\"}}"));
        Caller manager = caller(Caller.ROLE_MANAGER, "cz.wujin");
        DayuanException e = assertThrows(DayuanException.class, () -> registry.delete(manager, WJ_CAMPUS,
                JsonPointer.empty(), WriteCondition.NONE, false));
        assertEquals(ErrorCode.HAS_CHILDREN, e.errorCode());
        assertFalse(e.getMessage().contains("xinbei"), "a hidden twin is not named: " + e.getMessage());
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> registry.delete(manager, WJ_CAMPUS,
                JsonPointer.empty(), WriteCondition.NONE, true)));
        assertEquals(5, registry.count(Registry.SELF));
        assertEquals(List.of(WJ_ROOM), registry.children(manager, WJ_CAMPUS));
    }

    @Test
    void everyAcceptedChangeIsAuditedWithWhoWhereAndWhatChanged() throws Exception {
        Caller device = caller(Caller.ROLE_DEVICE, "cz.wujin");
        registry.merge(device, WJ_ROOM, JsonPointer.parse("/features/power/properties"),
                JSON.readTree("{\"kw\":3}"), WriteCondition.NONE);
        Caller manager = caller(Caller.ROLE_MANAGER, "cz.wujin");
        registry.delete(manager, WJ_ROOM, JsonPointer.empty(), WriteCondition.NONE, false);

        AuditTrail trail = new AuditTrail(journal);
        List<AuditRecord> room = trail.query(manager, new AuditQuery(WJ_ROOM, null, null, null, Long.MAX_VALUE, 10,
                Set.of()));
        assertEquals(List.of("deleted", "merged", "created"), room.stream().map(r -> r.type().jsonName()).toList(),
                "newest first");
        AuditRecord merge = room.get(1);
        assertEquals("device-user", merge.subject());
        assertEquals("10.0.0.7", merge.origin());
        assertEquals(JSON.readTree("{\"kw\":1}"), merge.before(), "only what the patch touched");
        assertEquals(JSON.readTree("{\"kw\":3}"), merge.after());
        assertEquals(merge.seq(), journal.lastSeq() - 1, "the audit entry shares its event's position");
        assertNull(room.get(0).after());
        assertEquals("cz.wujin:campus", room.get(0).before().path("attributes").path("parent").asText());

        List<AuditRecord> all = trail.query(manager, new AuditQuery(null, null, null, null, Long.MAX_VALUE, 100,
                Set.of("*")));
        assertTrue(all.stream().allMatch(r -> r.thingId().namespace().startsWith("cz.wujin")
                && !r.thingId().namespace().equals("cz.wujinx")), "a manager reads only its organisations' trail");
        assertEquals(List.of("device-user"), trail.query(manager, new AuditQuery(null, "device-user", null, null,
                Long.MAX_VALUE, 100, Set.of())).stream().map(AuditRecord::subject).toList());
        assertEquals(ErrorCode.ACCESS_FORBIDDEN, codeOf(() -> trail.query(caller(Caller.ROLE_VIEWER, "cz.wujin"),
                new AuditQuery(null, null, null, null, Long.MAX_VALUE, 10, Set.of()))));
        assertEquals(ErrorCode.ACCESS_FORBIDDEN, codeOf(() -> trail.query(caller(Caller.ROLE_INTEGRATOR, "*"),
                new AuditQuery(null, null, null, null, Long.MAX_VALUE, 10, Set.of()))));
    }
}
