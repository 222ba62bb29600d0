package org.dayuan.device.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.auth.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceUserTest {
    /** A realm in memory that counts its writes. */
    static final class Realm implements UserDirectory {
        final Map<String, String> passwords = new HashMap<>();
        int writes;

        @Override
        public boolean exists(String user) {
            return passwords.containsKey(user);
        }

        @Override
        public void addUser(String user, String password, List<String> roles) {
            assertEquals(List.of(), roles, "the service user gets no Dayuan role");
            passwords.put(user, password);
            writes++;
        }

        @Override
        public boolean settled() {
            return true;
        }
    }

    @TempDir
    Path dir;

    @Test
    void createsTheUserOnceWithARandomPasswordOnlyItsOwnerCanRead() throws Exception {
        Realm realm = new Realm();
        Path secret = dir.resolve("mqtt/ingest.secret");
        String password = ServiceUser.ensure(realm, "dayuan-ingest", secret);
        assertTrue(password.length() >= 32, password);
        assertEquals(password, realm.passwords.get("dayuan-ingest"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

        assertEquals(password, ServiceUser.ensure(realm, "dayuan-ingest", secret));
        assertEquals(1, realm.writes, "a restart finds user and password and writes nothing");

        realm.passwords.clear();
        assertEquals(password, ServiceUser.ensure(realm, "dayuan-ingest", secret));
        assertEquals(password, realm.passwords.get("dayuan-ingest"), "a user removed from the realm comes back");

        Files.delete(secret);
        String rotated = ServiceUser.ensure(realm, "dayuan-ingest", secret);
        assertNotEquals(password, rotated, "deleting the secret rotates the password");
        assertEquals(rotated, realm.passwords.get("dayuan-ingest"));
    }
}
