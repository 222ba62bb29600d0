package org.dayuan.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreConfigTest {

    private static void assertInvalid(String key, Runnable open) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, open::run);
        assertTrue(e.getMessage().contains(StoreConfig.PID) && e.getMessage().contains("'" + key + "'"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, JdbcTwinJournal.MAX_BATCH_LIMIT + 1})
    void maxBatchOutOfRangeIsRejectedNamingPidAndKey(int maxBatch) {
        assertInvalid("maxBatch", () -> new JdbcTwinJournal(TestConfig.of("", "", "", maxBatch)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void negativeRetentionIsRejectedNamingPidAndKey(int days) {
        assertInvalid("retentionDays", () -> new JdbcTwinJournal(TestConfig.of("", "", "", 1000, days, 60)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, JdbcTwinJournal.MAX_CHECK_MINUTES + 1})
    void retentionCheckOutOfRangeIsRejectedNamingPidAndKey(int minutes) {
        assertInvalid("retentionCheckMinutes",
                () -> new JdbcTwinJournal(TestConfig.of("", "", "", 1000, 30, minutes)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, StoreDataSource.MAX_POOL_SIZE + 1})
    void poolSizeOutOfRangeIsRejectedNamingPidAndKey(int size) {
        assertInvalid("poolSize", () -> new JdbcTwinJournal(TestConfig.of("", "", "", 1000, 0, 60, 180, 0, size)));
    }

    @Test
    void aDriverThatIsNotInstalledNamesTheFeatureThatInstallsIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcTarget.driver("org.example.NoSuchDriver", "postgresql", JdbcTarget.POSTGRESQL_FEATURE));
        assertTrue(e.getMessage().contains("'url'") && e.getMessage().contains("feature:install "
                + JdbcTarget.POSTGRESQL_FEATURE), e.getMessage());
    }

    @Test
    void urlOfAnotherDatabaseIsRejected() {
        assertInvalid("url", () -> JdbcTarget.of("jdbc:mysql://db:3306/dayuan", "", ""));
    }

    @Test
    void h2WriteDelayThatLosesCommitsIsRejected() {
        assertInvalid("url", () -> JdbcTarget.of("jdbc:h2:file:/tmp/x;WRITE_DELAY=500", "", ""));
    }

    @Test
    void h2CommitsAreWrittenSynchronously() {
        assertEquals("jdbc:h2:file:/tmp/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                JdbcTarget.of("jdbc:h2:file:/tmp/x", "", "").url());
        assertEquals("jdbc:h2:file:/tmp/x;write_delay=0;DB_CLOSE_ON_EXIT=FALSE",
                JdbcTarget.of("jdbc:h2:file:/tmp/x;write_delay=0", "", "").url());
    }

    @Test
    void postgresBatchesAreRewrittenUnlessConfiguredOtherwise() {
        assertEquals("jdbc:postgresql://db/dayuan?reWriteBatchedInserts=true",
                JdbcTarget.of("jdbc:postgresql://db/dayuan", "", "").url());
        assertEquals("jdbc:postgresql://db/dayuan?ssl=true&reWriteBatchedInserts=true",
                JdbcTarget.of("jdbc:postgresql://db/dayuan?ssl=true", "", "").url());
        assertEquals("jdbc:postgresql://db/dayuan?reWriteBatchedInserts=false",
                JdbcTarget.of("jdbc:postgresql://db/dayuan?reWriteBatchedInserts=false", "", "").url());
    }

    @Test
    void descriptionLeavesOutUrlParameters() {
        assertEquals("postgresql //db:5432/dayuan",
                JdbcTarget.of("jdbc:postgresql://db:5432/dayuan?user=u&password=secret", "u", "p").toString());
        assertEquals("h2 file:/tmp/x", JdbcTarget.of("jdbc:h2:file:/tmp/x;PASSWORD=secret", "", "").toString());
    }

    @Test
    void emptyUrlMeansTheH2FileUnderKarafData() {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            assertEquals("h2 file:" + Path.of("/opt/karaf/data/dayuan/twins"), JdbcTarget.of(" ", "", "").toString());
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
