package org.dayuan.twin.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static String q(String s) {
        return s.replace('\'', '"');
    }

    @Test
    void readsEveryPartOfACommand() {
        Envelope e = Envelope.read(q("{'topic':'cz.wujin/r/things/twin/commands/modify','headers':{'correlation-id':"
                + "'c1','response-required':false},'path':'/attributes/a','value':{'b':1},'fields':'thingId'}"), 1024)
                .envelope();
        assertEquals("c1", e.correlationId());
        assertEquals(JsonPointer.parse("/attributes/a"), e.path());
        assertEquals(1, e.value().path("b").asInt());
        assertEquals(Optional.of("false"), e.header("response-required"));
        assertTrue(e.fields().isPresent());
    }

    @Test
    void aRefusalKnowsTheCorrelationIdAndThingOnceRead() {
        Envelope.Read r = Envelope.read(q("{'topic':'cz.wujin/r/things/twin/commands/nope','headers':"
                + "{'correlation-id':'c9'}}"), 1024);
        assertEquals("c9", r.correlationId());
        assertEquals(Optional.of(TwinId.of("cz.wujin:r")), r.thing());
        assertThrows(DayuanException.class, r::envelope);
    }

    @Test
    void withoutACorrelationIdOneIsMadeUp() {
        Envelope.Read r = Envelope.read(q("{'topic':'_/_/things/twin/search/subscribe'}"), 1024);
        assertFalse(r.correlationId().isEmpty());
        assertEquals(Optional.empty(), r.thing());
    }

    @Test
    void refusesWhatIsNoEnvelope() {
        assertEquals(ErrorCode.JSON_INVALID, code(() -> Envelope.read("nope", 1024)));
        assertEquals(Envelope.ENVELOPE_INVALID, code(() -> Envelope.read("[]", 1024)));
        assertEquals(Envelope.ENVELOPE_INVALID, code(() -> Envelope.read(q("{'headers':[]}"), 1024)));
        assertEquals(Envelope.ENVELOPE_INVALID, code(() -> Envelope.read(q("{'headers':{}}"), 1024).envelope()));
        assertEquals(Envelope.ENVELOPE_INVALID, code(() -> Envelope.read(q("{'topic':'cz.wujin/r/things/twin/"
                + "commands/retrieve','path':5}"), 1024).envelope()));
        assertEquals(ErrorCode.TOO_LARGE, code(() -> Envelope.read("x".repeat(1025), 1024)));
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(DayuanException.class, r::run).errorCode();
    }
}
