package org.dayuan.auth.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.dayuan.auth.internal.Authenticator;
import org.dayuan.auth.internal.CredentialCache;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.Lockout;
import org.dayuan.testing.MutableClock;
import org.dayuan.auth.internal.Realm;
import org.dayuan.auth.internal.RevocationList;
import org.dayuan.auth.internal.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Karaf's JMX and console login: Dayuan's realm and lockout, administrators only. */
class AdminLoginModuleTest {
    private static final Map<String, List<String>> USERS = Map.of(
            "admin", List.of("admin", "ns:*", "ssh", "manager", "viewer", "systembundles"),
            "wj-manager", List.of("manager", "ns:cz.wujin"),
            "wj-viewer", List.of("viewer", "ns:cz.wujin", "ssh"));

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private Gatekeeper gate;

    @BeforeEach
    void setUp() throws Exception {
        Authenticator store = (user, password) -> {
            if (!"pw".equals(password) || !USERS.containsKey(user)) {
                throw new FailedLoginException("login failed");
            }
            return USERS.get(user);
        };
        Realm realm = new Realm() {
            @Override
            public boolean exists(String user) {
                return USERS.containsKey(user);
            }

            @Override
            public void decoyCheck(String password) {
            }
        };
        Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                RevocationList.open(dir.resolve("revoked.json"), clock), clock);
        gate = new Gatekeeper(store, realm, new Lockout(3, Duration.ofMinutes(15), clock),
                new CredentialCache(Duration.ofSeconds(30), clock, store, realm, Runnable::run), tokens);
    }

    @Test
    void anAdministratorGetsInWithAllItsRealmRoles() throws Exception {
        Subject subject = jmxSubject();
        AdminLoginModule module = module(subject, "admin", "pw");

        assertTrue(module.login());
        assertTrue(module.commit());

        assertEquals(Set.of("admin"), names(subject, UserPrincipal.class));
        assertEquals(new TreeSet<>(USERS.get("admin")), names(subject, RolePrincipal.class));
        module.logout();
        assertEquals(Set.of(), names(subject, RolePrincipal.class));
    }

    @Test
    void apiUsersAreRefusedEvenWithTheRightPassword() {
        for (String user : List.of("wj-manager", "wj-viewer")) {
            Subject subject = jmxSubject();
            AdminLoginModule module = module(subject, user, "pw");

            assertThrows(FailedLoginException.class, module::login, user);

            assertEquals(Set.of(), names(subject, RolePrincipal.class));
        }
    }

    @Test
    void wrongPasswordsCountTowardsTheSameLockoutAsTheApi() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThrows(FailedLoginException.class, module(jmxSubject(), "admin", "guess")::login);
        }

        FailedLoginException e = assertThrows(FailedLoginException.class, module(jmxSubject(), "admin", "pw")::login);
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
        assertThrows(Exception.class, () -> gate.login("admin", "pw", "127.0.0.1"));
        assertEquals("admin", gate.login("admin", "pw", "10.0.0.1").subject());
    }

    @Test
    void keysAndOtherCallbacksAreRefused() {
        Subject subject = jmxSubject();
        AdminLoginModule module = new AdminLoginModule();
        CallbackHandler keysOnly = callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        };
        module.initialize(subject, keysOnly, Map.of(), Map.of(AdminLoginModule.GATE_OPTION, gate));

        assertThrows(FailedLoginException.class, module::login);
    }

    @Test
    void theOriginIsTheClientsHostWithoutAPort() {
        assertEquals("10.0.0.1", AdminLoginModule.hostOf("/10.0.0.1:53124"));
        assertEquals("10.0.0.1", AdminLoginModule.hostOf("client.example/10.0.0.1:53124"));
        assertEquals("127.0.0.1", AdminLoginModule.hostOf("127.0.0.1"));
        assertEquals("0:0:0:0:0:0:0:1", AdminLoginModule.hostOf("/[0:0:0:0:0:0:0:1]:41000"));
        assertEquals("0:0:0:0:0:0:0:1", AdminLoginModule.hostOf("0:0:0:0:0:0:0:1"));
        assertEquals("unknown", AdminLoginModule.origin(new Subject()));
    }

    private static Subject jmxSubject() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("jmx", "127.0.0.1"));
        return subject;
    }

    private AdminLoginModule module(Subject subject, String user, String password) {
        AdminLoginModule module = new AdminLoginModule();
        CallbackHandler handler = callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pass) {
                    pass.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
        module.initialize(subject, handler, Map.of(), Map.of(AdminLoginModule.GATE_OPTION, gate));
        return module;
    }

    private static Set<String> names(Subject subject, Class<? extends Principal> type) {
        return subject.getPrincipals(type).stream().map(Principal::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
