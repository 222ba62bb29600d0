package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class H2BackupTest extends BackupContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
