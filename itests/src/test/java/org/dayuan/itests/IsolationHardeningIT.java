package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dayuan.itests.Api.Reply;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What a viewer of one organisation can learn about another's twins through filters on the containment tree and
 * the answers to deletes, what a device may write, and how change-stream slots are shared between users.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IsolationHardeningIT extends DistributionTest {
    /** Wujin's building, with Xinbei's office leased in it and Xinbei's desk in that office. */
    private static final String BLDG = "cz.wujin.iso:bldg";
    private static final String FLOOR = "cz.wujin.iso:floor-1";
    private static final String OFFICE = "cz.xinbei.iso:office";
    private static final String DESK = "cz.xinbei.iso:desk";
    private static final String METER = "cz.wujin.iso:meter";
    private static boolean seeded;

    private Api xinbei() {
        return api.as("xinbei-viewer", "Xinbei-Viewer-2026");
    }

    private static String thing(String id) {
        return "/api/2/things/" + id;
    }

    @Before
    public void seed() throws InterruptedException {
        if (seeded) {
            return;
        }
        for (String[] t : new String[][] {{BLDG, "{}"}, {FLOOR, "{'attributes':{'parent':'" + BLDG + "'}}"},
                {OFFICE, "{'attributes':{'parent':'" + FLOOR + "'}}"},
                {DESK, "{'attributes':{'parent':'" + OFFICE + "'}}"},
                {METER, "{'attributes':{'parent':'" + FLOOR + "'},'features':{'energy':{'definition':['x:E:1'],"
                        + "'properties':{'kw':1}}}}"}}) {
            Reply r = api.put(thing(t[0]), t[1]);
            assertEquals(r.toString(), 201, r.status());
        }
        seeded = true;
    }

    private long count(Api as, String filter) {
        Reply r = as.get("/api/2/search/things/count?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(r.toString(), 200, r.status());
        return r.json().asLong();
    }

    @Test
    public void filtersOnTheTreeTellAViewerNothingAboutHiddenTwins() {
        Api viewer = xinbei();
        long missing = count(viewer, "eq(_ancestors,\"cz.wujin.iso:no-such-twin\")");
        assertEquals(0, missing);
        for (String hidden : List.of(BLDG, FLOOR, CAMPUS)) {
            assertEquals(hidden, missing, count(viewer, "eq(_ancestors,\"" + hidden + "\")"));
            assertEquals(hidden, missing, count(viewer, "eq(_parent,\"" + hidden + "\")"));
        }
        for (String probe : List.of("cz.wujin*", "cz.wujin.iso:f*", "*floor*", "cz.w*")) {
            assertEquals(probe, 0, count(viewer, "like(_ancestors,\"" + probe + "\")"));
            Reply items = viewer.get("/api/2/search/things?filter="
                    + URLEncoder.encode("like(_ancestors,\"" + probe + "\")", StandardCharsets.UTF_8));
            assertEquals(probe, 0, items.json().path("items").size());
        }
        // Its own part of the tree still works.
        assertEquals(1, count(viewer, "eq(_ancestors,\"" + OFFICE + "\")"));
        assertEquals(1, count(viewer, "like(_ancestors,\"cz.xinbei.iso*\")"));
        // Whoever sees the whole chain finds everything below it.
        assertEquals(4, count(api, "eq(_ancestors,\"" + BLDG + "\")"));
        assertEquals(2, count(api.as("wj-viewer", Dist.USER_PASSWORD), "eq(_ancestors,\"" + BLDG + "\")"));
    }

    @Test
    public void aRefusedDeleteNamesNoHiddenTwinOrNamespace() {
        Api manager = api.as("wj-manager", Dist.USER_PASSWORD);
        Reply flat = manager.delete(thing(FLOOR));
        assertError(flat, 409, "dayuan:thing.haschildren");
        Reply deep = manager.delete(thing(BLDG) + "?recursive=true");
        assertError(deep, 403, "things:thing.notmodifiable");
        for (Reply r : List.of(flat, deep)) {
            assertFalse(r.toString(), r.raw().body().contains("xinbei"));
            assertFalse(r.toString(), r.raw().body().contains("office"));
            assertFalse(r.toString(), r.raw().body().contains("desk"));
        }
        assertTrue(flat.toString(), flat.json().path("message").asText().contains("cannot see"));
        for (String id : List.of(BLDG, FLOOR, OFFICE, DESK, METER)) {
            assertEquals(id, 200, api.get(thing(id)).status());
        }
    }

    @Test
    public void aDeviceWritesPropertiesOfExistingFeaturesAndNothingElse() {
        Api device = api.as("wj-device", Dist.USER_PASSWORD);
        String energy = thing(METER) + "/features/energy";
        assertEquals(204, device.put(energy + "/properties/kw", "2").status());
        assertEquals(204, device.patch(energy + "/properties", "{'kwh':10}").status());
        assertEquals(201, device.put(energy + "/desiredProperties", "{'kw':3}").status());
        long revision = api.get(thing(METER) + "?fields=_revision").json().path("_revision").asLong();

        assertError(device.delete(energy), 403, "things:thing.notmodifiable");
        assertError(device.put(thing(METER) + "/features/extra", "{'properties':{'kw':1}}"), 403,
                "things:thing.notmodifiable");
        assertError(device.put(energy + "/definition", "['x:Other:1']"), 403, "things:thing.notmodifiable");
        assertError(device.patch(energy, "{'properties':{'kw':9}}"), 403, "things:thing.notmodifiable");
        assertError(device.put(thing(METER) + "/features", "{}"), 403, "things:thing.notmodifiable");
        assertError(device.patch(thing(METER) + "/features/extra/properties", "{'kw':1}"), 404,
                "things:feature.notfound");

        assertEquals(revision, api.get(thing(METER) + "?fields=_revision").json().path("_revision").asLong());
        assertEquals("{\"definition\":[\"x:E:1\"],\"properties\":{\"kw\":2,\"kwh\":10},\"desiredProperties\":"
                + "{\"kw\":3}}", api.get(thing(METER) + "/features").json().path("energy").toString());
    }

    private SseClient stream(String user, String password) throws IOException {
        return new SseClient(Api.basic(user, password), port, "/api/2/things?namespaces=cz.xinbei.iso");
    }

    @Test
    public void oneUserOpeningAndDroppingStreamsNeverBlocksAnother() throws Exception {
        // Other twins keep changing meanwhile, as in a county with devices reporting.
        Thread traffic = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                api.put(thing(METER) + "/features/energy/properties/kw", String.valueOf(i));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        traffic.start();
        try {
            for (int round = 0; round < 3; round++) {
                List<SseClient> mine = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                // Slots of the streams dropped in the round before come back within a few heartbeats.
                while (mine.size() < 16) {
                    SseClient s = stream("xinbei-viewer", "Xinbei-Viewer-2026");
                    if (s.status == 200) {
                        mine.add(s);
                    } else {
                        s.close();
                        assertEquals(503, s.status);
                        assertTrue("dropped streams free their slots", System.currentTimeMillis() < deadline);
                        Thread.sleep(250);
                    }
                }
                Reply over = xinbei().get("/api/2/things?namespaces=cz.xinbei.iso", "Accept", "text/event-stream");
                assertError(over, 503, "dayuan:streams.full");
                assertTrue(over.toString(), over.json().path("message").asText().contains("maxClientsPerUser"));
                try (SseClient other = stream("wj-viewer", Dist.USER_PASSWORD)) {
                    assertEquals("another user still connects", 200, other.status);
                }
                for (SseClient s : mine) {
                    s.close();
                }
            }
        } finally {
            traffic.interrupt();
            traffic.join();
        }
    }
}
