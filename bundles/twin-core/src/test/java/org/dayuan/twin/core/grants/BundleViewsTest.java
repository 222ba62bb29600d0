package org.dayuan.twin.core.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.AuditTrail;
import org.dayuan.twin.core.Registry;
import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.core.search.SearchComponent;
import org.dayuan.twin.core.Subscriptions;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.TwinSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The registry's services as a bundle gets them: whatever Caller the bundle passes, it gets at most its grant. */
class BundleViewsTest {
    private static final String LINE = "org.dayuan.line-test";
    private static final TwinId WUJIN = TwinId.of("cz.wujin:meter");
    private static final TwinId XINBEI = TwinId.of("cz.xinbei:meter");
    private static final JsonPointer NAME = JsonPointer.parse("/attributes/name");
    /** What a bundle would build to act beyond its grant. */
    private static final Caller FORGED = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "forged");
    private static final Caller VIEWER_OF_ALL = Caller.fromGrants("all", List.of(Caller.ROLE_VIEWER, "ns:*"), "forged");

    private final MemoryJournal journal = new MemoryJournal();
    private final Registry registry = new Registry(journal, e -> { }, 1 << 20);
    private final TwinSearch search = new SearchComponent(registry, List.of(), 25, 200);
    private final TwinSubscriptions subscriptions = new Subscriptions(journal, registry, 10_000, Runnable::run);
    private final BundleGrants grants = grants("bundle." + LINE, "viewer, ns:cz.wujin",
            "bundle.org.dayuan.twin-http", "admin, ns:*", "not-a-bundle", "admin, ns:*");

    /** The registry, search and subscriptions as bundle {@code bsn} gets them in the distribution. */
    private record BundleView(TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions) {
    }

    private BundleView view(String bsn, BundleGrants grants) {
        return new BundleView(new BundleRegistry(registry, grants, bsn), new BundleSearch(search, grants, bsn),
                new BundleSubscriptions(subscriptions, grants, bsn));
    }

    /** Grants as {@code etc/org.dayuan.identities.cfg} lists them: each {@code bundle.<name>} then its grants. */
    private static BundleGrants grants(String... lines) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            config.put(lines[i], lines[i + 1]);
        }
        return new BundleGrants(config);
    }

    @BeforeEach
    void twoOrganisations() {
        for (TwinId id : List.of(WUJIN, XINBEI)) {
            registry.create(Registry.SELF, id, thing());
        }
    }

    private static ObjectNode thing() {
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.putObject("attributes").put("name", "meter");
        return thing;
    }

    private static ErrorCode codeOf(Executable call) {
        return assertThrows(DayuanException.class, call).errorCode();
    }

    @Test
    void aForgedCallerReadsNoMoreThanTheBundleWasGranted() {
        BundleView line = view(LINE, grants);

        assertTrue(line.registry().get(VIEWER_OF_ALL, XINBEI).isEmpty());
        assertEquals(List.of(WUJIN), line.registry().list(VIEWER_OF_ALL).stream().map(Twin::id).toList());
        assertEquals(List.of(WUJIN), line.registry().getAll(VIEWER_OF_ALL, List.of(WUJIN, XINBEI)).stream()
                .map(Twin::id).toList());
        assertEquals(1, line.registry().count(VIEWER_OF_ALL));
        assertEquals(1, line.search().count(VIEWER_OF_ALL, null, List.of()));
        assertEquals(List.of("cz.wujin:meter"), line.search().search(VIEWER_OF_ALL,
                new SearchQuery(null, List.of(), null)).items().stream().map(t -> t.id().toString()).toList());

        // A forged administrator is reduced to the viewer the bundle was granted, in its organisation.
        assertEquals(List.of(WUJIN), line.registry().list(FORGED).stream().map(Twin::id).toList());
        assertEquals(1, line.search().count(FORGED, null, List.of()));
    }

    @Test
    void aForgedAdministratorWritesNothingBeyondTheGrant() {
        TwinRegistry line = view(LINE, grants).registry();
        Twin before = registry.get(Registry.SELF, WUJIN).orElseThrow();

        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> line.put(FORGED, WUJIN, NAME,
                JsonNodeFactory.instance.textNode("x"), WriteCondition.NONE)));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> line.create(FORGED, TwinId.of("cz.xinbei:new"),
                thing())));
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> line.delete(FORGED, XINBEI, JsonPointer.empty(),
                WriteCondition.NONE, false)));
        assertEquals(before, registry.get(Registry.SELF, WUJIN).orElseThrow());
        assertEquals(2, registry.count(Registry.SELF));
    }

    @Test
    void aBundleActingForUsersPassesTheirRightsThrough() {
        TwinRegistry http = view("org.dayuan.twin-http", grants).registry();
        Caller wujinIntegrator = Caller.fromGrants("wj", List.of("integrator", "ns:cz.wujin"), "10.0.0.1");

        http.put(wujinIntegrator, WUJIN, NAME, JsonNodeFactory.instance.textNode("main"), WriteCondition.NONE);
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> http.put(wujinIntegrator, XINBEI, NAME,
                JsonNodeFactory.instance.textNode("x"), WriteCondition.NONE)));
        assertEquals(2, http.count(FORGED));
        assertEquals("main", registry.get(Registry.SELF, WUJIN).orElseThrow().get(NAME).orElseThrow()
                .asText());
    }

    @Test
    void aBundleNotListedSeesAndChangesNothing() {
        for (String bsn : List.of("org.dayuan.unknown", "not-a-bundle")) {
            BundleView unknown = view(bsn, grants);

            assertEquals(new Caller(bsn, Set.of(), Set.of(), "bundle " + bsn), unknown.registry().identity());
            assertEquals(0, unknown.registry().count(FORGED));
            assertTrue(unknown.registry().get(FORGED, WUJIN).isEmpty());
            assertEquals(0, unknown.search().count(FORGED, null, List.of()));
            assertEquals(ErrorCode.THING_NOT_MODIFIABLE, codeOf(() -> unknown.registry().merge(FORGED, WUJIN,
                    NAME, JsonNodeFactory.instance.textNode("x"), WriteCondition.NONE)));
        }
    }

    @Test
    void theBundlesIdentityIsItsGrantNamedAsTheFileSays() {
        BundleGrants named = grants("bundle." + LINE, "integrator, ns:cz.wujin, name:line-test");

        assertEquals(new Caller(LINE, Set.of("viewer"), Set.of("cz.wujin"), "bundle " + LINE),
                view(LINE, grants).registry().identity());
        TwinRegistry line = view(LINE, named).registry();
        assertEquals(new Caller("line-test", Set.of("integrator"), Set.of("cz.wujin"), "bundle " + LINE),
                line.identity());
        line.merge(line.identity(), WUJIN, NAME, JsonNodeFactory.instance.textNode("renamed"), WriteCondition.NONE);
        assertEquals("line-test", journal.audit(new AuditQuery(WUJIN, null, null, null, Long.MAX_VALUE, 10,
                Set.of("*")))
                .get(0).subject());
    }

    @Test
    void anEditedFileTakesEffectAtOnce() {
        BundleView line = view(LINE, grants);
        assertEquals(1, line.registry().count(line.registry().identity()));

        grants.modified(Map.of("bundle." + LINE, "viewer, ns:*"));
        assertEquals(2, line.registry().count(VIEWER_OF_ALL));
        assertEquals(2, line.search().count(line.registry().identity(), null, List.of()));

        grants.modified(Map.of());
        assertEquals(0, line.registry().count(VIEWER_OF_ALL), "removed from the file: nothing from then on");
        assertTrue(line.registry().get(Registry.SELF, WUJIN).isEmpty());
    }

    @Test
    void theAuditTrailNeedsTheBundleToBeGrantedIt() {
        registry.merge(Registry.SELF, WUJIN, NAME, JsonNodeFactory.instance.textNode("x"), WriteCondition.NONE);
        AuditQuery all = new AuditQuery(null, null, null, null, Long.MAX_VALUE, 10, Set.of("*"));
        Caller anyManager = Caller.fromGrants("m", List.of(Caller.ROLE_MANAGER, "ns:*"), "forged");
        BundleGrants both = grants("bundle." + LINE, "viewer, ns:cz.wujin",
                "bundle.org.dayuan.twin-http", "manager, ns:cz.wujin");
        AuditTrail trail = new AuditTrail(journal);

        assertEquals(ErrorCode.ACCESS_FORBIDDEN, codeOf(() -> new BundleAudit(trail, both, LINE).query(FORGED, all)));
        assertEquals(List.of(WUJIN, WUJIN), new BundleAudit(trail, both, "org.dayuan.twin-http").query(FORGED, all)
                .stream().map(AuditRecord::thingId).toList(), "an administrator within a manager's grant is a manager");
        List<AuditRecord> seen = new BundleAudit(trail, both, "org.dayuan.twin-http").query(anyManager, all);
        assertEquals(List.of(WUJIN, WUJIN), seen.stream().map(AuditRecord::thingId).toList());
        assertEquals(3, trail.query(anyManager, all).size(), "the trail itself holds the other organisation's too");
    }

    @Test
    void theFileFormat() {
        Map<String, Caller> read = BundleGrants.read(Map.of(
                "bundle.org.dayuan.a", "device, ns:cz.wujin, ns:cz.xinbei",
                "bundle.org.dayuan.b", " integrator ,ns:*, name: b-line ",
                "bundle.org.dayuan.c", "admin, ns:cz wujin, superuser",
                "identity.device-mqtt", "admin, ns:*",
                "service.pid", "org.dayuan.identities"));

        assertEquals(Set.of("org.dayuan.a", "org.dayuan.b", "org.dayuan.c"), read.keySet());
        assertEquals(new Caller("org.dayuan.a", Set.of("device"), Set.of("cz.wujin", "cz.xinbei"),
                "bundle org.dayuan.a"), read.get("org.dayuan.a"));
        assertEquals(new Caller("b-line", Set.of("integrator"), Set.of("*"), "bundle org.dayuan.b"),
                read.get("org.dayuan.b"));
        assertEquals(new Caller("org.dayuan.c", Set.of("admin"), Set.of(), "bundle org.dayuan.c"),
                read.get("org.dayuan.c"), "a misspelt scope is dropped, never read loosely");
    }
}
