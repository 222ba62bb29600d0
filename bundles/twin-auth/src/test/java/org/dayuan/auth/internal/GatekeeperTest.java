package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

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
        gate = new Gatekeeper(store, new Lockout(3, Duration.ofMinutes(15), clock),
                new CredentialCache(Duration.ofSeconds(30), clock), tokens);
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
        assertTrue(basic.getMessage().contains("locked until 2025-03-01T08:15:00Z"), basic.getMessage());
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
