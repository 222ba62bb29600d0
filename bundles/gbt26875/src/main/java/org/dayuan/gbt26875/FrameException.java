package org.dayuan.gbt26875;

import java.util.Optional;

/**
 * A refused frame. {@link #header()} is present when the fixed header could be read (start, length, end and checksum
 * all right or at least the header complete), which is what a receiver needs to answer with a deny; a frame without
 * it is too broken to answer.
 */
public class FrameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final transient Header header;

    public FrameException(Reason reason, String detail, Header header) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
        this.header = header;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Header> header() {
        return Optional.ofNullable(header);
    }
}
