package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Against a store that checks real bcrypt hashes and counts its checks, with a clock and a background run by hand. */
class CredentialCacheTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    /** User name to bcrypt hash, as users.properties holds them. */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> roles = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();
    private volatile boolean storeDown;
    private volatile Object realmVersion = 1;
    /** The background, run when the test says so. */
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final Authenticator store = (user, password) -> {
        checks.incrementAndGet();
        if (storeDown) {
            throw new LoginException("No LoginModules configured for karaf");
        }
        String hash = hashes.get(user);
        if (hash == null || !BCrypt.checkpw(password, hash)) {
            throw new FailedLoginException("login failed");
        }
        return roles.get(user);
    };
    private final Realm realm = new Realm() {
        @Override
        public boolean exists(String user) {
            return hashes.containsKey(user);
        }

        @Override
        public void decoyCheck(String password) {
        }

        @Override
        public Object version() {
            return realmVersion;
        }
    };

    CredentialCacheTest() {
        user("alice", "pw", "viewer", "ns:cz");
    }

    private void user(String name, String password, String... roleNames) {
        hashes.put(name, BCrypt.hashpw(password, BCrypt.gensalt(4)));
        roles.put(name, List.of(roleNames));
    }

    private CredentialCache cache(Duration ttl) {
        return new CredentialCache(ttl, clock, store, realm, background::add);
    }

    /** What the request path does: the store's check, refused as a 401. */
    private Supplier<Caller> check(String user, String password) {
        return () -> {
            try {
                return RoleMapping.caller(user, store.authenticate(user, password), "10.0.0.1");
            } catch (LoginException e) {
                throw ErrorCode.UNAUTHENTICATED.exception("refused");
            }
        };
    }

    private Caller get(CredentialCache cache, String user, String password) {
        return cache.get(user, password, "10.0.0.2", check(user, password));
    }

    private void runBackground() {
        for (Runnable r = background.poll(); r != null; r = background.poll()) {
            r.run();
        }
    }

    @Test
    void remembersWithTheNewOrigin() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");

        Caller again = cache.get("alice", "pw", "10.0.0.9", check("alice", "pw"));

        assertEquals("10.0.0.9", again.origin());
        assertEquals(Set.of("viewer"), again.roles());
        assertEquals(1, checks.get());
    }

    @Test
    void anotherPasswordOrUserIsCheckedByTheStore() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");

        assertThrows(DayuanException.class, () -> get(cache, "alice", "pw2"));
        assertThrows(DayuanException.class, () -> get(cache, "alicep", "w"));
        assertThrows(DayuanException.class, () -> get(cache, "alice\u0000", "pw"));
        assertEquals(4, checks.get());
    }

    @Test
    void zeroTurnsItOff() {
        CredentialCache cache = cache(Duration.ZERO);
        get(cache, "alice", "pw");
        get(cache, "alice", "pw");

        assertEquals(2, checks.get());
        assertTrue(background.isEmpty());
    }

    @Test
    void staysBounded() {
        CredentialCache cache = cache(TTL);
        Caller someone = new Caller("u", Set.of("viewer"), Set.of("cz"), "x");
        for (int i = 0; i <= CredentialCache.MAX_ENTRIES + 5; i++) {
            cache.get("u" + i, "pw", "x", () -> someone);
        }

        assertTrue(cache.size() <= CredentialCache.MAX_ENTRIES);
    }

    @Test
    void anOldEntryIsServedWhileOneRecheckRunsInTheBackground() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        clock.advance(TTL);

        for (int i = 0; i < 64; i++) {
            assertEquals("alice", get(cache, "alice", "pw").subject());
        }
        assertEquals(1, checks.get(), "no hash on the request threads");
        assertEquals(1, background.size(), "one re-check, not one per request");

        runBackground();
        assertEquals(2, checks.get());
        clock.advance(TTL.minusSeconds(1));
        get(cache, "alice", "pw");
        assertTrue(background.isEmpty(), "the re-check made the entry fresh again");
        assertEquals(2, checks.get());
    }

    @Test
    void aRecheckTakesNewRolesAndARefusedOneDropsTheEntry() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        roles.put("alice", List.of("manager", "ns:cz"));
        clock.advance(TTL);
        get(cache, "alice", "pw");
        runBackground();

        assertEquals(Set.of("manager"), get(cache, "alice", "pw").roles());

        hashes.put("alice", BCrypt.hashpw("new", BCrypt.gensalt(4)));
        clock.advance(TTL);
        get(cache, "alice", "pw");
        runBackground();

        assertThrows(DayuanException.class, () -> get(cache, "alice", "pw"));
        assertEquals("alice", get(cache, "alice", "new").subject());
    }

    @Test
    void aWrongPasswordIsNeverAnsweredFromAnOldEntry() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        clock.advance(TTL.plusSeconds(5));

        assertThrows(DayuanException.class, () -> get(cache, "alice", "wrong"));
        assertThrows(DayuanException.class, () -> get(cache, "alice", "pw "));
    }

    @Test
    void aStoreThatCannotAnswerKeepsTheEntryUntilTwiceTheTimeToLive() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        storeDown = true;
        clock.advance(TTL);
        get(cache, "alice", "pw");
        runBackground();
        clock.advance(Duration.ofSeconds(10));

        get(cache, "alice", "pw");
        assertEquals(1, background.size(), "the next use tries again");
        runBackground();
        clock.advance(Duration.ofSeconds(20));

        assertThrows(DayuanException.class, () -> get(cache, "alice", "pw"));
    }

    @Test
    void aBurstOfFirstRequestsHashesOnce() throws Exception {
        user("bob", "pw2", "viewer", "ns:cz");
        hashes.put("bob", BCrypt.hashpw("pw2", BCrypt.gensalt(10)));
        CredentialCache cache = cache(TTL);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Caller>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return get(cache, "bob", "pw2");
                }));
            }
            start.countDown();
            for (Future<Caller> answer : answers) {
                assertEquals("bob", answer.get().subject());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, checks.get());
    }

    @Test
    void aChangedRealmForgetsEveryEntryWithinASecond() {
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        realmVersion = 2;
        hashes.remove("alice");
        clock.advance(CredentialCache.REALM_POLL);

        assertThrows(DayuanException.class, () -> get(cache, "alice", "pw"));
        assertEquals(2, checks.get());
        assertTrue(background.isEmpty());
    }

    @Test
    void aCheckBegunBeforeTheRealmChangedIsNotRemembered() {
        CredentialCache cache = cache(TTL);
        Caller alice = RoleMapping.caller("alice", List.of("viewer"), "x");
        cache.get("alice", "pw", "x", () -> {
            cache.clear();
            return alice;
        });

        get(cache, "alice", "pw");
        assertEquals(1, checks.get());
    }

    @Test
    void forgettingAUserDropsItsEntriesOnly() {
        user("bob", "pw2", "viewer", "ns:cz");
        CredentialCache cache = cache(TTL);
        get(cache, "alice", "pw");
        get(cache, "bob", "pw2");

        cache.forget("alice");
        get(cache, "alice", "pw");
        get(cache, "bob", "pw2");

        assertEquals(3, checks.get());
    }
}
