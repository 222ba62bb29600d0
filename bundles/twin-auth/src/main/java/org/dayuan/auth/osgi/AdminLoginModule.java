package org.dayuan.auth.osgi;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.Names;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login module of realm {@value AdminRealm#NAME}, Karaf's JMX and SSH console login: the password is checked by
 * the {@link Gatekeeper} (the same realm, lockout and timing as the API), and only a user with role
 * {@value Caller#ROLE_ADMIN} gets in, with all its realm roles so that Karaf's access rules apply as usual. Karaf's
 * rules grant by the role names {@code viewer} and {@code manager}, which Dayuan's API roles share; without this
 * gate any API user could log in to JMX and act with Karaf's powers of that name.
 *
 * <p>Karaf instantiates the module by class name (through its {@code ProxyLoginModule}); the gatekeeper comes in
 * the realm's options.
 */
public final class AdminLoginModule implements LoginModule {
    static final String GATE_OPTION = "org.dayuan.auth.gatekeeper";
    private static final Logger LOG = LoggerFactory.getLogger(AdminLoginModule.class);

    private Subject subject;
    private CallbackHandler handler;
    private Gatekeeper gate;
    private String user;
    private Collection<String> roles;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.gate = (Gatekeeper) options.get(GATE_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        if (gate == null) {
            throw new LoginException("Dayuan's authentication is not running");
        }
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            // e.g. an SSH public key instead of a password: this realm takes passwords only
            throw new FailedLoginException("Only a user name and password are accepted here");
        }
        char[] secret = password.getPassword();
        String origin = origin(subject);
        Collection<String> granted;
        try {
            granted = gate.realmLogin(name.getName() == null ? "" : name.getName(),
                    secret == null ? "" : new String(secret), origin);
        } catch (DayuanException e) {
            throw e.status() == 401 ? new FailedLoginException(e.getMessage()) : new LoginException(e.getMessage());
        } finally {
            password.clearPassword();
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        if (!granted.contains(Caller.ROLE_ADMIN)) {
            LOG.warn("Refused JMX or console login of '{}' from {}: only users with role {} may log in there",
                    Names.forLog(name.getName()), origin, Caller.ROLE_ADMIN);
            throw new FailedLoginException("Only administrators may log in here");
        }
        user = name.getName();
        roles = granted;
        return true;
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        added.add(new UserPrincipal(user));
        roles.forEach(role -> added.add(new RolePrincipal(role)));
        subject.getPrincipals().addAll(added);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        roles = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        return abort();
    }

    /**
     * The client's address as Karaf's JMX and SSH logins leave it on the subject, without a port (SSH gives
     * {@code /10.0.0.1:53124}, and a new connection must not mean a new lockout count).
     */
    static String origin(Subject subject) {
        for (ClientPrincipal client : subject.getPrincipals(ClientPrincipal.class)) {
            String address = client.getAddress();
            if (address != null && !address.isEmpty()) {
                return hostOf(address);
            }
        }
        return "unknown";
    }

    static String hostOf(String address) {
        String a = address.substring(address.lastIndexOf('/') + 1);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(1, end) : a;
        }
        int colon = a.indexOf(':');
        return colon >= 0 && colon == a.lastIndexOf(':') ? a.substring(0, colon) : a;
    }
}
