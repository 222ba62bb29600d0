package org.dayuan.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;


/**
 * Update → SSE delivery latency. {@code WRITERS} twins get a property {@code features/bench/properties/sent} written
 * through {@code TwinRegistry.put} at a steady total rate, the value being {@code System.nanoTime()} just before the
 * call. One SSE client (raw socket, HTTP/1.0 so the stream is not chunked, its own thread) follows
 * {@code GET /api/2/things?ids=...} and takes the time when each {@code data:} line arrives; both run in the
 * Karaf JVM, so they share the monotonic clock. Latency = receive − send, acknowledgement (commit) included.
 * The baseline is the same update arriving at an in-process {@code TwinSubscriptions} subscriber, measured in the
 * same run.
 */
final class SseLatency {
    static final int WRITERS = 4;
    private static final String FIELD = "/features/bench/properties/sent";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(Histogram sse, Histogram listener, long sent, long received, long listened, double achievedRate,
                   String problem) {
    }

    private SseLatency() {
    }

    /** Sends one timed update: writer {@code w} (of {@link #WRITERS}) sets its twin's sent value to {@code sent}. */
    @FunctionalInterface
    interface Writer {
        void write(int w, long sent) throws Exception;
    }

    /** The twin writer {@code w} updates. */
    static String twin(String namespace, int w) {
        return namespace + ":sse-" + w;
    }

    /** Updates written straight through {@code TwinRegistry.put}. */
    static Outcome measure(int port, InContainer.Registry registry, String namespace, int rate, double warmupSeconds,
                           double measureSeconds) throws Exception {
        Object path = registry.pointer(FIELD);
        return measure(port, registry, namespace, rate, warmupSeconds, measureSeconds,
                (w, sent) -> registry.put(registry.id(twin(namespace, w)), path, LongNode.valueOf(sent)));
    }

    /** Updates sent by {@code writer}, e.g. as MQTT messages, timed from the send to the SSE client. */
    static Outcome measure(int port, InContainer.Registry registry, String namespace, int rate, double warmupSeconds,
                           double measureSeconds, Writer writer) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String id = twin(namespace, i);
            ids.add(id);
            registry.put(registry.id(id), registry.pointer("/"),
                    JSON.readTree("{\"features\":{\"bench\":{\"properties\":{\"sent\":0}}}}"));
        }
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        Histogram sse = new Histogram();
        Histogram listener = new Histogram();
        AtomicLong received = new AtomicLong();
        AtomicLong listened = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        Object lock = new Object();

        AutoCloseable subscription = null;
        AutoCloseable stream = null;
        try {
            subscription = InContainer.subscribe((now, thingId, value) -> {
                if (!thingId.startsWith(namespace + ":sse-") || value == null || !value.isNumber()) {
                    return;
                }
                long sent = value.asLong();
                synchronized (lock) {
                    if (sent != 0 && sent - window[0] >= 0 && sent - window[1] < 0) {
                        listener.record(now - sent);
                        listened.incrementAndGet();
                    }
                }
            }, Duration.ofSeconds(30));

            stream = follow(port, ids, (now, data) -> {
                JsonNode v = data.at(FIELD);
                if (!v.isNumber()) {
                    return;
                }
                long sent = v.asLong();
                synchronized (lock) {
                    if (sent != 0 && sent - window[0] >= 0 && sent - window[1] < 0) {
                        sse.record(now - sent);
                        received.incrementAndGet();
                    }
                }
            }, problem);

            // Writers: each paced at rate / WRITERS, on its own twin, so no write waits for another's twin lock.
            long start = System.nanoTime() + 100_000_000L;
            long measureFrom = start + (long) (warmupSeconds * 1e9);
            long measureTo = measureFrom + (long) (measureSeconds * 1e9);
            synchronized (lock) {
                window[0] = measureFrom;
                window[1] = measureTo;
            }
            long period = (long) (1e9 * WRITERS / rate);
            AtomicLong sentInWindow = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writerIndex = w;
                long offset = period * w / WRITERS;
                Thread t = new Thread(() -> {
                    long next = start + offset;
                    while (next < measureTo) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long sent = System.nanoTime();
                        if (sent == 0) {
                            sent = 1;
                        }
                        try {
                            writer.write(writerIndex, sent);
                            if (sent - measureFrom >= 0 && sent - measureTo < 0) {
                                sentInWindow.incrementAndGet();
                            }
                        } catch (Exception e) {
                            problem.compareAndSet(null, "write: " + Results.describe(e));
                        }
                        next += period;
                    }
                }, "bench-sse-writer-" + w);
                t.setDaemon(true);
                writers.add(t);
            }
            writers.forEach(Thread::start);
            for (Thread t : writers) {
                t.join((long) ((warmupSeconds + measureSeconds) * 1000) + 60_000);
            }
            // Stragglers: wait until every update of the window arrived, at most 5 s.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((received.get() < sentInWindow.get() || listened.get() < sentInWindow.get())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double achieved = sentInWindow.get() / measureSeconds;
            synchronized (lock) {
                Histogram sseCopy = new Histogram();
                sseCopy.add(sse);
                Histogram listenerCopy = new Histogram();
                listenerCopy.add(listener);
                return new Outcome(sseCopy, listenerCopy, sentInWindow.get(), received.get(), listened.get(), achieved,
                        problem.get());
            }
        } finally {
            if (subscription != null) {
                subscription.close();
            }
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** Receives each event of an SSE stream: when its {@code data:} line arrived, and the line's JSON. */
    @FunctionalInterface
    interface DataSink {
        void accept(long receivedNanos, JsonNode data);
    }

    /**
     * Follows {@code GET /api/2/things?ids=...} as SSE on a raw socket (HTTP/1.0, so the stream is not chunked) read
     * by its own thread, handing every {@code data:} line to {@code sink}; a failure of the reader or the sink goes to
     * {@code problem}. Returns once the stream is open (status 200 and headers read); closing the result ends it.
     */
    static AutoCloseable follow(int port, List<String> ids, DataSink sink, AtomicReference<String> problem)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.getOutputStream().write(("GET /api/2/things?ids=" + String.join(",", ids) + " HTTP/1.0\r\n"
                    + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: "
                    + HttpClients.AUTHORIZATION + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8), 64 * 1024);
            String status = in.readLine();
            if (status == null || !status.contains(" 200")) {
                throw new IllegalStateException("SSE request answered " + status);
            }
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                // headers
            }
            Thread reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        long now = System.nanoTime();
                        if (line.startsWith("data:")) {
                            sink.accept(now, JSON.readTree(line.substring(5).trim()));
                        }
                    }
                } catch (IOException closed) {
                    // the stream ended
                } catch (RuntimeException e) {
                    problem.compareAndSet(null, "SSE reader: " + Results.describe(e));
                }
            }, "bench-sse-reader");
            reader.setDaemon(true);
            reader.start();
            return socket::close;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
