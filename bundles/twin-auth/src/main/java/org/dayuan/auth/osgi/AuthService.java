package org.dayuan.auth.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.dayuan.auth.PasswordLogin;
import org.dayuan.auth.internal.Authenticator;
import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.CredentialCache;
import org.dayuan.auth.internal.Gatekeeper;
import org.dayuan.auth.internal.JaasAuthenticator;
import org.dayuan.auth.internal.Lockout;
import org.dayuan.auth.internal.Realm;
import org.dayuan.auth.internal.RevocationList;
import org.dayuan.auth.internal.TokenKey;
import org.dayuan.auth.internal.Tokens;
import org.dayuan.twin.Caller;
import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The authentication state shared by the filter and the servlet: lockout counts, the Basic cache, the token key and
 * the revocation list. A configuration change builds it anew (lockout counts and cache start empty; tokens stay
 * valid unless the key changed). Remembered Basic logins are re-checked on a thread of its own, never on a request.
 */
@Component(service = {AuthService.class, PasswordLogin.class, MetricSource.class}, configurationPid = AuthConstants.PID)
@Designate(ocd = AuthConfig.class)
public final class AuthService implements PasswordLogin, MetricSource {
    final Gatekeeper gate;
    final Duration defaultLifetime;
    final Duration maxLifetime;
    private final ExecutorService rechecks;

    @Activate
    public AuthService(AuthConfig config, @Reference Realm realm) throws IOException {
        this(config, Path.of(System.getProperty("karaf.data", "data"), "dayuan", "auth"),
                new JaasAuthenticator(config.realm()), realm, Clock.systemUTC());
    }

    AuthService(AuthConfig config, Path dir, Authenticator authenticator, Realm realm, Clock clock)
            throws IOException {
        require(!config.realm().isBlank(), "realm", "must name a JAAS realm");
        require(config.maxFailedLogins() >= 1, "maxFailedLogins", "must be at least 1");
        require(config.lockoutMinutes() >= 1, "lockoutMinutes", "must be at least 1");
        require(config.tokenMinutes() >= 1, "tokenMinutes", "must be at least 1");
        require(config.maxTokenMinutes() >= config.tokenMinutes(), "maxTokenMinutes",
                "must be at least tokenMinutes (" + config.tokenMinutes() + ")");
        require(config.basicCacheSeconds() >= 0, "basicCacheSeconds", "must not be negative");
        byte[] key;
        try {
            key = config.tokenSecret().isEmpty() ? TokenKey.loadOrCreate(dir.resolve("token.key"))
                    : TokenKey.fromSecret(config.tokenSecret());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AuthConstants.PID + ": " + e.getMessage(), e);
        }
        defaultLifetime = Duration.ofMinutes(config.tokenMinutes());
        maxLifetime = Duration.ofMinutes(config.maxTokenMinutes());
        rechecks = rechecks();
        Tokens tokens = new Tokens(key, RevocationList.open(dir.resolve("revoked.json"), clock), clock);
        gate = new Gatekeeper(authenticator, realm,
                new Lockout(config.maxFailedLogins(), Duration.ofMinutes(config.lockoutMinutes()), clock),
                new CredentialCache(Duration.ofSeconds(config.basicCacheSeconds()), clock, authenticator, realm,
                        rechecks), tokens);
    }

    /** Logins at every door (API, token login, JMX, console), since this configuration took effect. */
    @Override
    public void collect(MetricSink sink) {
        sink.counter("dayuan_login_failures_total", "Failed logins: wrong password, unknown or malformed user name.",
                gate.failures());
        sink.counter("dayuan_login_lockouts_total", "User names locked for a client address after too many failed"
                + " logins in a row.", gate.lockouts());
        sink.counter("dayuan_login_refused_locked_total", "Logins and tokens refused because the user name was"
                + " locked for the client address.", gate.refusedLocked());
    }

    @Deactivate
    void close() {
        rechecks.shutdownNow();
    }

    /** Two threads at most (a re-check is one hash, and there is one at a time per user), none while idle. */
    private static ExecutorService rechecks() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dayuan-auth-recheck");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public Caller login(String user, String password, String origin) {
        return gate.login(user, password, origin);
    }

    private static void require(boolean ok, String key, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(AuthConstants.PID + ": " + key + " " + rule);
        }
    }
}
