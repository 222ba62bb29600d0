package org.dayuan.auth.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import javax.security.auth.login.AccountException;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request is: password logins go through the lockout and the user store, bearer tokens through
 * {@link Tokens}; a name locked for the caller's address is refused either way. Every refusal is a 401 that says why
 * without telling whether the user name exists, neither by its words nor by its time.
 */
public final class Gatekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);
    static final String BAD_CREDENTIALS = "The user name or the password is wrong.";

    private final Authenticator authenticator;
    private final Realm realm;
    private final Lockout lockout;
    private final CredentialCache cache;
    private final Tokens tokens;
    /** For the metrics; counted where the log line is written, so the figures and the log agree. */
    private final LongAdder failures = new LongAdder();
    private final LongAdder lockouts = new LongAdder();
    private final LongAdder refusedLocked = new LongAdder();

    public Gatekeeper(Authenticator authenticator, Realm realm, Lockout lockout, CredentialCache cache,
            Tokens tokens) {
        this.authenticator = authenticator;
        this.realm = realm;
        this.lockout = lockout;
        this.cache = cache;
        this.tokens = tokens;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Failed password checks (wrong password, unknown or implausible name), at every door. */
    public long failures() {
        return failures.sum();
    }

    /** Locks started: a name locked for an address after too many failures in a row. */
    public long lockouts() {
        return lockouts.sum();
    }

    /** Logins and tokens refused because their name was locked for the caller's address. */
    public long refusedLocked() {
        return refusedLocked.sum();
    }

    /**
     * HTTP Basic on an API request: answered from the cache when the same credentials were checked lately, else
     * checked by the store (once for a burst of requests with the same credentials).
     */
    public Caller basic(Credentials.Basic credentials, String origin) {
        String user = credentials.user();
        String password = credentials.password();
        refuseIfLocked(user, origin);
        Caller caller = cache.get(user, password, origin,
                () -> RoleMapping.caller(user, check(user, password, origin), origin));
        // The right password, checked lately or just now: it ends a run of failures from here as a fresh check would.
        lockout.succeeded(user, origin);
        return caller;
    }

    /** An administrator revoked {@code user}: its remembered Basic logins go as well as its tokens. */
    public void forgetBasic(String user) {
        cache.forget(user);
    }

    /** The login endpoint: always asks the user store, since what it answers is a long-lived token. */
    public Caller login(String user, String password, String origin) {
        return RoleMapping.caller(user, realmLogin(user, password, origin), origin);
    }

    /**
     * A password login for Karaf's own doors (JMX, the SSH console), under the same lockout: the realm's role names as
     * they are, Karaf's included, since Karaf's access rules ask for those.
     */
    public Collection<String> realmLogin(String user, String password, String origin) {
        if (!Names.isPlausibleUser(user)) {
            LOG.warn("Failed login with an implausible user name '{}' from {}", Names.forLog(user), origin);
            failures.increment();
            throw unauthenticated(BAD_CREDENTIALS);
        }
        refuseIfLocked(user, origin);
        return check(user, password, origin);
    }

    /** A bearer token on an API request; refused while its user is locked for the caller's address. */
    public Tokens.Verified bearer(Credentials.Bearer credentials, String origin) {
        Tokens.Verified verified;
        try {
            verified = tokens.verify(credentials.token());
        } catch (DayuanException e) {
            LOG.warn("Refused bearer token from {}: {}", origin, e.getMessage());
            throw e;
        }
        refuseIfLocked(verified.subject(), origin);
        return verified;
    }

    private void refuseIfLocked(String user, String origin) {
        Optional<Instant> until = lockout.lockedUntil(user, origin);
        if (until.isPresent()) {
            LOG.warn("Refused login of locked user '{}' from {}", Names.forLog(user), origin);
            refusedLocked.increment();
            throw unauthenticated("Too many failed logins: the account is locked for this address until "
                    + until.get() + ".");
        }
    }

    private Collection<String> check(String user, String password, String origin) {
        Collection<String> roles;
        try {
            roles = authenticator.authenticate(user, password);
        } catch (FailedLoginException | AccountException | CredentialException e) {
            throw failed(user, password, origin);
        } catch (LoginException e) {
            LOG.error("The user store could not check the login of '{}' from {}", Names.forLog(user), origin, e);
            throw ErrorCode.INTERNAL.exception("The user store could not be asked; the failure was logged.");
        }
        lockout.succeeded(user, origin);
        return roles;
    }

    private DayuanException failed(String user, String password, String origin) {
        LOG.warn("Failed login for user '{}' from {}", Names.forLog(user), origin);
        failures.increment();
        boolean known = realm.exists(user);
        if (!known) {
            realm.decoyCheck(password);
        }
        Optional<Instant> locked = lockout.failed(user, origin, known);
        if (locked.isPresent()) {
            lockouts.increment();
            LOG.warn("User '{}' is locked until {} after too many failed logins, the last from {}",
                    Names.forLog(user), locked.get(), origin);
            return unauthenticated(BAD_CREDENTIALS + " Too many failed logins: the account is locked for this"
                    + " address until " + locked.get() + ".");
        }
        return unauthenticated(BAD_CREDENTIALS);
    }

    private static DayuanException unauthenticated(String message) {
        return ErrorCode.UNAUTHENTICATED.exception(message);
    }
}
