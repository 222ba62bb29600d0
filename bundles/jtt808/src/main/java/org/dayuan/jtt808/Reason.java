package org.dayuan.jtt808;

/**
 * Why a frame, a body or a sub-packet was refused; {@link #code()} is the stable name used in logs, counters and the
 * API.
 */
public enum Reason {
    /** Fewer bytes than the smallest frame, or a frame cut off. */
    SHORT("frame.short"),
    /** The frame does not start and end with {@code 0x7E}, or has one inside, or bytes stand outside any frame. */
    DELIMITER("frame.delimiter"),
    /** A {@code 0x7D} not followed by {@code 0x01} or {@code 0x02}. */
    ESCAPE("frame.escape"),
    /** The check code is not the XOR of the header and body. */
    CHECK("frame.check"),
    /** More bytes than the receiver accepts in one frame (or one reassembled message). */
    TOO_LARGE("frame.too-large"),
    /** The body length in the attributes disagrees with the bytes after the header. */
    LENGTH("frame.length"),
    /** The terminal phone number is not binary-coded decimal. */
    PHONE("header.phone"),
    /** The sub-packet fields are impossible (total or index 0, index above total). */
    PACKET("header.packet"),
    /** The message id is not one this codec reads. */
    UNSUPPORTED("body.unsupported"),
    /** The body ends inside a field. */
    TRUNCATED("body.truncated"),
    /** Bytes are left after the fields of the body. */
    TRAILING("body.trailing"),
    /** A field holds a value the standard does not allow (a BCD time that is no date, an item of the wrong length). */
    VALUE("body.value"),
    /** A sub-packet disagrees with the pieces already received of its message (total, content). */
    PIECE_MISMATCH("packet.mismatch"),
    /** A message announced in more sub-packets or bytes than the receiver accepts. */
    PIECE_LIMIT("packet.limit");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
