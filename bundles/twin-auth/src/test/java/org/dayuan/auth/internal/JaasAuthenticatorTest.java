package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;

/** A real JAAS login, with a small module standing in for Karaf's properties module. */
class JaasAuthenticatorTest {
    private static final Configuration REALMS = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return "karaf".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                    UsersModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())}
                    : null;
        }
    };

    @Test
    void rolePrincipalsOfTheLoginBecomeTheCaller() throws Exception {
        JaasAuthenticator jaas = new JaasAuthenticator("karaf", REALMS);

        List<String> roles = new ArrayList<>(jaas.authenticate("wujin-manager", "pw"));

        Caller caller = RoleMapping.caller("wujin-manager", roles, "10.0.0.1");
        assertEquals(Set.of("manager", "viewer"), caller.roles());
        assertEquals(Set.of("cz.wujin"), caller.namespaces());
    }

    @Test
    void wrongPasswordIsAFailedLogin() {
        JaasAuthenticator jaas = new JaasAuthenticator("karaf", REALMS);

        assertThrows(FailedLoginException.class, () -> jaas.authenticate("wujin-manager", "nope"));
        assertThrows(FailedLoginException.class, () -> jaas.authenticate("nobody", "pw"));
    }

    @Test
    void anUnknownRealmIsNotAFailedLogin() {
        JaasAuthenticator jaas = new JaasAuthenticator("elsewhere", REALMS);

        LoginException e = assertThrows(LoginException.class, () -> jaas.authenticate("wujin-manager", "pw"));
        assertEquals(LoginException.class, e.getClass());
    }

    @Test
    void theContextClassLoaderIsRestored() throws Exception {
        ClassLoader mine = new ClassLoader(null) { };
        Thread.currentThread().setContextClassLoader(mine);
        try {
            new JaasAuthenticator("karaf", REALMS).authenticate("wujin-manager", "pw");
            assertSame(mine, Thread.currentThread().getContextClassLoader());
        } finally {
            Thread.currentThread().setContextClassLoader(JaasAuthenticatorTest.class.getClassLoader());
        }
    }

    /** Accepts wujin-manager/pw with Karaf's principal types, the group resolved as Karaf's modules do. */
    public static final class UsersModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> opts) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            if (!"wujin-manager".equals(name.getName()) || !"pw".equals(new String(password.getPassword()))) {
                throw new FailedLoginException("login failed");
            }
            user = name.getName();
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal(user));
            subject.getPrincipals().add(new GroupPrincipal("wujin"));
            for (String role : List.of("manager", "viewer", "ns:cz.wujin", "ssh")) {
                subject.getPrincipals().add(new RolePrincipal(role));
            }
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().clear();
            return true;
        }
    }
}
