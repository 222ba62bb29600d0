package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

class H2TwinJournalTest extends TwinJournalContract {
    @Override
    TestDatabase createDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }

    @Override
    String engine() {
        return "h2";
    }
}
