package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class UpstreamCommandTest {
    private static final TwinId ID = TwinId.of("cz.wujin:room-1");

    private static Twin twin(long revision) throws Exception {
        ObjectNode thing = (ObjectNode) Http.MAPPER.readTree("{\"thingId\":\"cz.wujin:room-1\",\"policyId\":"
                + "\"cz.wujin:policy\",\"attributes\":{\"area\":21.5},\"features\":{\"temp\":{\"properties\":"
                + "{\"c\":20}}}}");
        return Twin.of(ID, thing, revision, Instant.EPOCH, Instant.EPOCH);
    }

    private static TwinEvent event(TwinEvent.Type type, String path, long seq, long revision) {
        return new TwinEvent(seq, type, ID, JsonPointer.parse(path), null, revision, Instant.EPOCH, "test");
    }

    @Test
    void modificationPutsTheWholeStateWithSourceAndRevisionAndWithoutThePolicy() throws Exception {
        UpstreamCommand c = UpstreamCommand.of(event(TwinEvent.Type.MODIFIED, "/attributes/area", 17, 4),
                Optional.of(twin(4)), "wujin");
        assertEquals(UpstreamCommand.Kind.PUT, c.kind());
        assertEquals(17, c.seq());
        assertEquals(4, c.revision());
        assertEquals(21.5, c.thing().at("/attributes/area").asDouble());
        assertEquals(20, c.thing().at("/features/temp/properties/c").asInt());
        assertEquals("wujin", c.thing().at("/attributes/dayuanSource/instance").asText());
        assertEquals(4, c.thing().at("/attributes/dayuanSource/revision").asLong());
        assertFalse(c.thing().has(Twin.POLICY_ID));
        assertFalse(c.thing().has(Twin.REVISION));
    }

    @Test
    void deletionOfTheTwinDeletesUpstream() {
        UpstreamCommand c = UpstreamCommand.of(event(TwinEvent.Type.DELETED, "", 9, 5), Optional.empty(), "wujin");
        assertEquals(UpstreamCommand.Kind.DELETE, c.kind());
        assertEquals(ID, c.id());
        assertEquals(9, c.seq());
        assertNull(c.thing());
    }

    @Test
    void deletionOfAPartPutsTheRemainingState() throws Exception {
        UpstreamCommand c = UpstreamCommand.of(event(TwinEvent.Type.DELETED, "/attributes/old", 9, 5),
                Optional.of(twin(5)), "wujin");
        assertEquals(UpstreamCommand.Kind.PUT, c.kind());
    }

    @Test
    void replayedChangeOfATwinDeletedSinceDeletesUpstream() {
        UpstreamCommand c = UpstreamCommand.of(event(TwinEvent.Type.MERGED, "/attributes", 3, 2), Optional.empty(),
                "wujin");
        assertEquals(UpstreamCommand.Kind.DELETE, c.kind());
    }

    @Test
    void rejectsAPutWithoutStateAndADeleteWithOne() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamCommand(UpstreamCommand.Kind.PUT, ID, 1, 1, null));
        ObjectNode thing = twin(1).toJson();
        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamCommand(UpstreamCommand.Kind.DELETE, ID, 1, 1, thing));
    }
}
