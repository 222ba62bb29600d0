package org.dayuan.ditto.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The bridge's durable position in one small file: written to a temporary file, forced to disk, then renamed over
 * the old one, so after a crash the file holds either the old or the new position, never half of one. A position
 * only ever names events the upstream acknowledged, so an older one after a crash means repeats, never a loss.
 */
public final class PositionFile {
    private final Path file;

    public PositionFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The stored position, 0 (the journal's start) when there is none yet. */
    public long read() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            long seq = Long.parseLong(text);
            if (seq < 0) {
                throw new NumberFormatException("negative");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new IOException("The bridge position file " + file + " does not hold a journal position but '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'; remove it to resynchronise"
                    + " every twin.", e);
        }
    }

    public void write(long seq) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // the rename itself is durable only once the directory is
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a directory; the rename is then as durable as they make it
        }
    }
}
