package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Authentication, roles and organisation isolation over HTTP, as users of the booted distribution meet them: every
 * role against twins of its own organisation (cz.wujin) and of another (cz.xinbei), for read, search, count,
 * stream, history, write and delete; lockout, tokens and the audit trail.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends DistributionTest {
    private static final String OWN_NS = "cz.wujin.sec";
    private static final String FOREIGN_NS = "cz.xinbei.sec";
    private static final List<String> ROLES = List.of("manager", "integrator", "viewer", "device");
    private static final Set<String> WRITERS = Set.of("manager", "integrator");
    private static boolean seeded;

    private Api user(String role) {
        return api.as("wj-" + role, Dist.USER_PASSWORD);
    }

    private static String thing(String ns, String name) {
        return "/api/2/things/" + ns + ":" + name;
    }

    private static final String TWIN = "{'attributes':{'tag':'sec','name':'x'},"
            + "'features':{'power':{'properties':{'kw':1}}}}";

    @Before
    public void seed() {
        if (seeded) {
            return;
        }
        for (String ns : List.of(OWN_NS, FOREIGN_NS)) {
            for (String name : List.of("shared", "del-manager", "del-integrator", "del-viewer", "del-device")) {
                Reply r = api.put(thing(ns, name), TWIN);
                assertEquals(r.toString(), 201, r.status());
            }
        }
        seeded = true;
    }

    private long revision(String ns, String name) {
        return api.get(thing(ns, name) + "?fields=_revision").json().path("_revision").asLong();
    }

    @Test
    public void everyApiPathButHealthNeedsCredentials() {
        Api nobody = api.anonymous();
        Reply health = nobody.get("/api/health");
        assertEquals(200, health.status());
        assertFalse("an anonymous monitor learns nothing of the twins", health.json().has("twins"));
        assertTrue("a login counts only the twins it may see", user("viewer").get("/api/health").json()
                .path("twins").asInt() < api.get("/api/health").json().path("twins").asInt());
        for (String path : List.of("/api/2/things/" + CAMPUS, "/api/2/search/things", "/api/2/search/things/count",
                "/api/dayuan/models", "/api/dayuan/audit", "/api/dayuan/energy/factors", "/api/dayuan/mqtt",
                "/api/dayuan/history/" + CAMPUS + "?path=/attributes/name", "/api/2/nothing-here")) {
            Reply r = nobody.get(path);
            assertError(r, 401, "gateway:authentication.failed");
            assertTrue(r.toString(), r.header("WWW-Authenticate").startsWith("Basic realm="));
        }
        Reply wrong = api.as("wj-viewer", "not-the-password").get("/api/2/things/" + CAMPUS);
        assertError(wrong, 401, "gateway:authentication.failed");
        Reply noRole = api.as("no-role", Dist.USER_PASSWORD).get("/api/2/things/" + CAMPUS);
        assertEquals(noRole.toString(), 403, noRole.status());
        Reply write = nobody.put(thing(OWN_NS, "anonymous"), "{}");
        assertEquals(401, write.status());
        assertEquals(404, api.get(thing(OWN_NS, "anonymous")).status());
    }

    @Test
    public void readsShowOwnTwinsAndHideForeignOnes() {
        for (String role : ROLES) {
            Api u = user(role);
            Reply own = u.get(thing(OWN_NS, "shared"));
            assertEquals(role + " " + own, 200, own.status());
            assertError(u.get(thing(FOREIGN_NS, "shared")), 404, "things:thing.notfound");
            assertError(u.get(thing(FOREIGN_NS, "shared") + "/attributes/name"), 404, "things:thing.notfound");
            Reply past = u.get(thing(OWN_NS, "shared") + "?at-historical-revision=1");
            assertEquals(role + " " + past, 200, past.status());
            assertError(u.get(thing(FOREIGN_NS, "shared") + "?at-historical-revision=1"), 404,
                    "things:thing.notfound");
            String series = "?path=/features/power/properties/kw&from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z"
                    + "&step=P1D";
            assertEquals(role, 200, u.get("/api/dayuan/history/" + OWN_NS + ":shared" + series).status());
            assertError(u.get("/api/dayuan/history/" + FOREIGN_NS + ":shared" + series), 404,
                    "things:thing.notfound");
        }
        // The administrator of every namespace sees both.
        assertEquals(200, api.get(thing(FOREIGN_NS, "shared")).status());
    }

    @Test
    public void searchAndCountNeverRevealForeignTwins() {
        String filter = "?filter=eq(attributes/tag,%22sec%22)";
        String count = "/api/2/search/things/count" + filter;
        for (String role : ROLES) {
            Api u = user(role);
            int own = api.get(count + "&namespaces=" + OWN_NS).json().asInt();
            assertTrue(api.get(count + "&namespaces=" + FOREIGN_NS).json().asInt() > 0);
            assertEquals(role, own, u.get(count).json().asInt());
            assertEquals(role, 0, u.get(count + "&namespaces=" + FOREIGN_NS).json().asInt());
            JsonNode items = u.get("/api/2/search/things" + filter + "&option=size(200)").json().path("items");
            assertEquals(role, own, items.size());
            items.forEach(t -> assertTrue(t.toString(), t.path("thingId").asText().startsWith(OWN_NS + ":")));
            assertEquals(role, 404, u.get("/api/2/things/" + FOREIGN_NS + ":shared/children").status());
            assertEquals(role, 200, u.get("/api/2/things/" + OWN_NS + ":shared/children").status());
        }
    }

    @Test
    public void streamsCarryOnlyOwnTwins() throws Exception {
        for (String role : ROLES) {
            String path = "/api/2/things?namespaces=" + OWN_NS + "," + FOREIGN_NS;
            try (SseClient sse = new SseClient(Api.basic("wj-" + role, Dist.USER_PASSWORD), port, path)) {
                assertEquals(200, sse.status);
                assertEquals(204, api.patch(thing(FOREIGN_NS, "shared") + "/attributes", "{'seen':'" + role + "'}")
                        .status());
                assertEquals(204, api.patch(thing(OWN_NS, "shared") + "/attributes", "{'seen':'" + role + "'}")
                        .status());
                SseClient.Event first = sse.next(10);
                assertEquals(role + " " + first.data(), OWN_NS + ":shared", first.data().path("thingId").asText());
                assertTrue(role + ": nothing else", sse.quietFor(1000));
            }
        }
    }

    @Test
    public void writesFollowTheRoleAndForbiddenOnesChangeNothing() {
        for (String role : ROLES) {
            Api u = user(role);
            long ownBefore = revision(OWN_NS, "shared");
            long foreignBefore = revision(FOREIGN_NS, "shared");

            Reply feature = u.put(thing(OWN_NS, "shared") + "/features/power/properties/kw", "7");
            Reply attribute = u.patch(thing(OWN_NS, "shared") + "/attributes", "{'name':'" + role + "'}");
            Reply create = u.put(thing(OWN_NS, "new-" + role), TWIN);
            boolean writer = WRITERS.contains(role);
            assertEquals(role + " " + feature, writer || role.equals("device") ? 204 : 403, feature.status());
            assertEquals(role + " " + attribute, writer ? 204 : 403, attribute.status());
            assertEquals(role + " " + create, writer ? 201 : 403, create.status());
            long changes = (writer ? 2 : 0) + (role.equals("device") ? 1 : 0);
            assertEquals(role, ownBefore + changes, revision(OWN_NS, "shared"));
            if (!writer) {
                assertError(create, 403, "things:thing.notmodifiable");
                assertEquals(404, api.get(thing(OWN_NS, "new-" + role)).status());
            }

            // Another organisation's twins: refused by namespace, the same whether the twin exists or not.
            assertError(u.put(thing(FOREIGN_NS, "shared") + "/features/power/properties/kw", "7"), 403,
                    "things:thing.notmodifiable");
            assertError(u.patch(thing(FOREIGN_NS, "shared") + "/attributes", "{'name':'x'}"), 403,
                    "things:thing.notmodifiable");
            assertError(u.put(thing(FOREIGN_NS, "new-" + role), TWIN), 403, "things:thing.notmodifiable");
            assertError(u.delete(thing(FOREIGN_NS, "del-" + role)), 403, "things:thing.notmodifiable");
            assertEquals(role, foreignBefore, revision(FOREIGN_NS, "shared"));
            assertEquals(404, api.get(thing(FOREIGN_NS, "new-" + role)).status());
            assertEquals(200, api.get(thing(FOREIGN_NS, "del-" + role)).status());
        }
    }

    @Test
    public void deletesFollowTheRole() {
        for (String role : ROLES) {
            Reply r = user(role).delete(thing(OWN_NS, "del-" + role));
            boolean writer = WRITERS.contains(role);
            assertEquals(role + " " + r, writer ? 204 : 403, r.status());
            assertEquals(role, writer ? 404 : 200, api.get(thing(OWN_NS, "del-" + role)).status());
        }
    }

    @Test
    public void repeatedFailuresLockTheAccountForEveryone() {
        Api wrong = api.as("lock-me", "guess");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, wrong.get("/api/2/things/" + CAMPUS).status());
        }
        Reply locked = api.as("lock-me", Dist.USER_PASSWORD).get("/api/2/things/" + CAMPUS);
        assertError(locked, 401, "gateway:authentication.failed");
        assertTrue(locked.toString(), locked.json().path("message").asText().toLowerCase().contains("locked"));
        Reply login = api.anonymous().post("/api/dayuan/auth/login",
                "{'username':'lock-me','password':'" + Dist.USER_PASSWORD + "'}");
        assertEquals(login.toString(), 401, login.status());
        // Only that account: others log in as before.
        assertEquals(200, user("viewer").get("/api/2/things/" + CAMPUS).status());
    }

    @Test
    public void tokensAreIssuedUsedAndRevoked() {
        Reply login = api.anonymous().post("/api/dayuan/auth/login",
                "{'username':'wj-viewer','password':'" + Dist.USER_PASSWORD + "'}");
        assertEquals(login.toString(), 200, login.status());
        String token = login.json().path("token").asText();
        assertEquals("Bearer", login.json().path("tokenType").asText());
        Api bearer = api.anonymous().withToken(token);
        assertEquals(200, bearer.get(thing(OWN_NS, "shared")).status());
        assertEquals(404, bearer.get(thing(FOREIGN_NS, "shared")).status());
        JsonNode me = bearer.get("/api/dayuan/auth/whoami").json();
        assertEquals("wj-viewer", me.path("subject").asText());

        // A token altered anywhere, or unsigned, is refused.
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + "." + parts[2];
        assertError(api.anonymous().withToken(tampered).get(thing(OWN_NS, "shared")), 401,
                "gateway:authentication.failed");
        assertError(api.anonymous().withToken(parts[0] + "." + parts[1] + ".").get(thing(OWN_NS, "shared")), 401,
                "gateway:authentication.failed");

        // Logout revokes it at once.
        assertEquals(204, bearer.post("/api/dayuan/auth/logout", null).status());
        Reply after = bearer.get(thing(OWN_NS, "shared"));
        assertError(after, 401, "gateway:authentication.failed");

        // An administrator revokes every token of a user; a viewer may not.
        String second = api.anonymous().post("/api/dayuan/auth/login",
                "{'username':'wj-viewer','password':'" + Dist.USER_PASSWORD + "'}").json().path("token").asText();
        assertEquals(403, user("viewer").post("/api/dayuan/auth/revoke", "{'subject':'wj-viewer'}").status());
        assertEquals(200, api.anonymous().withToken(second).get(thing(OWN_NS, "shared")).status());
        Reply revoke = api.post("/api/dayuan/auth/revoke", "{'subject':'wj-viewer'}");
        assertEquals(revoke.toString(), 2, revoke.status() / 100);
        assertEquals(401, api.anonymous().withToken(second).get(thing(OWN_NS, "shared")).status());
    }

    @Test
    public void tokensExpire() throws Exception {
        Reply login = api.anonymous().post("/api/dayuan/auth/login",
                "{'username':'wj-device','password':'" + Dist.USER_PASSWORD + "','expiresInSeconds':1}");
        assertEquals(login.toString(), 200, login.status());
        Api bearer = api.anonymous().withToken(login.json().path("token").asText());
        assertEquals(200, bearer.get(thing(OWN_NS, "shared")).status());
        Thread.sleep(2_100);
        Reply expired = bearer.get(thing(OWN_NS, "shared"));
        assertError(expired, 401, "gateway:authentication.failed");
        assertTrue(expired.toString(), expired.json().path("message").asText().toLowerCase().contains("expired"));
    }

    @Test
    public void theAuditTrailShowsWhoChangedWhatAndIsReadOnly() {
        Api manager = user("manager");
        String path = thing(OWN_NS, "audited");
        assertEquals(201, manager.put(path, "{'attributes':{'name':'一号','tag':'audit'}}").status());
        assertEquals(204, manager.patch(path + "/attributes", "{'name':'二号'}").status());
        assertEquals(403, user("viewer").patch(path + "/attributes", "{'name':'三号'}").status());
        assertEquals(204, manager.delete(path).status());

        JsonNode items = manager.get("/api/dayuan/audit?thingId=" + OWN_NS + ":audited").json().path("items");
        List<String> types = new ArrayList<>();
        items.forEach(i -> types.add(i.path("type").asText()));
        assertEquals("newest first, the refused write absent", List.of("deleted", "merged", "created"), types);
        JsonNode merge = items.get(1);
        assertEquals("wj-manager", merge.path("subject").asText());
        assertEquals("127.0.0.1", merge.path("origin").asText());
        assertEquals("一号", merge.path("before").path("name").asText());
        assertEquals("二号", merge.path("after").path("name").asText());
        assertFalse(merge.path("timestamp").asText().isEmpty());
        assertEquals("二号", items.get(0).path("before").path("attributes").path("name").asText());

        // By user and time range.
        String since = items.get(2).path("timestamp").asText();
        JsonNode byUser = manager.get("/api/dayuan/audit?subject=wj-manager&from=" + since).json().path("items");
        Set<String> ids = new HashSet<>();
        byUser.forEach(i -> {
            assertEquals("wj-manager", i.path("subject").asText());
            ids.add(i.path("thingId").asText());
        });
        assertTrue(ids.toString(), ids.contains(OWN_NS + ":audited"));
        assertEquals(0, manager.get("/api/dayuan/audit?thingId=" + OWN_NS + ":audited&to=" + since).json()
                .path("items").size());

        // Another organisation's trail stays hidden; only managers and admins read it at all.
        api.patch(thing(FOREIGN_NS, "shared") + "/attributes", "{'audit':1}");
        assertEquals(0, manager.get("/api/dayuan/audit?thingId=" + FOREIGN_NS + ":shared").json().path("items")
                .size());
        assertTrue(api.get("/api/dayuan/audit?thingId=" + FOREIGN_NS + ":shared").json().path("items").size() > 0);
        assertError(user("viewer").get("/api/dayuan/audit"), 403, "dayuan:access.forbidden");
        assertError(user("integrator").get("/api/dayuan/audit"), 403, "dayuan:access.forbidden");

        // Nothing writes the trail through the API.
        long newest = api.get("/api/dayuan/audit?limit=1").json().path("items").get(0).path("seq").asLong();
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Reply r = api.send(method, "/api/dayuan/audit", "application/json", "{}");
            assertError(r, 405, "things:method.notallowed");
        }
        assertEquals(newest, api.get("/api/dayuan/audit?limit=1").json().path("items").get(0).path("seq")
                .asLong());
        assertError(manager.get("/api/dayuan/audit?from=yesterday"), 400, "things:parameter.invalid");
    }

    @Test
    public void demoUsersOfEachRoleLogIn() {
        Api viewer = api.as("wujin-viewer", "Wujin-Viewer-2026");
        assertEquals(200, viewer.get("/api/2/things/" + CAMPUS).status());
        assertEquals(403, viewer.patch("/api/2/things/" + CAMPUS + "/attributes", "{'x':1}").status());
        assertEquals(404, api.as("xinbei-viewer", "Xinbei-Viewer-2026").get("/api/2/things/" + CAMPUS).status());
        assertEquals(200, api.as("wujin-manager", "Wujin-Manager-2026").get("/api/dayuan/audit?limit=1").status());
        assertEquals(200, api.as("integrator", "Integrator-2026").get("/api/2/things/" + CAMPUS).status());
        assertEquals(200, api.as("wujin-device", "Wujin-Device-2026").get("/api/2/things/" + CAMPUS).status());
    }

    @Test
    public void countyWideStatusIsForCountyWideRoles() {
        assertEquals(403, user("viewer").get("/api/dayuan/energy/status").status());
        assertEquals(200, api.get("/api/dayuan/energy/status").status());
        assertEquals(403, user("viewer").get("/api/dayuan/mqtt").status());
        assertEquals(200, api.get("/api/dayuan/mqtt").status());
    }
}
