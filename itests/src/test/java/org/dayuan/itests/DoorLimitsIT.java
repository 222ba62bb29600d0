package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the HTTP API refuses or limits at the door, in the running distribution: CORS only for configured origins,
 * no unpaged list of every twin, each of the {@code ids} once and not too many, and no value nested deeper than
 * a twin may be, not even from a device below its feature, while a twin as deep as allowed stays readable and
 * deletable through every view of it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DoorLimitsIT extends DistributionTest {
    /** The nesting limit as README states it: levels of objects and arrays, counted from the twin's root. */
    private static final int MAX_DEPTH = 64;
    private static final String LISTED = "https://viewer.example";
    private static final String STRANGER = "https://anything.example";
    private static final String THINGS = "/api/2/things/";

    @Inject
    private ConfigurationAdmin configAdmin;

    // ---- CORS ---------------------------------------------------------------------------------------------------

    private Reply preflight(String origin) {
        return api.anonymous().send("OPTIONS", THINGS + CAMPUS, null, null, "Origin", origin,
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type,if-match");
    }

    private Reply read(String origin) {
        return api.get(THINGS + CAMPUS, "Origin", origin);
    }

    private static void assertNoCors(Reply r) {
        assertNull(r.toString(), r.header("Access-Control-Allow-Origin"));
        assertNull(r.toString(), r.header("Access-Control-Allow-Credentials"));
        assertNull(r.toString(), r.header("Access-Control-Allow-Methods"));
    }

    /**
     * Sets {@code corsAllowedOrigins} and waits until a preflight from {@code probe} shows it applied; returns the
     * settings before.
     */
    private Dictionary<String, Object> allowOrigins(String origins, String probe, Predicate<Reply> applied)
            throws Exception {
        Configuration config = configAdmin.getConfiguration("org.dayuan.http", null);
        Dictionary<String, Object> original = config.getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        if (original != null) {
            for (var keys = original.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                changed.put(key, original.get(key));
            }
        }
        changed.put("corsAllowedOrigins", origins);
        config.update(changed);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!applied.test(preflight(probe))) {
            assertTrue("corsAllowedOrigins = " + origins + " was never applied", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        return original;
    }

    @Test
    public void corsAnswersOnlyConfiguredOriginsAndNeverCredentialsToAny() throws Exception {
        // As installed: no CORS at all, so no other site's page can read the API with a visitor's login.
        assertNoCors(preflight(STRANGER));
        assertNoCors(preflight(LISTED));
        Reply plain = read(STRANGER);
        assertEquals(200, plain.status());
        assertNoCors(plain);

        Dictionary<String, Object> original = allowOrigins(LISTED, LISTED,
                r -> LISTED.equals(r.header("Access-Control-Allow-Origin")));
        try {
            Reply p = preflight(LISTED);
            assertEquals(p.toString(), 204, p.status());
            assertEquals(LISTED, p.header("Access-Control-Allow-Origin"));
            assertEquals("true", p.header("Access-Control-Allow-Credentials"));
            assertTrue(p.header("Access-Control-Allow-Methods").contains("PATCH"));
            assertTrue(p.header("Access-Control-Allow-Headers").contains("if-match"));
            assertTrue(p.raw().headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")));
            Reply get = read(LISTED);
            assertEquals(200, get.status());
            assertEquals(LISTED, get.header("Access-Control-Allow-Origin"));
            assertEquals("true", get.header("Access-Control-Allow-Credentials"));
            assertTrue(get.header("Access-Control-Expose-Headers").contains("ETag"));
            // The attack: another origin is not echoed, with or without credentials.
            assertNoCors(preflight(STRANGER));
            assertNoCors(read(STRANGER));

            allowOrigins(LISTED + ", *", STRANGER, r -> "*".equals(r.header("Access-Control-Allow-Origin")));
            Reply any = read(STRANGER);
            assertEquals(200, any.status());
            assertEquals("*", any.header("Access-Control-Allow-Origin"));
            assertNull("never credentials for '*'", any.header("Access-Control-Allow-Credentials"));
            assertNull(preflight(STRANGER).header("Access-Control-Allow-Credentials"));
            assertEquals(LISTED, read(LISTED).header("Access-Control-Allow-Origin"));
            assertEquals("true", read(LISTED).header("Access-Control-Allow-Credentials"));
        } finally {
            configAdmin.getConfiguration("org.dayuan.http", null).update(original);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (preflight(LISTED).header("Access-Control-Allow-Origin") != null) {
            assertTrue("the installed CORS settings never came back", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    // ---- the list and ids ---------------------------------------------------------------------------------------

    @Test
    public void theListIsNeverTheWholeRegistryInOneAnswer() throws Exception {
        // As in Ditto 3: without ids, one page of what the caller sees, and a Link to the next one.
        for (Api user : new Api[] {api, api.as("wj-viewer", Dist.USER_PASSWORD)}) {
            long visible = user.get("/api/2/search/things/count").json().asLong();
            Reply all = user.get("/api/2/things?fields=thingId");
            assertEquals(all.toString(), 200, all.status());
            assertEquals(all.toString(), Math.min(25, visible), all.json().size());
            List<String> links = all.raw().headers().allValues("Link");
            assertTrue(links.toString(), links.contains("</api/2/things?fields=thingId>; rel=\"canonical\""));
            assertEquals(links.toString(), visible > 25, links.stream().anyMatch(l -> l.endsWith("rel=\"next\"")));
        }
        for (String n : List.of("c", "a", "b")) {
            assertEquals(201, api.put(THINGS + "cz.wujin.door-list:" + n, "{}").status());
        }
        Reply first = api.get("/api/2/things?namespaces=cz.wujin.door-list&option=size(2)&fields=thingId");
        assertEquals(first.toString(), 2, first.json().size());
        String next = first.raw().headers().allValues("Link").stream().filter(l -> l.endsWith("rel=\"next\""))
                .findFirst().orElseThrow(() -> new AssertionError(first.toString()));
        Reply second = api.get(next.substring(1, next.indexOf('>')));
        assertEquals(second.toString(), 1, second.json().size());
        assertTrue(second.toString(), second.raw().headers().allValues("Link").stream()
                .noneMatch(l -> l.endsWith("rel=\"next\"")));
        Set<String> ids = new TreeSet<>();
        for (Reply page : List.of(first, second)) {
            page.json().forEach(t -> ids.add(t.path("thingId").asText()));
        }
        assertEquals(Set.of("cz.wujin.door-list:a", "cz.wujin.door-list:b", "cz.wujin.door-list:c"), ids);
        assertError(api.get("/api/2/things?filter=exists(thingId)"), 400, "things:parameter.invalid");
        // The same collection as a change stream still works without ids.
        try (SseClient sse = new SseClient(port, "/api/2/things?namespaces=cz.wujin.door-sse")) {
            assertEquals(200, sse.status);
            assertEquals(201, api.put(THINGS + "cz.wujin.door-sse:a", "{'attributes':{'v':1}}").status());
            assertEquals("cz.wujin.door-sse:a", sse.next(10).data().path("thingId").asText());
        }
    }

    @Test
    public void idsNamedManyTimesComeBackOnceAndTooManyAreRefused() {
        String twice = "cz.wujin:bldg-b," + CAMPUS;
        String ids = IntStream.range(0, 200).mapToObj(i -> CAMPUS).collect(Collectors.joining(",")) + "," + twice;
        JsonNode answer = api.get("/api/2/things?fields=thingId&ids=" + ids).json();
        assertEquals(answer.toString(), 2, answer.size());
        assertEquals(CAMPUS, answer.get(0).path("thingId").asText());
        assertEquals("cz.wujin:bldg-b", answer.get(1).path("thingId").asText());

        // 200 distinct ids (199 + the campus) are the most one request may name; repeating one adds none.
        String most = IntStream.range(0, 199).mapToObj(i -> "cz.wujin:n" + i).collect(Collectors.joining(","));
        assertEquals(200, api.get("/api/2/things?ids=" + most + "," + CAMPUS + ",cz.wujin:n0").status());
        assertError(api.get("/api/2/things?ids=" + most + "," + CAMPUS + ",cz.wujin:one-more"), 400,
                "things:parameter.invalid");
    }

    // ---- nesting ------------------------------------------------------------------------------------------------

    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    @Test
    public void aDeviceCannotNestAValueTooDeepAndATwinAsDeepAsAllowedStaysReadableAndDeletable() throws Exception {
        String site = "cz.wujin.door:site";
        String meter = "cz.wujin.door:meter";
        assertEquals(201, api.put(THINGS + site, "{'attributes':{'name':'site'}}").status());
        assertEquals(201, api.put(THINGS + meter, "{'attributes':{'parent':'" + site + "'},"
                + "'features':{'power':{'properties':{'kw':1}}}}").status());
        Api device = api.as("wj-device", Dist.USER_PASSWORD);
        String property = THINGS + meter + "/features/power/properties/deep";
        int segments = 4;
        String etag = api.get(THINGS + meter).header("ETag");
        long newestAudit = newestAudit();

        // 1,000 levels still pass Jackson's parser; anything over the limit, counting the path, is a 400.
        for (String value : new String[] {nested(1_000), nested(999), nested(MAX_DEPTH - segments + 1)}) {
            Reply put = device.send("PUT", property, "application/json", value);
            assertError(put, 400, "json.invalid");
            assertTrue(put.toString(), put.json().path("message").asText().contains("at most " + MAX_DEPTH));
            assertError(device.send("PATCH", THINGS + meter + "/features/power/properties",
                    "application/merge-patch+json", "{\"deep\":" + value + "}"), 400, "json.invalid");
        }
        assertEquals(etag, api.get(THINGS + meter).header("ETag"));
        assertEquals("nothing was written", newestAudit, newestAudit());

        // As deep as allowed: written by the device, then served by every view of the twin.
        assertEquals(201, device.send("PUT", property, "application/json", nested(MAX_DEPTH - segments)).status());
        String deepest = "/features/power/properties/deep" + "/a".repeat(MAX_DEPTH - segments);
        for (Api reader : new Api[] {api, api.as("wj-viewer", Dist.USER_PASSWORD), device}) {
            assertEquals(200, reader.get(THINGS + meter).status());
            assertEquals(1, reader.get(THINGS + meter + deepest).json().asInt());
        }
        assertEquals(1, api.get("/api/2/things?ids=" + meter).json().at("/0" + deepest).asInt());
        assertEquals(1, api.get(THINGS + site + "/children").json().at("/0" + deepest).asInt());
        assertEquals(1, api.get(THINGS + site + "/descendants").json().at("/0" + deepest).asInt());
        String search = "/api/2/search/things?filter=" + URLEncoder.encode("eq(thingId,\"" + meter + "\")",
                StandardCharsets.UTF_8);
        assertEquals(1, api.get(search).json().at("/items/0" + deepest).asInt());
        assertEquals(1, api.get(search + "&fields=thingId,features").json().at("/items/0" + deepest).asInt());
        Reply audit = api.get("/api/dayuan/audit?thingId=" + meter + "&limit=5");
        assertEquals(audit.toString(), 200, audit.status());
        assertEquals(audit.toString(), meter, audit.json().path("items").get(0).path("thingId").asText());
        assertEquals(204, api.delete(THINGS + meter).status());
        assertEquals(404, api.get(THINGS + meter).status());
        assertEquals(204, api.delete(THINGS + site).status());
    }

    private long newestAudit() {
        return api.get("/api/dayuan/audit?limit=1").json().path("items").get(0).path("seq").asLong();
    }
}
