package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.dayuan.twin.metrics.MetricSource;
import org.dayuan.twin.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

class MetricsServletTest {
    private static final MetricSource WRITES = sink -> sink.counter("dayuan_test_writes_total", "Writes.", 7);

    private static MetricsServlet servlet(MetricSource... sources) {
        MetricsServlet servlet = new MetricsServlet();
        servlet.sources = List.of(sources);
        return servlet;
    }

    private static Caller with(String... grants) {
        return Caller.fromGrants("u", List.of(grants), "test");
    }

    @Test
    void theMetricsRoleAndAdminsGetEverySourceAsPrometheusText() throws Exception {
        for (Caller caller : List.of(with(Caller.ROLE_METRICS), FakeHttp.ADMIN)) {
            FakeHttp http = new FakeHttp("/api/dayuan/metrics").caller(caller).send(servlet(WRITES, new JvmMetrics()));
            assertEquals(200, http.status);
            assertEquals(PrometheusText.CONTENT_TYPE, http.contentType);
            String body = http.body();
            assertTrue(body.contains("# TYPE dayuan_test_writes_total counter\ndayuan_test_writes_total 7\n"), body);
            assertTrue(body.contains("dayuan_jvm_memory_used_bytes{area=\"heap\"} "), body);
            assertTrue(body.contains("\ndayuan_metrics_source_failures 0\n"), body);
        }
    }

    @Test
    void otherRolesAre403AndNoLoginIs401InDittoJson() throws Exception {
        for (String role : List.of(Caller.ROLE_VIEWER, Caller.ROLE_MANAGER, Caller.ROLE_INTEGRATOR,
                Caller.ROLE_DEVICE)) {
            FakeHttp http = new FakeHttp("/api/dayuan/metrics").caller(with(role, "ns:*")).send(servlet(WRITES));
            assertEquals(403, http.status, role);
            JsonNode error = http.json();
            assertEquals(403, error.path("status").asInt());
            assertTrue(error.path("message").asText().contains("metrics"), error.toString());
            assertTrue(!http.body().contains("dayuan_test_writes_total"));
        }
        FakeHttp anonymous = new FakeHttp("/api/dayuan/metrics").caller(null).send(servlet(WRITES));
        assertEquals(401, anonymous.status);
        assertEquals(401, anonymous.json().path("status").asInt());
    }

    @Test
    void aFailingSourceIsLeftOutAndCountedWhileTheOthersAreServed() throws Exception {
        MetricSource broken = sink -> {
            sink.gauge("dayuan_half", "Half.", 1);
            throw new IllegalStateException("broken");
        };
        MetricSource clashing = sink -> sink.gauge("dayuan_test_writes_total", "Writes.", 1);
        FakeHttp http = new FakeHttp("/api/dayuan/metrics").send(servlet(WRITES, broken, clashing));
        assertEquals(200, http.status);
        String body = http.body();
        assertTrue(body.contains("dayuan_test_writes_total 7\n"), body);
        assertTrue(!body.contains("dayuan_half"), body);
        assertTrue(body.contains("\ndayuan_metrics_source_failures 2\n"), body);
    }

    @Test
    void postIsA405InJson() throws Exception {
        FakeHttp http = new FakeHttp("POST", "/api/dayuan/metrics").send(servlet(WRITES));
        assertEquals(405, http.status);
        assertEquals("GET, HEAD", http.responseHeader("Allow"));
    }
}
