package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The webhook notifier in the distribution: two robots are configured as factory configurations of
 * org.dayuan.alarms.webhook, pointing at a receiver the test runs (one answering as DingTalk does when it takes a
 * message, one refusing it with an errcode); an alarm raised over HTTP reaches the first as robot JSON, and the
 * alarm's deliveries record both outcomes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebhookIT extends DistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALARMS = "/api/dayuan/alarms";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurations;

    /** What the receiver got: request line and body. */
    private record Received(String requestLine, byte[] body) {
    }

    /** A plain HTTP/1.1 receiver on a free port: /ok answers errcode 0, anything else errcode 310000. */
    private static final class Receiver implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Received> received = new CopyOnWriteArrayList<>();
        final Thread thread = new Thread(this::serve, "it-webhook-receiver");

        Receiver() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    String requestLine = line(in);
                    int length = 0;
                    for (String h = line(in); !h.isEmpty(); h = line(in)) {
                        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    received.add(new Received(requestLine, in.readNBytes(length)));
                    String body = requestLine.contains(" /ok") ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                            : "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(bytes);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // closed at the end of the test, or a client gave up: the next accept decides
                }
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private Configuration robot(String name, String url) throws IOException {
        Configuration c = configurations.createFactoryConfiguration("org.dayuan.alarms.webhook", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("url", url);
        props.put("name", name);
        props.put("minSeverity", "major");
        props.put("namespaces", "cz.wujin");
        props.put("retries", 1);
        props.put("retryDelayMillis", 10L);
        c.update(props);
        return c;
    }

    private void awaitNotifier(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (context.getServiceReferences(AlarmNotifier.class, "(" + AlarmNotifier.NAME + "=" + name + ")")
                .isEmpty()) {
            assertTrue("notifier " + name + " registered", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode deliveries(String id, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode d = api.get(ALARMS + "/" + id).json().path("attributes").path("deliveries");
            if (d.size() >= n || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void anAlarmReachesTheRobotAndTheDeliveriesAreRecorded() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Configuration ok = robot("it-dingtalk", receiver.url("/ok?access_token=it-token"));
            Configuration refusing = robot("it-wecom", receiver.url("/refuse?key=it-key"));
            try {
                awaitNotifier("it-dingtalk");
                awaitNotifier("it-wecom");
                Reply raised = api.post(ALARMS, "{'source':'cz.wujin:room-a-0305','type':'manual.it-webhook',"
                        + "'severity':'critical','name':'消防通道堵塞','message':'305 室外通道堵塞'}");
                assertEquals(raised.toString(), 201, raised.status());
                String id = raised.json().path("thingId").asText();

                JsonNode d = deliveries(id, 2);
                assertEquals(d.toString(), 2, d.size());
                for (JsonNode one : d) {
                    boolean dingtalk = one.path("notifier").asText().equals("it-dingtalk");
                    assertEquals(one.toString(), "raised", one.path("event").asText());
                    assertEquals(one.toString(), dingtalk, one.path("ok").asBoolean());
                    if (!dingtalk) {
                        String error = one.path("error").asText();
                        assertTrue(error, error.contains("errcode 310000"));
                        assertTrue(error, error.contains("after 2 tries"));
                        assertTrue(error, !error.contains("it-key"));
                    }
                }
                List<Received> toOk = receiver.received.stream()
                        .filter(r -> r.requestLine().startsWith("POST /ok?access_token=it-token ")).toList();
                assertEquals(receiver.received.toString(), 1, toOk.size());
                JsonNode body = JSON.readTree(toOk.get(0).body());
                assertEquals(body.toString(), "text", body.path("msgtype").asText());
                String content = body.path("text").path("content").asText();
                assertTrue(content, content.contains("【紧急】消防通道堵塞"));
                assertTrue(content, content.contains("cz.wujin:room-a-0305"));
                assertTrue(content, content.contains("/api/dayuan/alarms/" + id));
                assertEquals("one try and one retry", 2, receiver.received.stream()
                        .filter(r -> r.requestLine().startsWith("POST /refuse")).count());
            } finally {
                ok.delete();
                refusing.delete();
            }
        }
    }
}
