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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.http.testing.FakeHttp;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/** Stream slots: released when a client goes, limited per user, and what resuming may cost. */
class ChangeStreamsTest {
    private static final TwinId METER = TwinId.of("cz.wujin:meter");
    private static final Caller GREEDY = viewer("greedy-viewer");
    private static final Caller OTHER = viewer("other-viewer");

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

    private static StreamConfig config(int maxClients, int perUser, int heartbeatSeconds, int maxResume) {
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
            public int maxResumeEvents() {
                return maxResume;
            }

            @Override
            public int heartbeatSeconds() {
                return heartbeatSeconds;
            }
        };
    }

    /** The defaults, as a component without configuration gets them. */
    private static StreamConfig defaults() throws Exception {
        StreamConfig d = config(0, 0, 0, 0);
        return (StreamConfig) Proxy.newProxyInstance(StreamConfig.class.getClassLoader(),
                new Class<?>[] {StreamConfig.class}, (proxy, m, args) -> m.getDefaultValue() != null
                        ? m.getDefaultValue() : m.invoke(d, args));
    }

    /** A journal of {@code lastSeq} events, each of a twin in another organisation, counting what is read. */
    private TwinJournal journal() {
        return (TwinJournal) Proxy.newProxyInstance(TwinJournal.class.getClassLoader(),
                new Class<?>[] {TwinJournal.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "lastSeq" -> lastSeq;
                    case "historyHorizon" -> TwinJournal.HistoryHorizon.COMPLETE;
                    case "replay" -> {
                        @SuppressWarnings("unchecked")
                        Consumer<TwinEvent> sink = (Consumer<TwinEvent>) args[1];
                        for (long seq = (Long) args[0] + 1; seq <= lastSeq; seq++) {
                            replayed.incrementAndGet();
                            sink.accept(event(seq, TwinId.of("cz.xinbei:meter")));
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static BundleContext noRegistry() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> null);
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
        StreamSelection selection = new StreamSelection(caller, Set.of(METER), Set.of(), JsonPointer.empty(),
                Optional.of(t -> t.revision() < 0), Optional.empty(), Optional.empty());
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

    @Test
    void oneUserOverItsLimitIsRefusedWhileOthersStillConnect() throws Exception {
        streams = new ChangeStreams(journal(), config(256, 4, 60, 1000), noRegistry());
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
        streams = new ChangeStreams(journal(), config(6, 3, 1, 1000), noRegistry());
        AtomicLong seq = new AtomicLong();
        Thread traffic = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                // For the stream's twin but refused by its filter: wakes the writer, writes nothing.
                streams.onEvent(event(seq.incrementAndGet(), METER), Optional.of(Twin.of(METER,
                        JsonNodeFactory.instance.objectNode(), 1, Instant.EPOCH, Instant.EPOCH)));
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
                    dropped.add(open(GREEDY, null));
                }
                assertEquals(ChangeStreams.STREAMS_FULL, refused(() -> open(GREEDY, null)).errorCode());
                Client other = open(OTHER, null);
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
    void resumingReadsNoMoreThanTheBoundWhateverTheCallerSees() throws Exception {
        streams = new ChangeStreams(journal(), defaults(), noRegistry());
        assertTrue(defaults().maxResumeEvents() <= 10_000, "the default bound");
        assertEquals(16, defaults().maxClientsPerUser());

        // A viewer who may see none of the events resumes far back: told to re-read, nothing replayed.
        lastSeq = 50_000;
        Client far = open(GREEDY, "1");
        eventually("a reset event", () -> far.text().contains("event: reset"));
        assertTrue(far.text().contains("dayuan:stream.reset"), far.text());
        assertEquals(0, replayed.get());

        // Within the bound the events are read (none of them for this viewer) and nothing is sent.
        Client near = open(GREEDY, String.valueOf(lastSeq - 500));
        eventually("the replay", () -> replayed.get() == 500);
        assertTrue(!near.text().contains("data:"), near.text());
    }
}
