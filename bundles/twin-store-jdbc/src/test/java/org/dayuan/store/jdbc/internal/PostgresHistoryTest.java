package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class PostgresHistoryTest extends HistoryContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
