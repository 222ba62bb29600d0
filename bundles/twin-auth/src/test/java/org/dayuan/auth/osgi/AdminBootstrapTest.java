package org.dayuan.auth.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.auth.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminBootstrapTest {
    @TempDir
    Path data;

    /** The realm's users and their passwords. */
    private final Map<String, String> passwords = new HashMap<>();
    private final UserDirectory users = new UserDirectory() {
        @Override
        public boolean exists(String user) {
            return passwords.containsKey(user);
        }

        @Override
        public void addUser(String user, String password, List<String> roles) {
            passwords.put(user, password);
        }

        @Override
        public boolean settled() {
            return true;
        }
    };

    @Test
    void aGeneratedPasswordIsTheOneInTheOwnerOnlyFile() throws Exception {
        AdminBootstrap.ensureAdmin(TestConfig.with(Map.of()), users, data);

        Path file = data.resolve(AdminBootstrap.PASSWORD_FILE);
        assertEquals(passwords.get(AdminBootstrap.ADMIN) + "\n", Files.readString(file));
        assertEquals(16, passwords.get(AdminBootstrap.ADMIN).length());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    }

    @Test
    void aConfiguredPasswordIsWrittenNowhere() {
        AdminBootstrap.ensureAdmin(TestConfig.with(Map.of("adminPassword", "Configured-2026")), users, data);

        assertEquals("Configured-2026", passwords.get(AdminBootstrap.ADMIN));
        assertFalse(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)));
    }

    @Test
    void aLaterStartLeavesTheAdminAndTheFileAlone() throws Exception {
        AdminBootstrap.ensureAdmin(TestConfig.with(Map.of()), users, data);
        String first = passwords.get(AdminBootstrap.ADMIN);
        Path file = data.resolve(AdminBootstrap.PASSWORD_FILE);
        Files.delete(file); // the administrator read it and deleted it, as the log asks

        AdminBootstrap.ensureAdmin(TestConfig.with(Map.of()), users, data);

        assertEquals(first, passwords.get(AdminBootstrap.ADMIN));
        assertFalse(Files.exists(file), "no new password, so no new file");
    }

    @Test
    void aRealmThatDoesNotKeepTheAdminLeavesNoPasswordFile() {
        UserDirectory forgetful = new UserDirectory() {
            @Override
            public boolean exists(String user) {
                return false;
            }

            @Override
            public void addUser(String user, String password, List<String> roles) {
            }

            @Override
            public boolean settled() {
                return true;
            }
        };
        AdminBootstrap.ensureAdmin(TestConfig.with(Map.of()), forgetful, data);

        assertFalse(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)));
    }
}
