package org.dayuan.camel.twin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.DefaultManagementNameStrategy;
import org.dayuan.twin.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

/** Route throughput comes from Camel's own statistics in the MBean server, labelled by the context's bundle. */
class RouteMetricsTest {

    private static Map<String, Double> scrape() {
        PrometheusText text = new PrometheusText();
        text.include(new RouteMetrics());
        Map<String, Double> out = new HashMap<>();
        text.render().lines().filter(l -> !l.startsWith("#")).forEach(l ->
                out.put(l.substring(0, l.lastIndexOf(' ')), Double.valueOf(l.substring(l.lastIndexOf(' ') + 1))));
        return out;
    }

    @Test
    void completedAndFailedExchangesPerRouteOfALine() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.setName("camel-7");
        // as camel-core-osgi names a context of bundle org.dayuan.line-energy
        camel.setManagementNameStrategy(new DefaultManagementNameStrategy(camel, "org.dayuan.line-energy-#name#",
                null));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:reading").routeId("meter-readings").choice()
                        .when(body().isEqualTo("bad")).throwException(new IllegalArgumentException("bad reading"))
                        .otherwise().log("ok");
            }
        });
        camel.start();
        try {
            ProducerTemplate producer = camel.createProducerTemplate();
            producer.sendBody("direct:reading", "1");
            producer.sendBody("direct:reading", "2");
            assertThrows(CamelExecutionException.class, () -> producer.sendBody("direct:reading", "bad"));

            Map<String, Double> m = scrape();
            String series = "{line=\"org.dayuan.line-energy\",context=\"camel-7\",route=\"meter-readings\"}";
            assertEquals(2.0, m.get("dayuan_route_exchanges_completed_total" + series), m.toString());
            assertEquals(1.0, m.get("dayuan_route_exchanges_failed_total" + series));
            assertEquals(0.0, m.get("dayuan_route_exchanges_inflight" + series));
        } finally {
            camel.stop();
        }
        assertFalse(scrape().keySet().stream().anyMatch(k -> k.contains("camel-7")), "a stopped context is gone");
    }

    @Test
    void aLineIsTheManagementNameWithoutTheContextName() {
        assertEquals("org.dayuan.line-energy", RouteMetrics.line("org.dayuan.line-energy-camel-1", "camel-1"));
        assertEquals("energy", RouteMetrics.line("energy", "energy"));
        assertEquals("custom", RouteMetrics.line("custom", "camel-2"));
    }
}
