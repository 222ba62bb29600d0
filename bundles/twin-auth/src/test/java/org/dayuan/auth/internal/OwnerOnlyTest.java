package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path dir;

    @Test
    void aWorldReadableFileBecomesTheOwnersOnly() throws Exception {
        assumeTrue(AtomicFiles.posix());
        Path users = Files.writeString(dir.resolve("users.properties"), "admin = {CRYPT}x{CRYPT},admin\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));

        assertTrue(OwnerOnly.restrict(users));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertFalse(OwnerOnly.restrict(users), "nothing left to take away");
        assertEquals("admin = {CRYPT}x{CRYPT},admin\n", Files.readString(users));
    }

    @Test
    void theOwnersOwnPermissionsStay() throws Exception {
        assumeTrue(AtomicFiles.posix());
        Path script = Files.writeString(dir.resolve("x"), "");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertTrue(OwnerOnly.restrict(script));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
    }

    @Test
    void aMissingFileIsLeftAlone() throws Exception {
        assertFalse(OwnerOnly.restrict(dir.resolve("absent")));
        assertFalse(Files.exists(dir.resolve("absent")));
    }
}
