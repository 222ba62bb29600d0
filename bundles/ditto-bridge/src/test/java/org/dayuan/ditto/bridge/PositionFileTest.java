package org.dayuan.ditto.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionFileTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansTheJournalsStart() throws IOException {
        assertEquals(0, new PositionFile(dir.resolve("a/b/position")).read());
    }

    @Test
    void writesAndReadsBackReplacingTheOldPositionWithoutATemporaryFileLeft() throws IOException {
        PositionFile f = new PositionFile(dir.resolve("bridge/position"));
        f.write(41);
        f.write(12345678901L);
        assertEquals(12345678901L, new PositionFile(dir.resolve("bridge/position")).read());
        assertFalse(Files.exists(dir.resolve("bridge/position.tmp")));
    }

    @Test
    void garbageIsRefusedNamingTheFile() throws IOException {
        Path p = dir.resolve("position");
        Files.writeString(p, "not a number");
        IOException e = assertThrows(IOException.class, () -> new PositionFile(p).read());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        Files.writeString(p, "-3");
        assertThrows(IOException.class, () -> new PositionFile(p).read());
    }
}
