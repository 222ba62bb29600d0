package org.dayuan.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs bearer tokens when none is configured: 256 random bits made on first start and kept in a file
 * only the owner can read, so tokens outlive restarts. Whoever reads the file can mint tokens for any user.
 */
public final class TokenKey {
    /** HS256 needs a key at least as long as its hash (RFC 7518, 3.2). */
    public static final int MIN_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(TokenKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private TokenKey() {
    }

    /** The key in {@code file} (Base64), made and written there first if the file does not exist. */
    public static byte[] loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            if (AtomicFiles.posix() && !OWNER_ONLY.equals(Files.getPosixFilePermissions(file))) {
                LOG.warn("The token key {} was readable by others; it is now owner-only. Consider changing it"
                        + " (delete the file and restart: every token issued so far becomes invalid).", file);
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            } catch (IllegalArgumentException e) {
                throw new IOException("The token key " + file + " is not Base64; delete it to get a new one", e);
            }
            if (key.length < MIN_BYTES) {
                throw new IOException("The token key " + file + " has " + key.length + " bytes, fewer than "
                        + MIN_BYTES + "; delete it to get a new one");
            }
            return key;
        }
        byte[] key = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(key);
        AtomicFiles.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        LOG.info("Made a new key for signing bearer tokens in {}", file);
        return key;
    }

    /** A configured secret as key bytes; it must carry at least {@value #MIN_BYTES} bytes. */
    public static byte[] fromSecret(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("tokenSecret must be at least " + MIN_BYTES
                    + " bytes long; leave it empty to use a generated key");
        }
        return key;
    }
}
