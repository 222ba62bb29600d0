package org.dayuan.attachments.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.dayuan.attachments.AttachmentErrors;

/**
 * An upload as the database reads it: the head already looked at, then the rest of the request, counted and
 * digested on the way, and cut off one byte past the limit, so a file too large is never read (nor buffered) further.
 * The driver may wrap what a stream throws; the store asks this stream afterwards what went wrong.
 */
final class CappedDigest extends InputStream {
    private final byte[] head;
    private final InputStream rest;
    private final long limit;
    private final MessageDigest sha256;
    private int headAt;
    private long count;
    private boolean exceeded;
    private IOException readFailure;

    CappedDigest(byte[] head, InputStream rest, long limit) {
        this.head = head;
        this.rest = rest;
        this.limit = limit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (exceeded) {
            throw new IOException("past the limit");
        }
        int n;
        if (headAt < head.length) {
            n = Math.min(len, head.length - headAt);
            System.arraycopy(head, headAt, b, off, n);
            headAt += n;
        } else {
            // Never ask for more than one byte past the limit.
            int ask = (int) Math.min(len, limit + 1 - count);
            try {
                n = rest.read(b, off, ask);
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
            if (n < 0) {
                return -1;
            }
        }
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new IOException("The file is larger than " + limit + " bytes.");
        }
        sha256.update(b, off, n);
        return n;
    }

    long count() {
        return count;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** 413 when the file went past the limit. */
    void requireWithinLimit() {
        if (exceeded) {
            throw AttachmentErrors.TOO_LARGE.exception("The file is larger than the limit of " + limit + " bytes.");
        }
    }

    /** The failure reading the upload itself (the client went away), if there was one. */
    void rethrowReadFailure() {
        if (readFailure != null) {
            throw new UncheckedIOException("The upload could not be read to its end", readFailure);
        }
    }
}
