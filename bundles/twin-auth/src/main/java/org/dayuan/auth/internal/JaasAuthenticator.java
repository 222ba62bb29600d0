package org.dayuan.auth.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * A login against a JAAS realm, by default Karaf's {@code karaf} realm (users.properties, or whatever modules the
 * realm is configured with). Groups ({@code _g_:admingroup}) are already resolved to role principals by Karaf's
 * login modules.
 */
public final class JaasAuthenticator implements Authenticator {
    private final String realm;
    private final Configuration configuration;

    /** Against the JVM's JAAS configuration, which in Karaf is the one listing the realms registered in OSGi. */
    public JaasAuthenticator(String realm) {
        this(realm, null);
    }

    /** Against {@code configuration}; for tests, which have no Karaf around. */
    public JaasAuthenticator(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    @Override
    public Collection<String> authenticate(String user, String password) throws LoginException {
        char[] secret = password.toCharArray();
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's module class (Karaf's ProxyLoginModule) through the context class loader.
        // On a Jetty thread that is Pax Web's web-context loader, which need not see it; this bundle's loader does
        // (boot delegation, and the import of org.apache.karaf.jaas.boot). Karaf's own JAAS callers do the same.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks(user, secret), configuration);
            context.login();
            List<String> roles = new ArrayList<>();
            for (Principal principal : subject.getPrincipals()) {
                if (principal instanceof RolePrincipal) {
                    roles.add(principal.getName());
                }
            }
            try {
                context.logout();
            } catch (LoginException ignored) {
                // Only the subject's principals are dropped; the roles are already read.
            }
            return roles;
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(secret, '\0');
        }
    }

    private static CallbackHandler callbacks(String user, char[] password) {
        return (Callback[] callbacks) -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pass) {
                    pass.setPassword(password);
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }
}
