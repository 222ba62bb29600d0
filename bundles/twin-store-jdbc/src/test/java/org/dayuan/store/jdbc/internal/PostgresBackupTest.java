package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class PostgresBackupTest extends BackupContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
