package org.dayuan.alarms.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.camel.impl.DefaultCamelContext;
import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.webhook.WebhookMessage.Format;
import org.dayuan.alarms.webhook.WebhookNotifier.Settings;
import org.dayuan.alarms.webhook.WebhookNotifier.WebhookException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The notifier against a real HTTP receiver the test starts, answering as a DingTalk or WeCom robot does
 * ({@code {"errcode":0,"errmsg":"ok"}}) or failing as the test scripts it.
 */
class WebhookNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    private static final String TOKEN = "c0ffee5ecret";

    /** One scripted answer: status and body. */
    private record Answer(int status, String body) {
    }

    /** What the receiver got: method, content type, query and body. */
    private record Received(String method, String contentType, String query, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private Answer then = new Answer(200, OK);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer receiver;
    /** Each notifier owns its context, as each configuration does in the container. */
    private final List<DefaultCamelContext> contexts = new CopyOnWriteArrayList<>();

    WebhookNotifierTest() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/robot/send", this::answer);
        receiver.start();
    }

    private synchronized void answer(HttpExchange x) throws IOException {
        received.add(new Received(x.getRequestMethod(), x.getRequestHeaders().getFirst("Content-Type"),
                x.getRequestURI().getRawQuery(), x.getRequestBody().readAllBytes()));
        Answer a = script.isEmpty() ? then : script.poll();
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(a.status(), body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        contexts.forEach(DefaultCamelContext::stop);
        receiver.stop(0);
    }

    private Settings settings(Format format, int retries) {
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/robot/send?access_token="
                + TOKEN);
        return new Settings(url, "ops-group", Severity.MAJOR, List.of("cz.wujin"), format, retries, 10, 5);
    }

    private WebhookNotifier notifier(Format format, int retries) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        contexts.add(camel);
        return new WebhookNotifier(camel, settings(format, retries));
    }

    private static AlarmNotice notice(String event, String reason) {
        Instant at = Instant.parse("2026-12-06T01:00:00Z");
        String alarm = "{\"definition\":\"dayuan:Alarm:2.0.0\",\"attributes\":{\"name\":\"火警\","
                + "\"parent\":\"cz.wujin:det-3f-01\",\"source\":\"cz.wujin:det-3f-01\",\"type\":\"safety.fire\","
                + "\"line\":\"safety\",\"severity\":\"critical\",\"message\":\"3楼走廊 1号烟感 火警\","
                + "\"state\":\"unacknowledged\",\"active\":true,\"raisedAt\":\"2026-12-06T01:00:00Z\"}}";
        try {
            return new AlarmNotice(event, reason, Twin.of(TwinId.of("cz.wujin:alarm-det-3f-01-fire"),
                    JSON.readTree(alarm), 1, at, at));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTextMessageCarriesSeverityNameSourceMessageRaisedAtAndTheLink() throws Exception {
        WebhookNotifier webhook = notifier(Format.TEXT, 3);
        assertEquals(1, webhook.send(notice("raised", null)));
        assertEquals(1, received.size());
        Received r = received.get(0);
        assertEquals("POST", r.method());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        assertEquals("access_token=" + TOKEN, r.query(), "the robot's token reaches it");
        JsonNode body = r.json();
        assertEquals("text", body.get("msgtype").asText());
        assertEquals(1, body.get("text").size(), "text has content only: " + body);
        String content = body.at("/text/content").asText();
        for (String part : List.of("【紧急】火警", "critical", "cz.wujin:det-3f-01", "3楼走廊 1号烟感 火警",
                "2026-12-06T01:00:00Z", "/api/dayuan/alarms/cz.wujin:alarm-det-3f-01-fire", "raised")) {
            assertTrue(content.contains(part), part + " in " + content);
        }
    }

    @Test
    void aMarkdownMessageHasDingTalksTitleAndTextAndWeComsContent() throws Exception {
        notifier(Format.MARKDOWN, 0).deliver(notice("escalated", "acknowledge"));
        JsonNode body = received.get(0).json();
        assertEquals("markdown", body.get("msgtype").asText());
        JsonNode md = body.get("markdown");
        assertEquals("【紧急】火警", md.get("title").asText());
        assertEquals(md.get("text").asText(), md.get("content").asText());
        assertTrue(md.get("text").asText().startsWith("### 【紧急】火警\n"), md.toString());
        assertTrue(md.get("text").asText().contains("not acknowledged in time"), md.toString());
        assertTrue(md.get("text").asText().contains("/api/dayuan/alarms/cz.wujin:alarm-det-3f-01-fire"));
    }

    @Test
    void aReceiverFailingTwiceThenTakingItIsDeliveredOnTheThirdTry() throws Exception {
        script.add(new Answer(500, "{\"error\":\"busy\"}"));
        script.add(new Answer(503, ""));
        assertEquals(3, notifier(Format.TEXT, 3).send(notice("raised", null)));
        assertEquals(3, received.size());
        assertArrayEquals(received.get(0).body(), received.get(2).body(), "every try posts the same message");
        assertEquals("text", received.get(2).json().get("msgtype").asText());
    }

    @Test
    void aReceiverAlwaysFailingThrowsNamingTheStatusAfterTheLastRetryWithoutTheToken() throws Exception {
        then = new Answer(502, "bad gateway");
        WebhookNotifier webhook = notifier(Format.TEXT, 2);
        WebhookException e = assertThrows(WebhookException.class, () -> webhook.deliver(notice("raised", null)));
        assertEquals(3, received.size(), "one try and two retries");
        assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 tries"), e.getMessage());
        assertTrue(e.getMessage().contains("ops-group"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void aRobotsNonZeroErrcodeIsAFailureAndRetried() throws Exception {
        script.add(new Answer(200, "{\"errcode\":130001,\"errmsg\":\"send too fast\"}"));
        assertEquals(2, notifier(Format.TEXT, 1).send(notice("raised", null)));
        then = new Answer(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
        WebhookNotifier webhook = notifier(Format.TEXT, 1);
        WebhookException e = assertThrows(WebhookException.class, () -> webhook.deliver(notice("raised", null)));
        assertTrue(e.getMessage().contains("errcode 310000: keywords not in content"), e.getMessage());
    }

    @Test
    void anUnreachableReceiverIsAFailureNamingTheCause() throws Exception {
        receiver.stop(0);
        WebhookNotifier webhook = notifier(Format.TEXT, 0);
        WebhookException e = assertThrows(WebhookException.class, () -> webhook.deliver(notice("raised", null)));
        assertTrue(e.getMessage().contains("after 1 try"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void itRegistersWithTheWhiteboardPropertiesAndNotItsUrl() {
        Dictionary<String, Object> props = WebhookNotifier.serviceProperties(settings(Format.TEXT, 3));
        assertEquals("ops-group", props.get(AlarmNotifier.NAME));
        assertEquals("major", props.get(AlarmNotifier.MIN_SEVERITY));
        assertArrayEquals(new String[] {"cz.wujin"}, (String[]) props.get(AlarmNotifier.NAMESPACES));
        assertEquals(3, props.size());
    }

    @Test
    void aConfigurationWithoutAUsableUrlOrNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Settings(URI.create("ftp://x/y"), "n", Severity.INFO,
                List.of(), Format.TEXT, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(URI.create("/relative"), "n", Severity.INFO,
                List.of(), Format.TEXT, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Settings(URI.create("https://oapi.example/send"), " ",
                Severity.INFO, List.of(), Format.TEXT, 3, 0, 1));
        assertEquals(List.of("*"), new Settings(URI.create("https://oapi.example/send"), "n", Severity.INFO,
                List.of(), Format.TEXT, 3, 0, 1).namespaces());
    }
}
