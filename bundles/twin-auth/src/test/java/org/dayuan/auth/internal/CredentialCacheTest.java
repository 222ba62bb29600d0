package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
    private static final Caller ALICE = new Caller("alice", Set.of("viewer"), Set.of("cz"), "10.0.0.1");
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));

    @Test
    void remembersForTheTimeToLiveWithTheNewOrigin() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(30), clock);
        cache.put("alice", "pw", ALICE);

        assertEquals("10.0.0.2", cache.get("alice", "pw", "10.0.0.2").origin());
        clock.advance(Duration.ofSeconds(30));
        assertNull(cache.get("alice", "pw", "10.0.0.2"));
    }

    @Test
    void anotherPasswordOrUserMisses() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(30), clock);
        cache.put("alice", "pw", ALICE);

        assertNull(cache.get("alice", "pw2", "x"));
        assertNull(cache.get("alicep", "w", "x"));
        assertNull(cache.get("alice\u0000", "pw", "x"));
    }

    @Test
    void zeroTurnsItOff() {
        CredentialCache cache = new CredentialCache(Duration.ZERO, clock);
        cache.put("alice", "pw", ALICE);

        assertNull(cache.get("alice", "pw", "x"));
    }

    @Test
    void staysBounded() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(30), clock);
        for (int i = 0; i <= CredentialCache.MAX_ENTRIES + 5; i++) {
            cache.put("u" + i, "pw", ALICE);
        }

        assertTrue(cache.size() <= CredentialCache.MAX_ENTRIES);
    }
}
