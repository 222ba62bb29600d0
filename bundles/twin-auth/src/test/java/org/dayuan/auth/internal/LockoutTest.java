package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LockoutTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final Lockout lockout = new Lockout(3, Duration.ofMinutes(15), clock);

    @Test
    void locksAfterTheConfiguredNumberOfFailures() {
        assertEquals(Optional.empty(), lockout.failed("alice"));
        assertEquals(Optional.empty(), lockout.failed("alice"));
        assertEquals(Optional.empty(), lockout.lockedUntil("alice"));

        Optional<Instant> locked = lockout.failed("alice");

        assertEquals(Optional.of(Instant.parse("2025-03-01T08:15:00Z")), locked);
        assertEquals(locked, lockout.lockedUntil("alice"));
    }

    @Test
    void theLockEndsOnAWholeSecondNeverEarlier() {
        MutableClock odd = new MutableClock(Instant.parse("2025-03-01T08:00:00.250Z"));
        Lockout lock = new Lockout(1, Duration.ofMinutes(15), odd);

        assertEquals(Optional.of(Instant.parse("2025-03-01T08:15:01Z")), lock.failed("alice"));
    }

    @Test
    void unknownNamesLockExactlyLikeKnownOnes() {
        for (int i = 0; i < 3; i++) {
            lockout.failed("nobody-x");
        }
        assertTrue(lockout.lockedUntil("nobody-x").isPresent());
    }

    @Test
    void staysLockedUntilTheTimeIsUpThenStartsAfresh() {
        for (int i = 0; i < 3; i++) {
            lockout.failed("alice");
        }
        clock.advance(Duration.ofMinutes(14));
        assertTrue(lockout.lockedUntil("alice").isPresent());
        assertEquals(Optional.empty(), lockout.failed("alice")); // trying while locked does not extend the lock
        clock.advance(Duration.ofMinutes(1));

        assertEquals(Optional.empty(), lockout.lockedUntil("alice"));
        lockout.failed("alice");
        assertEquals(1, lockout.failures("alice"));
    }

    @Test
    void successResetsTheCount() {
        lockout.failed("alice");
        lockout.failed("alice");
        lockout.succeeded("alice");
        lockout.failed("alice");
        lockout.failed("alice");

        assertEquals(Optional.empty(), lockout.lockedUntil("alice"));
        assertEquals(2, lockout.failures("alice"));
    }

    @Test
    void oldFailuresAreForgotten() {
        lockout.failed("alice");
        lockout.failed("alice");
        clock.advance(Duration.ofMinutes(16));

        lockout.failed("alice");

        assertEquals(1, lockout.failures("alice"));
    }

    @Test
    void namesAreCountedSeparately() {
        lockout.failed("alice");
        lockout.failed("alice");
        lockout.failed("bob");
        lockout.failed("bob");

        assertEquals(Optional.empty(), lockout.lockedUntil("alice"));
        assertEquals(Optional.empty(), lockout.lockedUntil("bob"));
    }

    @Test
    void theTableStaysBoundedButKeepsLocks() {
        for (int i = 0; i < 3; i++) {
            lockout.failed("alice");
        }
        for (int i = 0; i < Lockout.MAX_TRACKED + 10; i++) {
            lockout.failed("spray-" + i);
        }

        assertTrue(lockout.tracked() <= Lockout.MAX_TRACKED);
        assertTrue(lockout.lockedUntil("alice").isPresent());
    }
}
