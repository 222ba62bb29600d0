package org.dayuan.bench;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.bench.HttpClients.Client;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Eclipse Ditto's WebSocket ({@code /ws/2}) beside the HTTP API, in the Karaf JVM on embedded H2, clients and server
 * sharing the two cores:
 * <ul>
 * <li>{@code ws.commands}: acknowledged twin {@code modify} commands/s, {@link #CONNECTIONS} connections each sending
 * one command and waiting for its response (closed loop, as the HTTP clients do); baseline: HTTP PUT of the same
 * property of the same twins over as many keep-alive connections, in the same run.</li>
 * <li>{@code ws.events}: events delivered/s to {@link #SUBSCRIBERS} WebSocket subscribers
 * ({@code START-SEND-EVENTS?namespaces=bench.ws}) while in-process writers update the twins at
 * {@code dayuan.bench.wsEventRate} writes/s; baseline: the same writes followed by as many SSE subscribers.</li>
 * </ul>
 * A subscriber that falls behind is disconnected by the server (it never slows the writers); the note says how many
 * were, so a figure below the offered load is explained.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WsBench {
    static final String NS = "bench.ws";
    static final int CONNECTIONS = 16;
    static final int SUBSCRIBERS = 100;
    static final int WRITERS = 4;
    static final String POWER = "/features/energy/properties/power";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results results;
    private int port;
    private TwinBench.Settings settings;

    @ProbeBuilder
    public TestProbeBuilder probe(TestProbeBuilder probe) {
        return BenchDist.probe(probe);
    }

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(BenchDist.options()));
        // The subscribers are one user's, more than a user may open by default.
        options.add(editConfigurationFilePut("etc/org.dayuan.streams.cfg", "maxClientsPerUser",
                String.valueOf(SUBSCRIBERS + 10)));
        options.add(editConfigurationFilePut("etc/org.dayuan.streams.cfg", "maxClients",
                String.valueOf(SUBSCRIBERS + 50)));
        options.add(editConfigurationFilePut("etc/org.dayuan.ws.cfg", "maxConnectionsPerUser",
                String.valueOf(SUBSCRIBERS + CONNECTIONS + 10)));
        options.add(editConfigurationFilePut("etc/org.dayuan.ws.cfg", "maxConnections",
                String.valueOf(SUBSCRIBERS + CONNECTIONS + 50)));
        return options.toArray(Option[]::new);
    }

    @Test
    public void measure() throws Exception {
        results = Results.open("ws");
        port = Integer.getInteger(BenchDist.PORT_PROPERTY);
        settings = TwinBench.Settings.fromSystem();
        int rate = (int) TwinBench.Settings.number("dayuan.bench.wsEventRate", 1000);
        results.guard("ws.run", "WebSocket bench done.", () -> {
            InContainer.Registry registry = new InContainer.Registry(Duration.ofSeconds(60));
            ObjectNode meter = (ObjectNode) JSON.readTree("{\"features\":{\"energy\":{\"properties\":{\"power\":0}}}}");
            for (int i = 0; i < Math.max(CONNECTIONS, WRITERS); i++) {
                registry.create(registry.id(twin(i)), meter.deepCopy());
            }
            commands();
            events(registry, rate);
        });
    }

    static String twin(int i) {
        return NS + ":meter-" + i;
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    private void commands() throws InterruptedException {
        Measured http = attempt(() -> {
            Load.Outcome o = Load.run("ws-baseline-http", CONNECTIONS, settings.warmup(), settings.measure(),
                    new Load.Lifecycle() {
                        @Override
                        public void start(Load.Worker w) {
                            w.state = HttpClients.raw(port).open();
                        }

                        @Override
                        public void stop(Load.Worker w) {
                            ((Client) w.state).close();
                        }
                    }, w -> {
                        Client c = (Client) w.state;
                        String path = "/api/2/things/" + twin(w.index) + POWER;
                        int status = c.send("PUT", path, "application/json",
                                Double.toString(w.random.nextInt(100_000) / 100.0).getBytes(StandardCharsets.US_ASCII));
                        if (status != 204) {
                            w.error = "PUT " + path + " answered " + status;
                        }
                        return status == 204;
                    }).requireSuccess();
            results.raw("ws.commands.http", o.describe());
            return Measured.of(o.rate(), o.describe());
        });
        Measured ws = attempt(() -> {
            Load.Outcome o = Load.run("ws-commands", CONNECTIONS, settings.warmup(), settings.measure(),
                    new Load.Lifecycle() {
                        @Override
                        public void start(Load.Worker w) throws Exception {
                            w.state = Connection.open(port, null);
                        }

                        @Override
                        public void stop(Load.Worker w) {
                            ((Connection) w.state).close();
                        }
                    }, w -> {
                        Connection c = (Connection) w.state;
                        String correlation = "bench-" + w.index + "-" + c.sent++;
                        String topic = twin(w.index).replace(':', '/') + "/things/twin/commands/modify";
                        c.send("{\"topic\":\"" + topic + "\",\"headers\":{\"correlation-id\":\"" + correlation
                                + "\"},\"path\":\"" + POWER + "\",\"value\":"
                                + DoubleNode.valueOf(w.random.nextInt(100_000) / 100.0) + "}");
                        String reply = c.replies.poll(30, TimeUnit.SECONDS);
                        if (reply == null) {
                            w.error = "no response to " + correlation + " within 30 s";
                            return false;
                        }
                        JsonNode r = JSON.readTree(reply);
                        if (r.path("status").asInt() != 204
                                || !correlation.equals(r.path("headers").path("correlation-id").asText())) {
                            w.error = "modify " + correlation + " answered " + reply;
                            return false;
                        }
                        return true;
                    }).requireSuccess();
            results.raw("ws.commands.ws", o.describe());
            return Measured.of(o.rate(), o.describe());
        });
        figure("ws.commands", ws, http, CONNECTIONS + " connections, one modify command of " + POWER + " in flight on"
                + " each, acknowledged (twin-persisted); baseline: HTTP PUT of the same property over as many"
                + " keep-alive connections");
    }

    // ---- events -----------------------------------------------------------------------------------------------

    private void events(InContainer.Registry registry, int rate) throws Exception {
        double seconds = settings.measure();
        Measured sse = attempt(() -> deliveries("sse", registry, rate, seconds));
        Measured ws = attempt(() -> deliveries("ws", registry, rate, seconds));
        figure("ws.events", ws, sse, SUBSCRIBERS + " subscribers of namespace " + NS + ", " + rate + " writes/s offered"
                + " by " + WRITERS + " in-process writers (TwinRegistry.put); baseline: as many SSE subscribers of"
                + " GET /api/2/things?namespaces=" + NS + ", same writes");
    }

    /** Opens the subscribers of {@code kind}, writes at {@code rate} for the window, counts what they received. */
    private Measured deliveries(String kind, InContainer.Registry registry, int rate, double seconds)
            throws Exception {
        AtomicLong received = new AtomicLong();
        List<AutoCloseable> subscribers = new ArrayList<>();
        List<AtomicBoolean> open = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                AtomicBoolean alive = new AtomicBoolean(true);
                open.add(alive);
                subscribers.add(kind.equals("ws") ? Connection.subscriber(port, received, alive)
                        : sseSubscriber(received, alive));
            }
            Thread.sleep(1000); // every subscription in place before the writes start
            long before = received.get();
            long written = write(registry, rate, settings.warmup());
            long start = System.nanoTime();
            long startCount = received.get();
            written = write(registry, rate, seconds);
            long end = System.nanoTime();
            long got = received.get() - startCount;
            long closed = open.stream().filter(a -> !a.get()).count();
            String detail = String.format(Locale.ROOT, "%,d events to %d %s subscribers in %.1f s (%,d writes, %,d"
                    + " received during warm-up); %d subscribers disconnected", got, SUBSCRIBERS, kind,
                    (end - start) / 1e9, written, startCount - before, closed);
            results.raw("ws.events." + kind, detail);
            return Measured.of(got / ((end - start) / 1e9), detail);
        } finally {
            for (AutoCloseable s : subscribers) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing a subscriber the server already dropped
                }
            }
        }
    }

    /** Writes at {@code rate}/s in total with {@link #WRITERS} threads for {@code seconds}; returns how many. */
    private static long write(InContainer.Registry registry, int rate, double seconds) throws InterruptedException {
        Object path = registry.pointer(POWER);
        AtomicLong written = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long interval = (long) (1e9 * WRITERS / rate);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Object id = registry.id(twin(w));
            Thread t = new Thread(() -> {
                long next = System.nanoTime();
                for (long i = 0; System.nanoTime() < end; i++) {
                    registry.put(id, path, DoubleNode.valueOf(i));
                    written.incrementAndGet();
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }, "bench-ws-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return written.get();
    }

    /** One SSE subscriber on a raw socket (HTTP/1.0, so not chunked), counting its {@code data:} lines. */
    private AutoCloseable sseSubscriber(AtomicLong received, AtomicBoolean alive) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/2/things?namespaces=" + NS + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Authorization: " + HttpClients.AUTHORIZATION + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (status == null || !status.contains(" 200")) {
            socket.close();
            throw new IOException("the SSE subscription answered " + status);
        }
        Thread reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:")) {
                        received.incrementAndGet();
                    }
                }
            } catch (IOException closed) {
                // the bench closed it, or the server dropped a subscriber that fell behind
            } finally {
                alive.set(false);
            }
        }, "bench-sse-subscriber");
        reader.setDaemon(true);
        reader.start();
        return socket;
    }

    /** A WebSocket connection to {@code /ws/2} as the bench's user, collecting whole text messages. */
    static final class Connection implements WebSocket.Listener, AutoCloseable {
        final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final AtomicLong events;
        private final AtomicBoolean alive;
        private WebSocket socket;
        long sent;

        private Connection(AtomicLong events, AtomicBoolean alive) {
            this.events = events;
            this.alive = alive;
        }

        static Connection open(int port, AtomicLong events) throws Exception {
            return open(port, events, new AtomicBoolean(true));
        }

        private static Connection open(int port, AtomicLong events, AtomicBoolean alive) throws Exception {
            Connection c = new Connection(events, alive);
            c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", HttpClients.AUTHORIZATION)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/2"), c).get(30, TimeUnit.SECONDS);
            return c;
        }

        /** A connection that asked for the events of the bench's namespace and counts them into {@code events}. */
        static Connection subscriber(int port, AtomicLong events, AtomicBoolean alive) throws Exception {
            Connection c = open(port, events, alive);
            c.send("START-SEND-EVENTS?namespaces=" + NS);
            String ack = c.replies.poll(30, TimeUnit.SECONDS);
            if (!"START-SEND-EVENTS:ACK".equals(ack)) {
                c.close();
                throw new IOException("START-SEND-EVENTS answered " + ack);
            }
            return c;
        }

        void send(String text) throws Exception {
            socket.sendText(text, true).get(30, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (events != null && message.contains("/things/twin/events/")) {
                    events.incrementAndGet();
                } else {
                    replies.add(message);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            alive.set(false);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            alive.set(false);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
            }
            socket.abort();
        }
    }

    // ---- recording --------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface Attempt {
        Measured run() throws Exception;
    }

    private Measured attempt(Attempt a) {
        try {
            return a.run();
        } catch (Exception | AssertionError e) {
            return Measured.failed(Results.describe(e));
        }
    }

    private void figure(String key, Measured value, Measured baseline, String note) {
        if (!value.ok()) {
            results.failure(key, value.error());
            return;
        }
        results.figure(key, value.value(), baseline.ok() ? baseline.value() : Double.NaN,
                note + (baseline.ok() ? "" : "; baseline not measured: " + baseline.error()));
    }
}
