package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.inject.Inject;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.dayuan.auth.UserDirectory;
import org.dayuan.itests.Api.Reply;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code GET /api/dayuan/metrics} read as Prometheus reads it: every scrape goes through the Prometheus project's
 * own text-format parser (Debian's python3-prometheus-client), and the figures move as writes, a change stream, a
 * WebSocket, an MQTT reading and a failed login should move them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends DistributionTest {
    private static final String PYTHON = System.getProperty("dayuan.test.python", "/usr/bin/python3");
    private static final String MONITOR = "it-prometheus";
    private static final String MONITOR_PASSWORD = "It-Prometheus-2026";
    private static final String PARSE = String.join("\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "out = []",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in f.samples:",
            "        out.append({'family': f.name, 'type': f.type, 'help': f.documentation, 'name': s.name,",
            "                    'labels': s.labels, 'value': s.value})",
            "print(json.dumps(out))");
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    @Inject
    private UserDirectory users;

    /** Samples by series, {@code name{label="value",...}} with the labels sorted, as the parser read them. */
    private record Scrape(Map<String, Double> samples, Map<String, String> types) {
        double get(String series) {
            Double v = samples.get(series);
            if (v == null) {
                throw new AssertionError("No sample " + series + " in " + new TreeMap<>(samples).keySet());
            }
            return v;
        }

        /** The one sample of {@code name} whose labels include every one of {@code labels}. */
        double find(String name, String... labels) {
            List<String> hits = samples.keySet().stream().filter(k -> k.startsWith(name + "{") && matches(k, labels))
                    .toList();
            if (hits.size() != 1) {
                throw new AssertionError(hits.size() + " samples of " + name + " with " + List.of(labels) + ": "
                        + new TreeMap<>(samples).keySet());
            }
            return samples.get(hits.get(0));
        }

        private static boolean matches(String series, String... labels) {
            for (int i = 0; i < labels.length; i += 2) {
                if (!series.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    return false;
                }
            }
            return true;
        }
    }

    @Before
    public void monitorUser() throws Exception {
        users.addUser(MONITOR, MONITOR_PASSWORD, List.of("metrics"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!users.settled() || api.as(MONITOR, MONITOR_PASSWORD).get("/api/dayuan/auth/whoami").status() != 200) {
            assertTrue("the monitoring user can log in", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private Api monitor() {
        return api.as(MONITOR, MONITOR_PASSWORD);
    }

    /** Skips (fails in CI) without the parser, as the other tests with a tool of the machine do. */
    private static void assumeParser() throws Exception {
        String missing = null;
        if (!new File(PYTHON).canExecute()) {
            missing = "no python3 at " + PYTHON;
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing = "no prometheus_client for " + PYTHON;
            }
        }
        if (missing != null) {
            String how = missing + ": MetricsIT parses with Prometheus' own parser"
                    + " (apt-get install -y python3-prometheus-client)";
            if (Dist.ci()) {
                fail(how + "; CI=true makes it mandatory");
            }
            System.out.println("SKIPPED MetricsIT, " + how);
            Assume.assumeTrue(how, false);
        }
    }

    /** One scrape as the monitoring user, parsed by prometheus_client; a parse error fails the test. */
    private Scrape scrape() throws Exception {
        Reply r = monitor().get("/api/dayuan/metrics");
        assertEquals(r.toString(), 200, r.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type").toLowerCase());
        Process p = new ProcessBuilder(PYTHON, "-c", PARSE).start();
        p.getOutputStream().write(r.raw().body().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the parser ends", p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("prometheus_client refused the text: " + err + "\n" + r.raw().body(), 0, p.exitValue());
        Map<String, Double> samples = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (JsonNode s : LENIENT.readTree(out)) {
            assertTrue("every metric has a help text: " + s, !s.path("help").asText().isBlank());
            types.put(s.path("family").asText(), s.path("type").asText());
            StringBuilder series = new StringBuilder(s.path("name").asText());
            Map<String, String> labels = new TreeMap<>();
            s.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            if (!labels.isEmpty()) {
                series.append('{');
                labels.forEach((k, v) -> series.append(k).append("=\"").append(v).append("\","));
                series.setCharAt(series.length() - 1, '}');
            }
            samples.put(series.toString(), s.path("value").asDouble());
        }
        return new Scrape(samples, types);
    }

    private Scrape awaitScrape(String what, Predicate<Scrape> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Scrape s = scrape();
        while (!condition.test(s)) {
            assertTrue(what, System.nanoTime() < deadline);
            Thread.sleep(200);
            s = scrape();
        }
        return s;
    }

    @Test
    public void withoutALoginIs401AndAnotherRoleIs403AsDittoErrors() {
        assertError(api.anonymous().get("/api/dayuan/metrics"), 401, "gateway:authentication.failed");
        assertError(api.as("wujin-viewer", "Wujin-Viewer-2026").get("/api/dayuan/metrics"), 403,
                "dayuan:access.forbidden");
        assertError(api.as("wujin-manager", "Wujin-Manager-2026").get("/api/dayuan/metrics"), 403,
                "dayuan:access.forbidden");
        assertEquals(200, api.get("/api/dayuan/metrics").status());
        // the monitoring role reads no twin
        assertEquals(404, monitor().get("/api/2/things/" + CAMPUS).status());
    }

    @Test
    public void theFiguresParseAndMoveWithWritesStreamsReadingsAndFailedLogins() throws Exception {
        assumeParser();
        Mqtt.awaitStatus(api, s -> s.path("connected").asBoolean());
        Scrape before = scrape();
        assertEquals("counter", before.types().get("dayuan_journal_events"));
        assertEquals("histogram", before.types().get("dayuan_journal_commit_seconds"));
        assertEquals("histogram", before.types().get("dayuan_journal_batch_events"));
        assertEquals("gauge", before.types().get("dayuan_snapshot_events_since"));
        assertTrue(before.get("dayuan_jvm_memory_used_bytes{area=\"heap\"}") > 0);
        assertTrue(before.get("dayuan_jvm_threads") > 0);
        assertEquals(0, before.get("dayuan_metrics_source_failures"), 0);
        for (String severity : List.of("info", "warning", "major", "critical")) {
            assertTrue(before.find("dayuan_alarms_open", "severity", severity) >= 0);
        }
        assertEquals(before.get("dayuan_journal_commit_seconds_count"),
                before.get("dayuan_journal_commit_seconds_bucket{le=\"+Inf\"}"), 0);

        for (int i = 1; i <= 3; i++) {
            Reply put = api.put("/api/2/things/cz.wujin:room-a-0305/attributes/metricsProbe", String.valueOf(i));
            assertTrue(put.toString(), put.status() / 100 == 2);
        }
        assertEquals(401, api.as("it-no-such-user", "wrong").get("/api/2/things/" + CAMPUS).status());
        double sseBefore = before.get("dayuan_sse_clients");
        double wsBefore = before.get("dayuan_ws_clients");
        try (SseClient sse = new SseClient(port, "/api/2/things/cz.wujin:meter-e-a-main/features/energy/properties");
             WsClient ws = new WsClient(port, Api.basic(Dist.ADMIN, Dist.ADMIN_PASSWORD));
             Mqtt device = new Mqtt("it-metrics")) {
            device.publish("dayuan/cz.wujin/meter-e-a-main/energy", "{'reading':81234.5,'power':10}");
            sse.next(10);
            Scrape during = awaitScrape("the reading was applied", s ->
                    s.get("dayuan_mqtt_applied_total") >= before.get("dayuan_mqtt_applied_total") + 1);
            assertEquals("one stream open now", sseBefore + 1, during.get("dayuan_sse_clients"), 0);
            assertEquals("one WebSocket open now", wsBefore + 1, during.get("dayuan_ws_clients"), 0);
            assertTrue(during.get("dayuan_ws_clients_opened_total")
                    >= before.get("dayuan_ws_clients_opened_total") + 1);
            assertTrue(during.get("dayuan_sse_clients_opened_total")
                    >= before.get("dayuan_sse_clients_opened_total") + 1);
            assertTrue(during.get("dayuan_mqtt_received_total") >= before.get("dayuan_mqtt_received_total") + 1);
            assertTrue(during.get("dayuan_journal_events_total") >= before.get("dayuan_journal_events_total") + 4);
            assertTrue(during.get("dayuan_journal_commit_seconds_count")
                    > before.get("dayuan_journal_commit_seconds_count"));
            assertTrue(during.get("dayuan_journal_batch_events_sum")
                    >= before.get("dayuan_journal_batch_events_sum") + 4);
            assertTrue(during.get("dayuan_login_failures_total") >= before.get("dayuan_login_failures_total") + 1);
            // the energy line's route that follows meter events handles the reading's event
            double routed = before.find("dayuan_route_exchanges_completed_total", "line", "org.dayuan.line-energy",
                    "route", "energy-twins");
            awaitScrape("the energy line's route completed the reading's event", s ->
                    s.find("dayuan_route_exchanges_completed_total", "line", "org.dayuan.line-energy",
                            "route", "energy-twins") >= routed + 1);
        }
        awaitScrape("the stream and the WebSocket are counted as closed", s -> s.get("dayuan_sse_clients") == sseBefore
                && s.get("dayuan_ws_clients") == wsBefore);
    }

    @Test
    public void healthShowsTheJournalToAdministratorsAndMonitorsOnly() {
        JsonNode admin = api.get("/api/health").json();
        assertTrue(admin.toString(), admin.path("journal").path("lastSeq").asLong() > 0);
        assertTrue(admin.toString(), admin.path("journal").has("queuedAppends"));
        assertTrue(admin.toString(), admin.path("journal").has("eventsSinceSnapshot"));
        assertTrue(monitor().get("/api/health").json().path("journal").has("lastSeq"));
        JsonNode viewer = api.as("wujin-viewer", "Wujin-Viewer-2026").get("/api/health").json();
        assertTrue(viewer.toString(), viewer.path("journal").isMissingNode());
        JsonNode anonymous = api.anonymous().get("/api/health").json();
        assertEquals(anonymous.toString(), 1, anonymous.size());
    }
}
