package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PostgresTwinJournalTest extends TwinJournalContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.postgres();
    }

    @Override
    String engine() {
        return "postgresql";
    }

    @Test
    void unreachableServerFailsActivationNamingTheStoreButNotThePassword() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new JdbcTwinJournal(
                TestConfig.of("jdbc:postgresql://127.0.0.1:1/test", "postgres", "s3cret", 1000)));

        String message = e.getMessage();
        assertTrue(message.contains(StoreConfig.PID) && message.contains("127.0.0.1:1/test"), message);
        assertFalse(message.contains("s3cret"), message);
    }
}
