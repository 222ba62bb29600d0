package org.dayuan.auth.internal;

import java.util.Collection;

import javax.security.auth.login.LoginException;

/** Checks a user name and password against the user store. */
public interface Authenticator {
    /**
     * The role names of {@code user} once {@code password} is confirmed.
     *
     * @throws javax.security.auth.login.FailedLoginException for wrong credentials (also
     *         {@link javax.security.auth.login.AccountException} and
     *         {@link javax.security.auth.login.CredentialException}); any other {@link LoginException} means the
     *         store could not be asked
     */
    Collection<String> authenticate(String user, String password) throws LoginException;
}
