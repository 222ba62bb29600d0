package org.dayuan.twin.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restore refuses to read before it touches a database: files that are not whole backups of a known format. */
class BackupArchiveTest {
    @TempDir
    Path dir;

    private Path zip(Map<String, String> entries) throws IOException {
        Path file = dir.resolve("b.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String refusal(Path file) {
        return assertThrows(IOException.class, () -> BackupArchive.open(file).close()).getMessage();
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("b.zip"), "not a zip");

        assertTrue(refusal(file).contains("is not a Dayuan backup (not a zip file"), refusal(file));
    }

    @Test
    void aZipWithoutManifestIsRefusedAsCutShort() throws IOException {
        Path file = zip(Map.of("journal/dayuan_event.ndjson", "{}"));

        assertTrue(refusal(file).contains("has no manifest.json") && refusal(file).contains("cut short"),
                refusal(file));
    }

    @Test
    void anotherFormatOrANewerFormatVersionIsRefused() throws IOException {
        assertTrue(refusal(zip(Map.of("manifest.json", "{\"format\":\"other\",\"formatVersion\":1}")))
                .contains("has format 'other'"));
        String newer = refusal(zip(Map.of("manifest.json",
                "{\"format\":\"dayuan-backup\",\"formatVersion\":2,\"created\":\"2026-12-07T00:00:00Z\"}")));
        assertTrue(newer.contains("format version 2") && newer.contains("reads up to 1"), newer);
    }

    @Test
    void aWholeManifestIsRead() throws IOException {
        Path file = zip(Map.of("manifest.json", "{\"format\":\"dayuan-backup\",\"formatVersion\":1,"
                + "\"created\":\"2026-12-07T00:00:00Z\",\"database\":\"H2\",\"parts\":{\"journal\":{\"schemaVersion\":6,"
                + "\"tables\":{\"dayuan_event\":3},\"notes\":{\"headSeq\":\"3\"}}}}"));

        try (BackupArchive.Reader r = BackupArchive.open(file)) {
            assertEquals(3, r.manifest().longNote("journal", "headSeq"));
            assertEquals(6, r.part("journal").orElseThrow().schemaVersion());
            assertEquals(Map.of("dayuan_event", 3L), r.part("journal").orElseThrow().tables());
        }
    }

    @Test
    void columnTypesOfBothDatabasesMapToTheSameKinds() {
        // PostgreSQL reports boolean as BIT and timestamptz as TIMESTAMP; H2 as BOOLEAN and TIMESTAMP_WITH_TIMEZONE.
        assertEquals(BackupArchive.Kind.BOOLEAN, BackupArchive.kind(Types.BIT));
        assertEquals(BackupArchive.Kind.BOOLEAN, BackupArchive.kind(Types.BOOLEAN));
        assertEquals(BackupArchive.Kind.TIMESTAMP, BackupArchive.kind(Types.TIMESTAMP));
        assertEquals(BackupArchive.Kind.TIMESTAMP, BackupArchive.kind(Types.TIMESTAMP_WITH_TIMEZONE));
        assertEquals(BackupArchive.Kind.BYTES, BackupArchive.kind(Types.BLOB));
        assertEquals(BackupArchive.Kind.BYTES, BackupArchive.kind(Types.BINARY));
        assertEquals(BackupArchive.Kind.LONG, BackupArchive.kind(Types.INTEGER));
        assertEquals(BackupArchive.Kind.STRING, BackupArchive.kind(Types.VARCHAR));
    }
}
