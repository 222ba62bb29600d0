package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class CorrelationIdFilterTest {

    private static FakeHttp send(FakeHttp http) throws Exception {
        boolean[] passed = {false};
        new CorrelationIdFilter().doFilter(http.request(), http.response(), (req, resp) -> passed[0] = true);
        assertTrue(passed[0], "the request goes on to the servlet");
        return http;
    }

    @Test
    void echoesTheClientsCorrelationId() throws Exception {
        FakeHttp http = send(new FakeHttp("GET", "/api/2/things/a:b").header("correlation-id", "order-4711"));
        assertEquals("order-4711", http.responseHeader("correlation-id"));
    }

    @Test
    void givesEachRequestWithoutOneAFreshId() throws Exception {
        String first = send(new FakeHttp("GET", "/api/2/things/a:b")).responseHeader("correlation-id");
        String second = send(new FakeHttp("PUT", "/api/2/things/a:b")).responseHeader("correlation-id");
        UUID.fromString(first);
        assertNotEquals(first, second);
    }
}
