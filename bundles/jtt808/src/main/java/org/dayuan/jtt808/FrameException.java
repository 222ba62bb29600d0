package org.dayuan.jtt808;

import java.util.Optional;

/**
 * A refused frame or body. {@link #header()} is present when the frame itself was sound (delimiters, escapes and check
 * code right) and its header could be read: the receiver can then answer the terminal (the body is malformed, or the
 * message unsupported). Without it the frame is too broken to answer, since nothing in it can be trusted.
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

    public FrameException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Header> header() {
        return Optional.ofNullable(header);
    }
}
