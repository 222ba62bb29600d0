package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeyTest {
    @TempDir
    Path dir;

    @Test
    void aKeyIsMadeOnceOwnerOnlyAndReadBack() throws Exception {
        Path file = dir.resolve("dayuan/auth/token.key");

        byte[] made = TokenKey.loadOrCreate(file);
        byte[] read = TokenKey.loadOrCreate(file);

        assertEquals(32, made.length);
        assertArrayEquals(made, read);
        if (AtomicFiles.posix()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        }
    }

    @Test
    void aLooseKeyFileIsTightened() throws Exception {
        Path file = dir.resolve("token.key");
        TokenKey.loadOrCreate(file);
        if (!AtomicFiles.posix()) {
            return;
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        TokenKey.loadOrCreate(file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aDamagedOrShortKeyIsRefused() throws Exception {
        Path file = dir.resolve("token.key");
        Files.writeString(file, "not base64!");
        assertThrows(IOException.class, () -> TokenKey.loadOrCreate(file));
        Files.writeString(file, "AAAA");
        assertThrows(IOException.class, () -> TokenKey.loadOrCreate(file));
    }

    @Test
    void aConfiguredSecretMustBeLongEnough() {
        assertThrows(IllegalArgumentException.class, () -> TokenKey.fromSecret("short"));
        assertEquals(32, TokenKey.fromSecret("x".repeat(32)).length);
    }
}
