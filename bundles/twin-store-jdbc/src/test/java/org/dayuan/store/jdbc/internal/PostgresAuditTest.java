package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class PostgresAuditTest extends AuditContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
