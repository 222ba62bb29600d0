package org.dayuan.twin.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.websocket.api.RemoteEndpoint;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.junit.jupiter.api.Test;

class WsSocketTest {
    /** A client that reads only when told: each send waits for {@link #complete}. */
    private final List<String> written = new ArrayList<>();
    private final List<WriteCallback> pending = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private final AtomicInteger ended = new AtomicInteger();

    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getRemote" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {RemoteEndpoint.class}, (p, m, a) -> {
                            if (m.getName().equals("sendString") && a.length == 2) {
                                written.add((String) a[0]);
                                pending.add((WriteCallback) a[1]);
                            }
                            return null;
                        });
                case "close" -> closed.add(args[0] + " " + args[1]);
                default -> null;
            });

    private WsSocket socket() {
        WsSocket socket = new WsSocket(16, Runnable::run, "slow", ended::incrementAndGet);
        socket.onWebSocketConnect(session);
        return socket;
    }

    private void complete() {
        WriteCallback next = pending.remove(0);
        next.writeSuccess();
    }

    @Test
    void sendsOneFrameAtATimeInOrder() {
        WsSocket socket = socket();
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertTrue(socket.offer(() -> "m" + n));
        }
        assertEquals(List.of("m0"), written);
        complete();
        complete();
        assertEquals(List.of("m0", "m1", "m2"), written);
    }

    @Test
    void aClientThatFallsBehindIsClosedWith1013AndNothingBlocks() {
        WsSocket socket = socket();
        int accepted = 0;
        while (socket.offer(() -> "e")) {
            accepted++;
        }
        // one frame in flight, sixteen queued: the next one closes the connection
        assertEquals(17, accepted);
        assertEquals(1, closed.size());
        assertTrue(closed.get(0).startsWith(WsSocket.CLOSE_TOO_SLOW + " Client too slow"), closed.get(0));
        assertEquals(1, ended.get());
        assertTrue(socket.droppedTooSlow());
        assertFalse(socket.offer(() -> "after"));
    }

    @Test
    void aFailedSendEndsTheConnectionOnce() {
        WsSocket socket = socket();
        socket.offer(() -> "a");
        pending.remove(0).writeFailed(new java.io.IOException("gone"));
        socket.onWebSocketClose(1006, "gone");
        assertEquals(1, ended.get());
        assertFalse(socket.droppedTooSlow(), "a failed send is not a slow client");
        assertFalse(socket.offer(() -> "b"));
    }
}
