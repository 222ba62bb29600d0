package org.dayuan.office.standards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class StandardsServletTest {
    final StandardsServlet servlet = new StandardsServlet(new StandardsInForce(StandardsInForce.national()
            .withTownship(20, 15, 8)));

    @Test
    void showsTheTableInForceWithItsEditionAndTheProvincesTownshipRow() throws Exception {
        FakeHttp r = new FakeHttp("/api/dayuan/office/standards").caller(FakeHttp.ADMIN).send(servlet);
        assertEquals(200, r.status, r.body());
        JsonNode json = r.json();
        assertEquals("发改投资〔2014〕2674号", json.path("edition").asText());
        assertEquals("2014-11-24", json.path("effective").asText());
        JsonNode first = json.path("rows").get(0);
        assertEquals("central", first.path("level").asText());
        assertEquals("部级正职", first.path("label").asText());
        assertEquals(54, first.path("area").asDouble());
        assertEquals(true, first.path("leader").asBoolean());
        JsonNode city = json.path("rows").findParents("label").stream()
                .filter(r2 -> r2.path("label").asText().equals("局(处)级以下")).findFirst().orElseThrow();
        assertEquals("[\"正科\",\"副科\",\"科员及以下\"]", city.path("ranks").toString());
        JsonNode last = json.path("rows").get(json.path("rows").size() - 1);
        assertEquals("township", last.path("level").asText());
        assertEquals(8, last.path("area").asDouble());
        assertEquals(5 + 6 + 7 + 5 + 3, json.path("rows").size());
    }

    @Test
    void anAnonymousCallIsRefused() throws Exception {
        FakeHttp r = new FakeHttp("/api/dayuan/office/standards").caller(null).send(servlet);
        assertEquals(401, r.status, r.body());
    }
}
