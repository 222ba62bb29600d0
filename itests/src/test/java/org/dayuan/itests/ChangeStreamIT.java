package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dayuan.itests.SseClient.Event;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Server-Sent Events of twin changes, as a 3D viewer follows them, including resuming after a reconnect. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChangeStreamIT extends DistributionTest {

    @Test
    public void streamDeliversChangesOfItsNamespaceWithEventIds() throws Exception {
        try (SseClient sse = new SseClient(port, "/api/2/things?namespaces=cz.wujin.sse1")) {
            assertEquals(200, sse.status);
            api.put("/api/2/things/cz.wujin.other:x", "{'attributes':{'v':0}}");
            api.put("/api/2/things/cz.wujin.sse1:a", "{'attributes':{'name':'A'}}");
            api.put("/api/2/things/cz.wujin.sse1:a/attributes/name", "'B'");
            Event created = sse.next(10);
            assertEquals("cz.wujin.sse1:a", created.data().path("thingId").asText());
            assertEquals("A", created.data().path("attributes").path("name").asText());
            Event modified = sse.next(10);
            assertEquals("as Ditto: the changed part and thingId, nothing more",
                    Api.JSON.readTree("{\"thingId\":\"cz.wujin.sse1:a\",\"attributes\":{\"name\":\"B\"}}"),
                    modified.data());
            assertTrue(Long.parseLong(modified.id()) > Long.parseLong(created.id()));
            api.delete("/api/2/things/cz.wujin.sse1:a");
            assertEquals("as Ditto: a deletion shows the thingId alone",
                    Api.JSON.readTree("{\"thingId\":\"cz.wujin.sse1:a\"}"), sse.next(10).data());
        }
    }

    @Test
    public void fieldsAskForRevisionModifiedAndDeletionNotices() throws Exception {
        String t = "/api/2/things/cz.wujin.sse5:a";
        api.put(t, "{'attributes':{'name':'A','old':1}}");
        try (SseClient sse = new SseClient(port,
                "/api/2/things?ids=cz.wujin.sse5:a&fields=thingId,attributes,_revision,_modified,_deleted")) {
            api.delete(t + "/attributes/old");
            Event removed = sse.next(10);
            assertEquals(2, removed.data().path("_revision").asInt());
            assertTrue(removed.data().path("_modified").isTextual());
            assertTrue("a removal is a null member", removed.data().path("attributes").path("old").isNull());
            assertTrue(removed.data().path("attributes").has("old"));
            api.delete(t);
            Event deleted = sse.next(10);
            assertEquals("cz.wujin.sse5:a", deleted.data().path("thingId").asText());
            assertTrue(deleted.data().path("_deleted").asBoolean());
            assertFalse(removed.data().has("_deleted"));
        }
    }

    @Test
    public void reconnectWithLastEventIdMissesNothing() throws Exception {
        String t = "/api/2/things/cz.wujin.sse2:m";
        api.put(t, "{'features':{'power':{'properties':{'kw':0}}}}");
        String lastId;
        try (SseClient sse = new SseClient(port, "/api/2/things?ids=cz.wujin.sse2:m")) {
            api.put(t + "/features/power/properties/kw", "1");
            Event first = sse.next(10);
            assertEquals(1, first.data().path("features").path("power").path("properties").path("kw").asInt());
            lastId = first.id();
        }
        for (int kw = 2; kw <= 5; kw++) {
            api.put(t + "/features/power/properties/kw", String.valueOf(kw));
        }
        try (SseClient sse = new SseClient(port, "/api/2/things?ids=cz.wujin.sse2:m", "Last-Event-ID", lastId)) {
            for (int kw = 2; kw <= 5; kw++) {
                assertEquals(kw, sse.next(10).data().path("features").path("power").path("properties").path("kw")
                        .asInt());
            }
            api.put(t + "/features/power/properties/kw", "6");
            assertEquals(6, sse.next(10).data().path("features").path("power").path("properties").path("kw").asInt());
            assertTrue("nothing is repeated", sse.quietFor(500));
        }
    }

    @Test
    public void aFilteredStreamGetsTheDeletionOfATwinThatMatched() throws Exception {
        String meters = "/api/2/things?namespaces=cz.wujin.sse4&filter=eq(attributes/kind,%22meter%22)"
                + "&fields=thingId,attributes,_deleted";
        String lastId;
        try (SseClient sse = new SseClient(port, meters)) {
            api.put("/api/2/things/cz.wujin.sse4:room", "{'attributes':{'kind':'room'}}");
            api.put("/api/2/things/cz.wujin.sse4:m1", "{'attributes':{'kind':'meter'}}");
            api.put("/api/2/things/cz.wujin.sse4:m2", "{'attributes':{'kind':'meter'}}");
            api.delete("/api/2/things/cz.wujin.sse4:room");
            api.delete("/api/2/things/cz.wujin.sse4:m1");
            assertEquals("cz.wujin.sse4:m1", sse.next(10).data().path("thingId").asText());
            lastId = sse.next(10).id(); // m2 created
            Event deleted = sse.next(10);
            assertEquals("cz.wujin.sse4:m1", deleted.data().path("thingId").asText());
            assertTrue(deleted.data().path("_deleted").asBoolean());
            assertTrue("the room's deletion is not for this stream", sse.quietFor(500));
        }
        api.delete("/api/2/things/cz.wujin.sse4:m2");
        try (SseClient sse = new SseClient(port, meters, "Last-Event-ID", lastId)) {
            // Replayed, a deletion no longer has the twin's state before it: every deletion the caller may see is
            // sent, the room's too, so none of a twin the stream showed is missed.
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Event deleted = sse.next(10);
                assertTrue(deleted.data().toString(), deleted.data().path("_deleted").asBoolean());
                missed.add(deleted.data().path("thingId").asText());
            }
            assertEquals(List.of("cz.wujin.sse4:room", "cz.wujin.sse4:m1", "cz.wujin.sse4:m2"), missed);
        }
    }

    @Test
    public void streamOnOneResourceShowsValuesRelativeToIt() throws Exception {
        String t = "/api/2/things/cz.wujin.sse3:m";
        api.put(t, "{'attributes':{'name':'表'},'features':{'power':{'properties':{'kw':0}}}}");
        try (SseClient sse = new SseClient(port, t + "/features/power/properties?extraFields=attributes/name");
             SseClient wrapped = new SseClient(port, t + "/features/power/properties?fields=thingId,path,value,_revision")) {
            api.put(t + "/attributes/floor", "3");
            api.patch(t + "/features/power/properties", "{'kw':7.5,'a':1}");
            assertEquals("as Ditto: the changed value at the resource",
                    Api.JSON.readTree("{\"kw\":7.5,\"a\":1}"), sse.next(10).data());
            assertTrue("the attribute change is not on this stream", sse.quietFor(500));
            Event e = wrapped.next(10);
            assertEquals(7.5, e.data().path("value").path("kw").asDouble(), 0);
            assertEquals("/features/power/properties", e.data().path("path").asText());
            assertEquals("cz.wujin.sse3:m", e.data().path("thingId").asText());
            assertEquals(3, e.data().path("_revision").asInt());
        }
    }

    @Test
    public void badStreamRequestsGetDittoErrors() throws Exception {
        try (SseClient sse = new SseClient(port, "/api/2/things?fields=(((")) {
            assertEquals(400, sse.status);
        }
        try (SseClient sse = new SseClient(port, "/api/2/things", "Last-Event-ID", "yesterday")) {
            assertEquals(400, sse.status);
        }
        Api.Reply plain = api.get("/api/2/things?ids=cz.wujin:campus-xzzx");
        assertEquals(200, plain.status());
        assertFalse(plain.raw().body().startsWith("data:"));
    }
}
