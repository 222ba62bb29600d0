package org.dayuan.attachments.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** On an embedded H2 file, with the settings the journal's URL gets. */
class H2AttachmentStoreTest extends AttachmentStoreContract {
    @TempDir
    Path dir;

    H2AttachmentStoreTest() throws Exception {
    }

    @Override
    DataSource database() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("twins").toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        return ds;
    }
}
