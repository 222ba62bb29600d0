package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class PostgresRegistryFaultTest extends JdbcRegistryFaults {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
