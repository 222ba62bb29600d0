package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.dayuan.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LockoutTest {
    private static final String HERE = "10.0.0.1";
    private static final String THERE = "10.0.0.2";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final Lockout lockout = new Lockout(3, Duration.ofMinutes(15), clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            lockout.failed(user, address, true);
        }
    }

    @Test
    void locksAfterTheConfiguredNumberOfFailures() {
        assertEquals(Optional.empty(), lockout.failed("alice", HERE, true));
        assertEquals(Optional.empty(), lockout.failed("alice", HERE, true));
        assertEquals(Optional.empty(), lockout.lockedUntil("alice", HERE));

        Optional<Instant> locked = lockout.failed("alice", HERE, true);

        assertEquals(Optional.of(Instant.parse("2025-03-01T08:15:00Z")), locked);
        assertEquals(locked, lockout.lockedUntil("alice", HERE));
    }

    @Test
    void aLockHoldsForTheAddressItCameFromOnly() {
        fail("admin", HERE, 3);

        assertTrue(lockout.lockedUntil("admin", HERE).isPresent());
        assertEquals(Optional.empty(), lockout.lockedUntil("admin", THERE));
        lockout.failed("admin", THERE, true);
        assertEquals(1, lockout.failures("admin", THERE));
    }

    @Test
    void theLockEndsOnAWholeSecondNeverEarlier() {
        MutableClock odd = new MutableClock(Instant.parse("2025-03-01T08:00:00.250Z"));
        Lockout lock = new Lockout(1, Duration.ofMinutes(15), odd);

        assertEquals(Optional.of(Instant.parse("2025-03-01T08:15:01Z")), lock.failed("alice", HERE, true));
    }

    @Test
    void unknownNamesLockExactlyLikeKnownOnes() {
        for (int i = 0; i < 3; i++) {
            lockout.failed("nobody-x", HERE, false);
        }
        assertTrue(lockout.lockedUntil("nobody-x", HERE).isPresent());
    }

    @Test
    void staysLockedUntilTheTimeIsUpThenStartsAfresh() {
        fail("alice", HERE, 3);
        clock.advance(Duration.ofMinutes(14));
        assertTrue(lockout.lockedUntil("alice", HERE).isPresent());
        assertEquals(Optional.empty(), lockout.failed("alice", HERE, true)); // trying while locked does not extend it
        clock.advance(Duration.ofMinutes(1));

        assertEquals(Optional.empty(), lockout.lockedUntil("alice", HERE));
        lockout.failed("alice", HERE, true);
        assertEquals(1, lockout.failures("alice", HERE));
    }

    @Test
    void successResetsTheCountOfThatAddress() {
        fail("alice", HERE, 2);
        fail("alice", THERE, 2);
        lockout.succeeded("alice", HERE);
        fail("alice", HERE, 2);

        assertEquals(Optional.empty(), lockout.lockedUntil("alice", HERE));
        assertEquals(2, lockout.failures("alice", HERE));
        assertEquals(2, lockout.failures("alice", THERE));
    }

    @Test
    void oldFailuresAreForgotten() {
        fail("alice", HERE, 2);
        clock.advance(Duration.ofMinutes(16));

        lockout.failed("alice", HERE, true);

        assertEquals(1, lockout.failures("alice", HERE));
    }

    @Test
    void namesAreCountedSeparately() {
        fail("alice", HERE, 2);
        fail("bob", HERE, 2);

        assertEquals(Optional.empty(), lockout.lockedUntil("alice", HERE));
        assertEquals(Optional.empty(), lockout.lockedUntil("bob", HERE));
    }

    @Test
    void aNameTheRealmMomentarilyCallsUnknownKeepsOneCount() {
        // The realm may not see a user while users.properties is being rewritten: the count must not split.
        lockout.failed("alice", HERE, false);
        lockout.failed("alice", HERE, true);
        assertEquals(Optional.empty(), lockout.lockedUntil("alice", HERE));

        Optional<Instant> locked = lockout.failed("alice", HERE, false);

        assertTrue(locked.isPresent());
        assertTrue(lockout.lockedUntil("alice", HERE).isPresent());
        assertEquals(0, lockout.trackedUnknown());
    }

    @Test
    void sprayingMadeUpNamesNeitherGrowsTheTableNorForgetsARealTarget() {
        fail("admin", HERE, 2);
        fail("alice", HERE, 3);
        for (int i = 0; i < 3 * Lockout.MAX_UNKNOWN; i++) {
            lockout.failed("spray-" + i, HERE, false);
        }

        assertTrue(lockout.trackedUnknown() <= Lockout.MAX_UNKNOWN, "tracked " + lockout.trackedUnknown());
        assertEquals(2, lockout.failures("admin", HERE));
        assertTrue(lockout.lockedUntil("alice", HERE).isPresent());
        lockout.failed("admin", HERE, true);
        assertTrue(lockout.lockedUntil("admin", HERE).isPresent());
    }

    @Test
    void addressesBeyondTheBoundShareOneCountAndNeverResetOthers() {
        fail("admin", HERE, 2);
        // A botnet: once a known name tracks the most addresses, every further address counts together.
        for (int i = 1; i < Lockout.MAX_ADDRESSES_PER_NAME; i++) {
            lockout.failed("admin", "192.0.2." + i, true);
        }
        assertEquals(Optional.empty(), lockout.lockedUntil("admin", "198.51.100.1"));
        fail("admin", "198.51.100.1", 1);
        fail("admin", "198.51.100.2", 1);
        fail("admin", "198.51.100.3", 1);

        assertTrue(lockout.lockedUntil("admin", "198.51.100.4").isPresent());
        assertEquals(Optional.empty(), lockout.lockedUntil("admin", HERE));
        assertEquals(2, lockout.failures("admin", HERE));

        clock.advance(Duration.ofMinutes(16));
        assertEquals(Optional.empty(), lockout.lockedUntil("admin", "198.51.100.4"));
        lockout.failed("admin", "198.51.100.4", true);
        assertEquals(1, lockout.failures("admin", "198.51.100.4"));
    }
}
