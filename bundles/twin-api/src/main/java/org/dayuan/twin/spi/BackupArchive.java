package org.dayuan.twin.spi;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Dayuan's backup file: a zip with one NDJSON entry per table ({@code <part>/<table>.ndjson}: a header naming the
 * columns and their kinds, then one JSON array per row) and {@code manifest.json}, written last, naming the format,
 * the database it came from, and per part its schema version, row counts and notes (the journal's head seq). The
 * values are logical (numbers, text, ISO timestamps, base64 bytes), so a backup of H2 loads into PostgreSQL and back.
 * A file cut short lacks the manifest, or a table's rows fall short of its count, and is refused.
 */
public final class BackupArchive {
    public static final String FORMAT = "dayuan-backup";
    public static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    private static final int BATCH = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    /** The logical kinds a column's values are kept as. */
    enum Kind { LONG, BOOLEAN, TIMESTAMP, BYTES, STRING }

    /** What one part of an archive holds: its schema version, rows per table, and notes such as the head seq. */
    public record Part(int schemaVersion, Map<String, Long> tables, Map<String, String> notes) {
        public Part {
            tables = Map.copyOf(tables);
            notes = Map.copyOf(notes);
        }
    }

    /** The manifest: when, from which database, and the parts. */
    public record Manifest(Instant created, String database, Map<String, Part> parts) {
        public Manifest {
            parts = Map.copyOf(parts);
        }

        /** A note of a part as a number, e.g. the journal's {@code headSeq}; -1 when absent. */
        public long longNote(String part, String key) {
            Part p = parts.get(part);
            String value = p == null ? null : p.notes().get(key);
            return value == null ? -1 : Long.parseLong(value);
        }
    }

    private BackupArchive() {
    }

    /**
     * Where a restore at start looks for a backup: {@code ${karaf.data}/dayuan/restore.zip}. Each part's owner loads
     * its part from there into its empty tables when it activates, and records that it did beside the file
     * ({@link #markRestored}), so later starts leave the file alone.
     */
    public static Path restoreFile() {
        return Path.of(System.getProperty("karaf.data", "data"), "dayuan", "restore.zip").toAbsolutePath();
    }

    /** The marker a part writes beside {@code archive} once its rows are committed. */
    public static Path restoredMarker(Path archive, String part) {
        return archive.resolveSibling(archive.getFileName() + "." + part + ".restored");
    }

    public static void markRestored(Path archive, String part, Manifest manifest) throws IOException {
        Files.writeString(restoredMarker(archive, part), "Restored part " + part + " of the backup made "
                + manifest.created() + " on " + manifest.database() + ", at " + Instant.now() + "\n");
    }

    /**
     * Writes every part, all read in one read-only transaction that sees the database at one instant: REPEATABLE
     * READ on PostgreSQL (one snapshot for the whole transaction from its first statement), SNAPSHOT on H2 (its
     * REPEATABLE READ fixes each table when the transaction first reads it, so two tables could disagree). Writers
     * are not blocked. {@code out} is left open.
     */
    public static Manifest write(DataSource db, Collection<StoreBackup> parts, OutputStream out)
            throws SQLException, IOException {
        List<StoreBackup> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparing(StoreBackup::part));
        Set<String> names = new HashSet<>();
        for (StoreBackup p : ordered) {
            if (!p.part().matches("[a-z][a-z0-9-]*") || !names.add(p.part())) {
                throw new IllegalArgumentException("Backup part name '" + p.part() + "' is not a unique lower-case"
                        + " name");
            }
        }
        try (Connection c = db.getConnection()) {
            String database = c.getMetaData().getDatabaseProductName();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(isH2(database) ? H2_SNAPSHOT : Connection.TRANSACTION_REPEATABLE_READ);
            try {
                // Opens the snapshot before anything is written: PostgreSQL takes it at the first statement.
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                Instant created = Instant.now();
                ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                Map<String, Part> written = new LinkedHashMap<>();
                for (StoreBackup p : ordered) {
                    Writer w = new Writer(zip, c, p.part());
                    int version = p.schemaVersion(c);
                    p.backup(c, w);
                    written.put(p.part(), new Part(version, w.tables, w.notes));
                }
                Manifest manifest = new Manifest(created, database, written);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(manifest)));
                zip.closeEntry();
                zip.close();
                return manifest;
            } finally {
                c.rollback();
            }
        }
    }

    /** H2's JDBC level for SNAPSHOT (org.h2.engine.Constants.TRANSACTION_SNAPSHOT), beyond java.sql's levels. */
    static final int H2_SNAPSHOT = 6;

    static boolean isH2(String databaseProduct) {
        return databaseProduct.toLowerCase(Locale.ROOT).contains("h2");
    }

    /** Writes the tables of one part into the archive. */
    public static final class Writer {
        private final ZipOutputStream zip;
        private final Connection c;
        private final String part;
        final Map<String, Long> tables = new LinkedHashMap<>();
        final Map<String, String> notes = new LinkedHashMap<>();

        Writer(ZipOutputStream zip, Connection c, String part) {
            this.zip = zip;
            this.c = c;
            this.part = part;
        }

        /**
         * Copies every row of {@code table}, ordered by {@code orderBy} (its key, so an archive of the same state is
         * the same bytes), streamed a fetch at a time.
         */
        public void table(String table, String orderBy) throws SQLException, IOException {
            if (tables.containsKey(table)) {
                throw new IllegalArgumentException("Table " + table + " is already in part " + part);
            }
            zip.putNextEntry(new ZipEntry(part + "/" + table + ".ndjson"));
            long rows = 0;
            JsonGenerator gen = JSON.createGenerator(zip);
            gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            gen.setRootValueSeparator(null);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(BATCH);
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int n = meta.getColumnCount();
                    Kind[] kinds = new Kind[n];
                    gen.writeStartObject();
                    gen.writeStringField("table", table);
                    gen.writeArrayFieldStart("columns");
                    for (int i = 0; i < n; i++) {
                        kinds[i] = kind(meta.getColumnType(i + 1));
                        gen.writeStartArray();
                        gen.writeString(meta.getColumnName(i + 1).toLowerCase(Locale.ROOT));
                        gen.writeString(kinds[i].name().toLowerCase(Locale.ROOT));
                        gen.writeEndArray();
                    }
                    gen.writeEndArray();
                    gen.writeEndObject();
                    gen.writeRaw('\n');
                    while (rs.next()) {
                        gen.writeStartArray();
                        for (int i = 0; i < n; i++) {
                            writeValue(gen, rs, i + 1, kinds[i]);
                        }
                        gen.writeEndArray();
                        gen.writeRaw('\n');
                        rows++;
                    }
                }
            }
            gen.flush();
            zip.closeEntry();
            tables.put(table, rows);
        }

        /** A fact for the manifest, such as the head seq this part was read at. */
        public void note(String key, String value) {
            notes.put(key, value);
        }
    }

    static Kind kind(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.LONG;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.TIMESTAMP;
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> Kind.BYTES;
            default -> Kind.STRING;
        };
    }

    private static void writeValue(JsonGenerator gen, ResultSet rs, int i, Kind kind)
            throws SQLException, IOException {
        switch (kind) {
            case LONG -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(v);
                }
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    gen.writeNull();
                } else {
                    gen.writeBoolean(v);
                }
            }
            case TIMESTAMP -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                if (v == null) {
                    gen.writeNull();
                } else {
                    gen.writeString(v.toString());
                }
            }
            case BYTES -> {
                try (InputStream in = rs.getBinaryStream(i)) {
                    if (in == null) {
                        gen.writeNull();
                    } else {
                        gen.writeBinary(in, -1);
                    }
                }
            }
            case STRING -> gen.writeString(rs.getString(i));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** Opens a backup file, checking it is complete and of a format this version reads. */
    public static Reader open(Path file) throws IOException {
        return new Reader(file);
    }

    /** Reads one backup file; the owners of the parts load their tables from it. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final ZipFile zip;
        private final Manifest manifest;

        Reader(Path file) throws IOException {
            this.file = file;
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw new IOException(file + " is not a Dayuan backup (not a zip file: " + e.getMessage() + ")", e);
            }
            try {
                manifest = readManifest();
            } catch (IOException | RuntimeException e) {
                zip.close();
                throw e;
            }
        }

        private Manifest readManifest() throws IOException {
            ZipEntry entry = zip.getEntry(MANIFEST);
            if (entry == null) {
                throw new IOException(file + " is not a complete Dayuan backup: it has no " + MANIFEST + ", which is"
                        + " written last, so the backup was cut short or this is another kind of zip.");
            }
            JsonNode json;
            try (InputStream in = zip.getInputStream(entry)) {
                json = MAPPER.readTree(in);
            }
            if (!FORMAT.equals(json.path("format").asText())) {
                throw new IOException(file + " is not a Dayuan backup: its manifest has format '"
                        + json.path("format").asText() + "', not '" + FORMAT + "'.");
            }
            int version = json.path("formatVersion").asInt(-1);
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IOException(file + " is a Dayuan backup of format version " + version + ", which this"
                        + " version does not read (it reads up to " + FORMAT_VERSION + "): restore it with the"
                        + " Dayuan that wrote it or a later one.");
            }
            try {
                Map<String, Part> parts = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> p : json.path("parts").properties()) {
                    Map<String, Long> tables = new LinkedHashMap<>();
                    p.getValue().path("tables").properties().forEach(t -> tables.put(t.getKey(), t.getValue().asLong()));
                    Map<String, String> notes = new LinkedHashMap<>();
                    p.getValue().path("notes").properties().forEach(t -> notes.put(t.getKey(), t.getValue().asText()));
                    parts.put(p.getKey(), new Part(p.getValue().path("schemaVersion").asInt(), tables, notes));
                }
                return new Manifest(Instant.parse(json.path("created").asText()),
                        json.path("database").asText(), parts);
            } catch (DateTimeParseException e) {
                throw new IOException(file + " has a damaged manifest: " + e.getMessage(), e);
            }
        }

        public Path file() {
            return file;
        }

        public Manifest manifest() {
            return manifest;
        }

        public Optional<Part> part(String name) {
            return Optional.ofNullable(manifest.parts().get(name));
        }

        /**
         * Inserts every row of {@code table} of {@code part} on {@code c}, in batches, within the caller's
         * transaction; the columns are the archive's, so a part whose tables gained columns since (with defaults or
         * NULL) still loads. Returns the rows loaded, which must be what the manifest counted.
         */
        public long restore(Connection c, String part, String table) throws SQLException, IOException {
            Part p = manifest.parts().get(part);
            Long expected = p == null ? null : p.tables().get(table);
            ZipEntry entry = zip.getEntry(part + "/" + table + ".ndjson");
            if (expected == null || entry == null) {
                throw new IOException(file + " holds no table " + table + " of part " + part + ".");
            }
            long rows = 0;
            try (InputStream in = zip.getInputStream(entry); JsonParser parser = JSON.createParser(in)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw damaged(table, "no header");
                }
                JsonNode header = MAPPER.readTree(parser);
                List<String> names = new ArrayList<>();
                List<Kind> kinds = new ArrayList<>();
                for (JsonNode column : header.path("columns")) {
                    String name = column.path(0).asText();
                    if (!name.matches("[a-z_][a-z0-9_]*")) {
                        throw damaged(table, "a column named '" + name + "'");
                    }
                    names.add(name);
                    try {
                        kinds.add(Kind.valueOf(column.path(1).asText().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw damaged(table, "a column of unknown kind '" + column.path(1).asText() + "'");
                    }
                }
                if (names.isEmpty()) {
                    throw damaged(table, "no columns");
                }
                String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    int pending = 0;
                    JsonToken token;
                    while ((token = parser.nextToken()) != null) {
                        if (token != JsonToken.START_ARRAY) {
                            throw damaged(table, "a row that is not an array after row " + rows);
                        }
                        for (int i = 0; i < names.size(); i++) {
                            bind(insert, i + 1, kinds.get(i), parser);
                        }
                        if (parser.nextToken() != JsonToken.END_ARRAY) {
                            throw damaged(table, "row " + (rows + 1) + " with more values than columns");
                        }
                        insert.addBatch();
                        rows++;
                        if (++pending == BATCH) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        insert.executeBatch();
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | DateTimeParseException e) {
                throw damaged(table, e.getMessage());
            }
            if (rows != expected) {
                throw damaged(table, rows + " rows where the manifest counts " + expected);
            }
            return rows;
        }

        private static void bind(PreparedStatement ps, int index, Kind kind, JsonParser parser)
                throws SQLException, IOException {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                ps.setObject(index, null);
                return;
            }
            switch (kind) {
                case LONG -> ps.setLong(index, parser.getLongValue());
                case BOOLEAN -> ps.setBoolean(index, parser.getBooleanValue());
                case TIMESTAMP -> ps.setObject(index, OffsetDateTime.parse(parser.getText()));
                case BYTES -> ps.setBytes(index, parser.getBinaryValue());
                case STRING -> ps.setString(index, parser.getText());
                default -> throw new IllegalStateException(kind.name());
            }
        }

        private IOException damaged(String table, String what) {
            return new IOException(file + " is damaged: table " + table + " has " + what + ".");
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    private static ObjectNode toJson(Manifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("created", m.created().toString());
        root.put("database", m.database());
        ObjectNode parts = root.putObject("parts");
        m.parts().forEach((name, p) -> {
            ObjectNode part = parts.putObject(name);
            part.put("schemaVersion", p.schemaVersion());
            ObjectNode tables = part.putObject("tables");
            p.tables().forEach(tables::put);
            ObjectNode notes = part.putObject("notes");
            p.notes().forEach(notes::put);
        });
        return root;
    }
}
