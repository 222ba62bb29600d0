package org.dayuan.store.jdbc.internal;

import java.nio.file.Path;

import org.dayuan.twin.core.RegistryFaultContract;
import org.dayuan.twin.spi.TwinJournal;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's fault contract over the real JDBC journal, so the unique (twin, life, revision) key, the group
 * commit and reading a twin's events back are the ones a county runs; one subclass per database.
 */
abstract class JdbcRegistryFaults extends RegistryFaultContract {
    @TempDir
    Path tempDir;
    private TestDatabase db;
    private JdbcTwinJournal store;

    abstract TestDatabase createDatabase(Path dir);

    @Override
    protected TwinJournal openStore() {
        db = createDatabase(tempDir);
        store = new JdbcTwinJournal(db.config(1000));
        return store;
    }

    @Override
    protected void closeStore() {
        store.deactivate();
        db.close();
    }
}
