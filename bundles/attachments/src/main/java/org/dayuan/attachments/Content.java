package org.dayuan.attachments;

import java.io.IOException;
import java.io.InputStream;

/** An attachment opened for reading: what it is, and its bytes, exactly as stored. Close it to free the database. */
public record Content(Attachment attachment, InputStream bytes) implements AutoCloseable {
    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
