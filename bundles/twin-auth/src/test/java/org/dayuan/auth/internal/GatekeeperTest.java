package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatekeeperTest {
    private static final Map<String, String> PASSWORDS = Map.of("wujin-viewer", "right");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final AtomicInteger logins = new AtomicInteger();
    /** Passwords checked against the realm's decoy hash. */
    private final List<String> decoyChecks = new ArrayList<>();
    private boolean storeDown;
    private Gatekeeper gate;

    @BeforeEach
    void setUp() throws Exception {
        Authenticator store = (user, password) -> {
            logins.incrementAndGet();
            if (storeDown) {
                throw new LoginException("No LoginModules configured for karaf");
            }
            if (!password.equals(PASSWORDS.get(user))) {
                throw new FailedLoginException("login failed");
            }
            return List.of("viewer", "ns:cz.wujin", "ssh");
        };
        Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                RevocationList.open(dir.resolve("revoked.json"), clock), clock);
        Realm realm = new Realm() {
            @Override
            public boolean exists(String user) {
                return PASSWORDS.containsKey(user);
            }

            @Override
            public void decoyCheck(String password) {
                decoyChecks.add(password);
            }
        };
        gate = new Gatekeeper(store, realm, new Lockout(3, Duration.ofMinutes(15), clock),
                new CredentialCache(Duration.ofSeconds(30), clock, store, realm, Runnable::run), tokens);
    }

    @Test
    void basicLoginsAreCachedForTheSameCredentialsOnly() {
        Caller first = gate.basic(new Credentials.Basic("wujin-viewer", "right"), "10.0.0.1");
        Caller second = gate.basic(new Credentials.Basic("wujin-viewer", "right"), "10.0.0.2");

        assertEquals(1, logins.get());
        assertEquals("10.0.0.2", second.origin());
        assertEquals(first.roles(), second.roles());
        assertThrows(DayuanException.class, () -> gate.basic(new Credentials.Basic("wujin-viewer", "wrong"), "x"));
        assertEquals(2, logins.get());

        clock.advance(Duration.ofSeconds(30));
        gate.basic(new Credentials.Basic("wujin-viewer", "right"), "10.0.0.1");
        assertEquals(3, logins.get());
    }

    @Test
    void theLoginEndpointAlwaysAsksTheStore() {
        gate.login("wujin-viewer", "right", "x");
        gate.login("wujin-viewer", "right", "x");

        assertEquals(2, logins.get());
    }

    @Test
    void lockedUserIsRefusedEvenWithTheRightPasswordAndTheCache() {
        gate.basic(new Credentials.Basic("wujin-viewer", "right"), "x"); // now cached
        for (int i = 0; i < 3; i++) {
            assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
        }
        int asked = logins.get();

        DayuanException basic = assertThrows(DayuanException.class,
                () -> gate.basic(new Credentials.Basic("wujin-viewer", "right"), "x"));
        DayuanException login = assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "right", "x"));

        assertEquals(401, basic.status());
        assertTrue(basic.getMessage().contains("locked for this address until 2025-03-01T08:15:00Z"), basic.getMessage());
        assertEquals(basic.getMessage(), login.getMessage());
        assertEquals(asked, logins.get());

        clock.advance(Duration.ofMinutes(15));
        gate.login("wujin-viewer", "right", "x");
    }

    @Test
    void unknownAndKnownNamesFailAlike() {
        DayuanException known = assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
        DayuanException unknown = assertThrows(DayuanException.class, () -> gate.login("nobody", "wrong", "x"));

        assertEquals(known.getMessage(), unknown.getMessage());
        assertThrows(DayuanException.class, () -> gate.login("nobody", "wrong", "x"));
        DayuanException third = assertThrows(DayuanException.class, () -> gate.login("nobody", "wrong", "x"));
        assertTrue(third.getMessage().contains("locked"), third.getMessage());
    }

    @Test
    void aFailedLoginOfAnUnknownNameSpendsAHashCheckAsAKnownNameDoes() {
        assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
        assertEquals(List.of(), decoyChecks); // the realm's own check was the hash work

        assertThrows(DayuanException.class, () -> gate.login("nobody", "guess-1", "x"));
        assertThrows(DayuanException.class, () -> gate.basic(new Credentials.Basic("nobody", "guess-2"), "x"));
        assertThrows(DayuanException.class, () -> gate.realmLogin("nobody", "guess-3", "x"));

        assertEquals(List.of("guess-1", "guess-2", "guess-3"), decoyChecks);
        gate.login("wujin-viewer", "right", "x");
        assertEquals(3, decoyChecks.size());
    }

    @Test
    void aCachedBasicLoginEndsARunOfFailuresLikeAFreshOne() {
        gate.basic(new Credentials.Basic("wujin-viewer", "right"), "x"); // now cached
        for (int round = 0; round < 3; round++) {
            assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
            assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
            int asked = logins.get();
            gate.basic(new Credentials.Basic("wujin-viewer", "right"), "x");
            assertEquals(asked, logins.get(), "answered from the cache");
        }
        assertEquals("wujin-viewer", gate.login("wujin-viewer", "right", "x").subject());
    }

    @Test
    void aLockHoldsForTheAttackersAddressNotTheUsersOwn() {
        for (int i = 0; i < 3; i++) {
            assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "203.0.113.9"));
        }
        assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "right", "203.0.113.9"));

        assertEquals("wujin-viewer", gate.login("wujin-viewer", "right", "10.0.0.1").subject());
        assertEquals("wujin-viewer", gate.basic(new Credentials.Basic("wujin-viewer", "right"), "10.0.0.1")
                .subject());
    }

    @Test
    void tokensAreRefusedWhileTheirUserIsLockedForTheCallersAddress() {
        String token = gate.tokens().issue(gate.login("wujin-viewer", "right", "x"), Duration.ofMinutes(60))
                .token();
        for (int i = 0; i < 3; i++) {
            assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "wrong", "x"));
        }

        DayuanException e = assertThrows(DayuanException.class, () -> gate.bearer(new Credentials.Bearer(token), "x"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
        assertEquals("wujin-viewer", gate.bearer(new Credentials.Bearer(token), "10.0.0.1").subject());

        clock.advance(Duration.ofMinutes(15));
        assertEquals("wujin-viewer", gate.bearer(new Credentials.Bearer(token), "x").subject());
    }

    @Test
    void realmLoginsGiveTheRealmsRoleNamesUnderTheSameLockout() {
        assertEquals(List.of("viewer", "ns:cz.wujin", "ssh"), List.copyOf(gate.realmLogin("wujin-viewer", "right", "x")));
        for (int i = 0; i < 3; i++) {
            assertThrows(DayuanException.class, () -> gate.realmLogin("wujin-viewer", "wrong", "x"));
        }
        assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "right", "x"));
    }

    @Test
    void aStoreThatCannotBeAskedIsAServerErrorNotAFailedLogin() {
        storeDown = true;
        for (int i = 0; i < 5; i++) {
            DayuanException e = assertThrows(DayuanException.class, () -> gate.login("wujin-viewer", "right", "x"));
            assertEquals(500, e.status());
        }
        storeDown = false;

        assertEquals("wujin-viewer", gate.login("wujin-viewer", "right", "x").subject());
    }

    @Test
    void implausibleNamesAtTheLoginEndpointAreRefusedWithoutAskingTheStore() {
        assertThrows(DayuanException.class, () -> gate.login("", "x", "x"));
        assertThrows(DayuanException.class, () -> gate.login("evil\nINFO forged line", "x", "x"));

        assertEquals(0, logins.get());
    }

    @Test
    void bearerTokensAreVerified() {
        Caller caller = gate.login("wujin-viewer", "right", "x");
        String token = gate.tokens().issue(caller, Duration.ofMinutes(5)).token();

        assertEquals("wujin-viewer", gate.bearer(new Credentials.Bearer(token), "x").subject());
        assertThrows(DayuanException.class, () -> gate.bearer(new Credentials.Bearer(token + "x"), "x"));
    }
}
