package org.dayuan.auth;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A login with a user name and password against the realm Dayuan authenticates HTTP requests with, under the same
 * lockout, for clients that do not come over HTTP (devices on the embedded MQTT broker).
 */
@ProviderType
public interface PasswordLogin {
    /**
     * The caller {@code user} is once {@code password} is confirmed.
     *
     * @param origin where the login comes from, for the log (e.g. {@code mqtt client meter-7})
     * @throws DayuanException 401 for wrong credentials, an unknown user or a locked account (the same message
     *                         for each, and each failure counts towards the lockout); 500 when the realm could not be
     *                         asked
     */
    Caller login(String user, String password, String origin);
}
