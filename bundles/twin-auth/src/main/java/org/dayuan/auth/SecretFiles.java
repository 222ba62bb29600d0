package org.dayuan.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dayuan.auth.internal.AtomicFiles;

/**
 * Generated secrets that an operator or a service reads back from a file under {@code data/}: the admin's first
 * password, a service user's password. One way to write them, so that every such file is owner-only from its
 * creation on and a crash leaves the old secret or the new one, never half a password.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Replaces {@code file} with {@code secret} (UTF-8), readable by the owner only, synced to disk. */
    public static void write(Path file, String secret) throws IOException {
        AtomicFiles.write(file, secret.getBytes(StandardCharsets.UTF_8));
    }
}
