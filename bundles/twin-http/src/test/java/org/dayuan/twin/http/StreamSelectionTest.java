package org.dayuan.twin.http;

import static org.dayuan.testing.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.http.kit.FieldSelector;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class StreamSelectionTest {
    private static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final TwinId ID = TwinId.of("cz.wujin:meter-1");
    private static final Instant T = Instant.parse("2026-11-22T03:00:00Z");
    private static final Caller VIEWER = new Caller("v", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "t");

    /** Read back as a client would, so that long and int revisions compare equal. */
    private static JsonNode reparsed(JsonNode node) {
        return json(node.toString());
    }

    private static Twin after() {
        return Twin.of(ID, json("{'attributes':{'name':'总表','floor':3},'features':{'energy':{'properties':{'kw':5,'kwh':100}}}}"),
                7, T, T);
    }

    private static TwinEvent event(TwinEvent.Type type, String path, String value) {
        return new TwinEvent(42, type, ID, JsonPointer.parse(path), value == null ? null : json(value), 7, T, "u");
    }

    private static StreamSelection all() {
        return new StreamSelection(VIEWER, EventSelection.ALL, JsonPointer.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void rootStreamShowsTheChangedPartOfTheThing() {
        var out = all().render(event(TwinEvent.Type.MODIFIED, "/features/energy/properties/kw", "5"), Optional.of(after()));
        assertEquals(json("{'thingId':'cz.wujin:meter-1','features':{'energy':{'properties':{'kw':5}}},"
                + "'_revision':7,'_modified':'2026-11-22T03:00:00Z'}"), reparsed(out.orElseThrow()));
    }

    @Test
    void deletionsShowAsNullOrDeletedFlag() {
        assertEquals(json("{'x':null}"), all().render(event(TwinEvent.Type.DELETED, "/attributes/x", null),
                Optional.of(after())).orElseThrow().get("attributes"));
        assertEquals(json("{'thingId':'cz.wujin:meter-1','_deleted':true}"),
                all().render(event(TwinEvent.Type.DELETED, "/", null), Optional.empty()).orElseThrow());
    }

    @Test
    void aPastChangeIsSelectedByIdsNamespacesAndFilterButADeletionWhateverTheFilter() {
        var e = event(TwinEvent.Type.MODIFIED, "/attributes/floor", "3");
        var otherId = new StreamSelection(VIEWER, new EventSelection(Set.of(TwinId.of("cz.wujin:other")), Set.of(),
                Set.of(), Optional.empty()), JsonPointer.empty(), Optional.empty(), Optional.empty());
        var otherNs = new StreamSelection(VIEWER, new EventSelection(Set.of(), Set.of("cz.xinbei"), Set.of(),
                Optional.empty()), JsonPointer.empty(), Optional.empty(), Optional.empty());
        var filtered = new StreamSelection(VIEWER, new EventSelection(Set.of(), Set.of(), Set.of(),
                Optional.of(t -> t.get(JsonPointer.parse("/attributes/floor")).map(JsonNode::asInt).orElse(0) > 5)),
                JsonPointer.empty(), Optional.empty(), Optional.empty());
        assertFalse(otherId.selectsPast(e, Optional.of(after())));
        assertFalse(otherNs.selectsPast(e, Optional.of(after())));
        assertFalse(filtered.selectsPast(e, Optional.of(after())));
        assertTrue(all().selectsPast(e, Optional.of(after())));
        assertTrue(filtered.selectsPast(event(TwinEvent.Type.DELETED, "/", null), Optional.empty()));
    }

    @Test
    void subResourceStreamShowsTheValueRelativeToIt() {
        var props = new StreamSelection(VIEWER, EventSelection.ALL, JsonPointer.parse("/features/energy/properties"),
                Optional.empty(), Optional.empty());
        var deeper = props.render(event(TwinEvent.Type.MODIFIED, "/features/energy/properties/kw", "5"),
                Optional.of(after())).orElseThrow();
        assertEquals(json("{'kw':5}"), deeper.get("value"));
        assertEquals("/features/energy/properties", deeper.get("path").asText());
        var whole = props.render(event(TwinEvent.Type.MODIFIED, "/",
                "{'features':{'energy':{'properties':{'kw':1}}}}"), Optional.of(after())).orElseThrow();
        assertEquals(json("{'kw':1}"), whole.get("value"));
        assertTrue(props.render(event(TwinEvent.Type.MODIFIED, "/attributes/floor", "4"), Optional.of(after()))
                .isEmpty());
    }

    @Test
    void fieldsNarrowAndExtraFieldsEnrichFromTheStateAfter() {
        var sel = new StreamSelection(VIEWER, EventSelection.ALL, JsonPointer.empty(),
                Optional.of(FieldSelector.parse("thingId,features,_revision")),
                Optional.of(FieldSelector.parse("attributes/name,features/energy/properties/kwh")));
        var out = sel.render(event(TwinEvent.Type.MERGED, "/features/energy/properties", "{'kw':5}"),
                Optional.of(after())).orElseThrow();
        assertEquals(json("{'thingId':'cz.wujin:meter-1','features':{'energy':{'properties':{'kw':5,'kwh':100}}},"
                + "'_revision':7,'attributes':{'name':'总表'}}"), reparsed(out));
    }

    @Test
    void framesCarryIdAndOneDataLine() throws Exception {
        String frame = new String(StreamSubscription.frame(42, null, (com.fasterxml.jackson.databind.node.ObjectNode)
                json("{'a':'x\\ny'}")), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("id: 42\ndata: {\"a\":\"x\\ny\"}\n\n", frame);
    }
}
