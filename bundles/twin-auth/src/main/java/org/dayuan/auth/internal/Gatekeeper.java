package org.dayuan.auth.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

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
 * {@link Tokens}. Every refusal is a 401 that says why without telling whether the user name exists.
 */
public final class Gatekeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);
    static final String BAD_CREDENTIALS = "The user name or the password is wrong.";

    private final Authenticator authenticator;
    private final Lockout lockout;
    private final CredentialCache cache;
    private final Tokens tokens;

    public Gatekeeper(Authenticator authenticator, Lockout lockout, CredentialCache cache, Tokens tokens) {
        this.authenticator = authenticator;
        this.lockout = lockout;
        this.cache = cache;
        this.tokens = tokens;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** HTTP Basic on an API request: answered from the cache when the same credentials were checked lately. */
    public Caller basic(Credentials.Basic credentials, String origin) {
        refuseIfLocked(credentials.user(), origin);
        Caller cached = cache.get(credentials.user(), credentials.password(), origin);
        if (cached != null) {
            return cached;
        }
        Caller caller = check(credentials.user(), credentials.password(), origin);
        cache.put(credentials.user(), credentials.password(), caller);
        return caller;
    }

    /** The login endpoint: always asks the user store, since what it answers is a long-lived token. */
    public Caller login(String user, String password, String origin) {
        if (!Names.isPlausibleUser(user)) {
            LOG.warn("Failed login with an implausible user name '{}' from {}", Names.forLog(user), origin);
            throw unauthenticated(BAD_CREDENTIALS);
        }
        refuseIfLocked(user, origin);
        return check(user, password, origin);
    }

    /** A bearer token on an API request. */
    public Tokens.Verified bearer(Credentials.Bearer credentials, String origin) {
        try {
            return tokens.verify(credentials.token());
        } catch (DayuanException e) {
            LOG.warn("Refused bearer token from {}: {}", origin, e.getMessage());
            throw e;
        }
    }

    private void refuseIfLocked(String user, String origin) {
        Optional<Instant> until = lockout.lockedUntil(user);
        if (until.isPresent()) {
            LOG.warn("Refused login of locked user '{}' from {}", Names.forLog(user), origin);
            throw unauthenticated("Too many failed logins: the account is locked until " + until.get() + ".");
        }
    }

    private Caller check(String user, String password, String origin) {
        Collection<String> roles;
        try {
            roles = authenticator.authenticate(user, password);
        } catch (FailedLoginException | AccountException | CredentialException e) {
            throw failed(user, origin);
        } catch (LoginException e) {
            LOG.error("The user store could not check the login of '{}' from {}", Names.forLog(user), origin, e);
            throw ErrorCode.INTERNAL.exception("The user store could not be asked; the failure was logged.");
        }
        lockout.succeeded(user);
        return RoleMapping.caller(user, roles, origin);
    }

    private DayuanException failed(String user, String origin) {
        LOG.warn("Failed login for user '{}' from {}", Names.forLog(user), origin);
        Optional<Instant> locked = lockout.failed(user);
        if (locked.isPresent()) {
            LOG.warn("User '{}' is locked until {} after too many failed logins, the last from {}",
                    Names.forLog(user), locked.get(), origin);
            return unauthenticated(BAD_CREDENTIALS + " Too many failed logins: the account is locked until "
                    + locked.get() + ".");
        }
        return unauthenticated(BAD_CREDENTIALS);
    }

    private static DayuanException unauthenticated(String message) {
        return ErrorCode.UNAUTHENTICATED.exception(message);
    }
}
