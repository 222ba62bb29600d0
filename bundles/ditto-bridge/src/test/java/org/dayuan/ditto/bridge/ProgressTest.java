package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void positionStaysBelowTheOldestUnacknowledgedEvent() {
        Progress p = new Progress(10);
        p.take(12, T0);
        p.take(15, T0.plusSeconds(1));
        p.take(20, T0.plusSeconds(2));
        assertEquals(11, p.position());
        p.ack(15);
        p.ack(20);
        assertEquals(11, p.position(), "12 is still in flight");
        assertEquals(Optional.of(T0), p.oldestPending());
        p.ack(12);
        assertEquals(20, p.position());
        assertEquals(Optional.empty(), p.oldestPending());
        assertEquals(0, p.pendingCount());
    }

    @Test
    void positionNeverGoesBackAndStaleAcksChangeNothing() {
        Progress p = new Progress(10);
        p.take(11, T0);
        p.ack(11);
        assertEquals(11, p.position());
        p.ack(11);
        p.ack(99);
        assertEquals(11, p.position());
        p.take(12, T0);
        assertEquals(11, p.position());
    }

    @Test
    void aResyncMarkSharingAnEventsSeqHoldsThePositionUntilBothAreAcknowledged() {
        Progress p = new Progress(0);
        p.take(50, T0);
        p.take(50, T0.plusSeconds(1));
        p.ack(50);
        assertEquals(49, p.position());
        p.ack(50);
        assertEquals(50, p.position());
    }

    @Test
    void restartForgetsWhatIsInFlightAndKeepsThePosition() {
        Progress p = new Progress(5);
        p.take(6, T0);
        p.take(7, T0);
        p.ack(7);
        p.restart();
        assertEquals(5, p.position());
        assertEquals(0, p.pendingCount());
        p.ack(6); // the old connection's late answer
        assertEquals(5, p.position());
        p.take(6, T0);
        p.ack(6);
        assertEquals(6, p.position());
    }

    @Test
    void rejectsANegativePosition() {
        assertThrows(IllegalArgumentException.class, () -> new Progress(-1));
    }
}
