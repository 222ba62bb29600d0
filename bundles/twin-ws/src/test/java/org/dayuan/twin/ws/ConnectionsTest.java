package org.dayuan.twin.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConnectionsTest {

    @Test
    void aUserAtItsLimitIsRefusedWhileOthersStillConnect() {
        Connections c = new Connections(10, 2);
        assertEquals(Optional.empty(), c.open("a"));
        assertEquals(Optional.empty(), c.open("a"));
        assertTrue(c.open("a").orElseThrow().contains("'a' has 2"));
        assertEquals(Optional.empty(), c.open("b"));
        assertEquals(3, c.open());
        c.close("a");
        assertEquals(Optional.empty(), c.open("a"));
    }

    @Test
    void countsOpenedRefusedAndDroppedConnectionsForTheMetrics() {
        Connections c = new Connections(2, 5);
        c.open("a");
        c.open("b");
        c.open("c");
        c.close("a", true);
        c.close("b");
        c.open("d");
        assertEquals(new Connections.Counts(1, 3, 1, 1), c.counts());
    }

    @Test
    void theEndpointAtItsLimitRefusesEveryone() {
        Connections c = new Connections(2, 5);
        c.open("a");
        c.open("b");
        assertTrue(c.open("c").orElseThrow().startsWith("All 2"));
        assertEquals(2, c.open());
        c.close("b");
        assertEquals(Optional.empty(), c.open("c"));
    }
}
