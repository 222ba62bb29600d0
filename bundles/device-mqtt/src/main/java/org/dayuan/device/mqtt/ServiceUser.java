package org.dayuan.device.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.dayuan.auth.SecretFiles;
import org.dayuan.auth.UserDirectory;

/**
 * The ingestion's own user at the embedded broker, which checks every client against Dayuan's realm. Nobody types
 * its password: a random one is made once, kept in a file only the Karaf user can read (like the token key), and the
 * user is (re)written in the realm when it is missing or the password is new. It has no Dayuan role, so it cannot
 * use the HTTP API; the broker lets it, and only it, subscribe.
 */
final class ServiceUser {
    private ServiceUser() {
    }

    /** The password of {@code user}, creating the user or the password when either is missing. */
    static String ensure(UserDirectory users, String user, Path secretFile) throws IOException {
        boolean fresh = !Files.isRegularFile(secretFile);
        if (fresh) {
            SecretFiles.write(secretFile, generate());
        }
        String password = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        if (fresh || !users.exists(user)) {
            users.addUser(user, password, List.of());
        }
        return password;
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
