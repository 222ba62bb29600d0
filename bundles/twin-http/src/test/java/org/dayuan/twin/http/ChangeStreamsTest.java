package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.metrics.PrometheusText;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream slots: released when a client goes, limited per user; resuming, live events and resets as SSE. */
class ChangeStreamsTest {
    private static final TwinId METER = TwinId.of("cz.wujin:meter");
    private static final Caller GREEDY = viewer("greedy-viewer");
    private static final Caller OTHER = viewer("other-viewer");
    private static final JsonPointer FEATURES = JsonPointer.parse("/features");

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong replayed = new AtomicLong();
    private long lastSeq;
    private ChangeStreams streams;

    private static Caller viewer(String name) {
        return new Caller(name, Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "10.0.0.5");
    }

    @AfterEach
    void closeAll() {
        if (streams != null) {
            streams.deactivate();
        }
    }

    private static StreamConfig config(int maxClients, int perUser, int heartbeatSeconds) {
        return new StreamConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StreamConfig.class;
            }

            @Override
            public int maxClients() {
                return maxClients;
            }

            @Override
            public int maxClientsPerUser() {
                return perUser;
            }

            @Override
            public int clientBufferEvents() {
                return 1000;
            }

            @Override
            public int heartbeatSeconds() {
                return heartbeatSeconds;
            }
        };
    }

    /** The defaults, as a component without configuration gets them. */
    private static StreamConfig defaults() throws Exception {
        StreamConfig d = config(0, 0, 0);
        return (StreamConfig) Proxy.newProxyInstance(StreamConfig.class.getClassLoader(),
                new Class<?>[] {StreamConfig.class}, (proxy, m, args) -> m.getDefaultValue() != null
                        ? m.getDefaultValue() : m.invoke(d, args));
    }

    /**
     * Subscriptions as the registry keeps them, in small: a resume after {@code afterSeq} gets the events up to
     * {@link #lastSeq} of {@link #METER}, or a reset when more than 100 back; live events are {@link #publish}ed.
     */
    private final class FakeSubscriptions implements TwinSubscriptions {
        final List<SubscriptionListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Subscription subscribe(Caller caller, EventSelection selection, long afterSeq,
                                      SubscriptionListener listener) {
            listeners.add(listener);
            if (afterSeq >= 0 && lastSeq - afterSeq > 100) {
                listener.reset("Resuming after event " + afterSeq + " would replay too many events.");
            } else if (afterSeq >= 0) {
                for (long seq = afterSeq + 1; seq <= lastSeq; seq++) {
                    replayed.incrementAndGet();
                    listener.onEvent(event(seq, METER), Optional.empty());
                }
            }
            return () -> listeners.remove(listener);
        }

        void publish(TwinEvent e) {
            listeners.forEach(l -> l.onEvent(e, Optional.empty()));
        }
    }

    private static TwinEvent event(long seq, TwinId id) {
        return new TwinEvent(seq, TwinEvent.Type.MODIFIED, id, JsonPointer.parse("/attributes/x"),
                JsonNodeFactory.instance.numberNode(seq), seq, Instant.EPOCH, "u");
    }

    /** One client connection: what the server wrote, and whether the client has hung up. */
    private final class Client {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<AsyncListener> listeners = new CopyOnWriteArrayList<>();
        volatile boolean gone;
        volatile boolean completed;
        /** While set, every write waits for it: a client that stopped reading. */
        volatile CountDownLatch stalled;
        volatile boolean waiting;
        volatile AsyncContext context;

        /** The client hangs up without a word: the server only learns of it when it writes. */
        void hangUp() {
            gone = true;
        }

        /** The container reports an error on the connection. */
        void fail() throws IOException {
            for (AsyncListener l : listeners) {
                l.onError(new AsyncEvent(context, new IOException("connection reset")));
            }
        }

        String text() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        ServletOutputStream output() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    CountDownLatch stall = stalled;
                    if (stall != null) {
                        waiting = true;
                        try {
                            stall.await();
                        } catch (InterruptedException e) {
                            throw new IOException("closed while stalled");
                        }
                    }
                    if (gone) {
                        throw new IOException("Broken pipe");
                    }
                    synchronized (received) {
                        received.write(b);
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        AsyncContext async() {
            context = (AsyncContext) Proxy.newProxyInstance(AsyncContext.class.getClassLoader(),
                    new Class<?>[] {AsyncContext.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "addListener" -> listeners.add((AsyncListener) args[0]);
                            case "complete" -> {
                                completed = true;
                                for (AsyncListener l : listeners) {
                                    l.onComplete(new AsyncEvent((AsyncContext) proxy));
                                }
                            }
                            default -> {
                                // setTimeout and the like
                            }
                        }
                        return null;
                    });
            return context;
        }
    }

    /** Opens a stream of {@code caller} on {@link #METER}, optionally resuming; the client it connected. */
    private Client open(Caller caller, String lastEventId) throws IOException {
        return open(caller, lastEventId, JsonPointer.empty());
    }

    private Client open(Caller caller, String lastEventId, JsonPointer resource) throws IOException {
        FakeHttp http = new FakeHttp("/api/2/things").caller(caller);
        if (lastEventId != null) {
            http.header("Last-Event-ID", lastEventId);
        }
        Client client = new Client();
        HttpServletRequest fake = http.request();
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> m.getName().equals("startAsync")
                        ? client.async() : call(m, fake, args));
        HttpServletResponse fakeResp = http.response();
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> m.getName().equals("getOutputStream")
                        ? client.output() : call(m, fakeResp, args));
        StreamSelection selection = new StreamSelection(caller, new EventSelection(Set.of(METER), Set.of(), Set.of(),
                Optional.empty()), resource, Optional.empty(), Optional.empty());
        streams.open(req, resp, selection, streams.resumeFrom(req));
        clients.add(client);
        return client;
    }

    private static Object call(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static DayuanException refused(ThrowingOpen open) {
        return assertThrows(DayuanException.class, open::run);
    }

    @FunctionalInterface
    private interface ThrowingOpen {
        void run() throws IOException;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    /** Every sample of the streams' metrics by its series. */
    private Map<String, Double> metrics() {
        PrometheusText text = new PrometheusText();
        text.include(streams);
        Map<String, Double> out = new HashMap<>();
        text.render().lines().filter(l -> !l.startsWith("#")).forEach(l ->
                out.put(l.substring(0, l.lastIndexOf(' ')), Double.valueOf(l.substring(l.lastIndexOf(' ') + 1))));
        return out;
    }

    @Test
    void metricsCountOpenRefusedAndDroppedStreams() throws Exception {
        FakeSubscriptions subscriptions = new FakeSubscriptions();
        streams = new ChangeStreams(subscriptions, config(256, 2, 60));
        Client slow = open(GREEDY, null);
        open(GREEDY, null);
        refused(() -> open(GREEDY, null));
        Map<String, Double> m = metrics();
        assertEquals(2.0, m.get("dayuan_sse_clients"));
        assertEquals(2.0, m.get("dayuan_sse_clients_opened_total"));
        assertEquals(1.0, m.get("dayuan_sse_clients_refused_total"));
        assertEquals(0.0, m.get("dayuan_sse_clients_dropped_total"));

        CountDownLatch stall = new CountDownLatch(1);
        slow.stalled = stall;
        // The streams subscribe on their own threads: publish until the slow one has one event to write.
        long seq = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!slow.waiting) {
            assertTrue(System.nanoTime() < deadline, "the slow client's writer waits");
            subscriptions.publish(event(++seq, METER));
            Thread.sleep(10);
        }
        for (int i = 0; i < 1100; i++) {
            subscriptions.publish(event(++seq, METER));
        }
        slow.stalled = null;
        stall.countDown();
        eventually("the slow client is dropped", () -> metrics().get("dayuan_sse_clients_dropped_total") == 1.0);
        assertTrue(slow.text().contains("dayuan:stream.overflow"), slow.text());
        eventually("one stream left", () -> metrics().get("dayuan_sse_clients") == 1.0);
    }

    @Test
    void oneUserOverItsLimitIsRefusedWhileOthersStillConnect() throws Exception {
        streams = new ChangeStreams(new FakeSubscriptions(), config(256, 4, 60));
        for (int i = 0; i < 4; i++) {
            open(GREEDY, null);
        }
        DayuanException e = refused(() -> open(GREEDY, null));
        assertEquals(ChangeStreams.STREAMS_FULL, e.errorCode());
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("maxClientsPerUser"), e.getMessage());
        assertTrue(e.getMessage().contains("greedy-viewer"), e.getMessage());
        open(OTHER, null);
        assertEquals(5, streams.openStreams());
    }

    @Test
    void aUserThatOpensAndDropsStreamsNeverBlocksAnother() throws Exception {
        // Few slots for everyone, the heartbeat at its shortest: events for other twins keep passing meanwhile.
        FakeSubscriptions subscriptions = new FakeSubscriptions();
        streams = new ChangeStreams(subscriptions, config(6, 3, 1));
        AtomicLong seq = new AtomicLong();
        Thread traffic = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                // For the stream's twin but not at its resource: nothing is written for it.
                subscriptions.publish(event(seq.incrementAndGet(), METER));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        traffic.start();
        try {
            for (int round = 0; round < 3; round++) {
                List<Client> dropped = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    dropped.add(open(GREEDY, null, FEATURES));
                }
                assertEquals(ChangeStreams.STREAMS_FULL, refused(() -> open(GREEDY, null)).errorCode());
                Client other = open(OTHER, null, FEATURES);
                dropped.forEach(Client::hangUp);
                other.hangUp();
                eventually("streams of clients that went away end although events keep coming",
                        () -> streams.openStreams() == 0);
                assertTrue(dropped.stream().allMatch(c -> c.completed));
            }
            // The container's word is taken at once.
            Client failing = open(GREEDY, null);
            failing.fail();
            assertEquals(0, streams.openStreams());
        } finally {
            traffic.interrupt();
            traffic.join();
        }
    }

    @Test
    void aResumingClientGetsWhatItMissedThenLiveEventsOrAReset() throws Exception {
        FakeSubscriptions subscriptions = new FakeSubscriptions();
        streams = new ChangeStreams(subscriptions, defaults());
        assertEquals(16, defaults().maxClientsPerUser());
        lastSeq = 500;

        Client far = open(GREEDY, "1");
        // The stream is written a byte at a time: wait for the whole frame, not just its first line.
        eventually("a reset event", () -> {
            int at = far.text().indexOf("event: reset");
            return at >= 0 && far.text().indexOf("\n\n", at) > 0;
        });
        assertTrue(far.text().contains("dayuan:stream.reset"), far.text());
        assertEquals(0, replayed.get());

        Client near = open(GREEDY, "497");
        eventually("the replay", () -> near.text().contains("id: 500"));
        subscriptions.publish(event(501, METER));
        eventually("the live event", () -> near.text().contains("id: 501"));
        assertEquals(List.of("498", "499", "500", "501"), near.text().lines().filter(l -> l.startsWith("id: "))
                .map(l -> l.substring(4)).toList());
        // Each stream writes on its own thread: the far one may get the live event after the near one.
        eventually("live events follow a reset", () -> far.text().contains("id: 501"));

        far.hangUp();
        near.hangUp();
        eventually("the streams end", () -> streams.openStreams() == 0);
        assertEquals(0, subscriptions.listeners.size(), "a stream that ended leaves no subscription");
    }
}
