package org.dayuan.gbt26875;

/** Why a frame was refused; {@link #code()} is the stable name used in logs, counters and the API. */
public enum Reason {
    /** Fewer bytes than the smallest frame (30), or the stream ended inside a frame. */
    SHORT("frame.short"),
    /** The first two bytes are not {@code @@}. */
    START("frame.start"),
    /** The two bytes after the checksum are not {@code ##}. */
    END("frame.end"),
    /** The application data length field disagrees with the frame's size. */
    LENGTH("frame.length"),
    /** The application data length exceeds the standard's maximum of 1024 bytes. */
    TOO_LARGE("frame.too-large"),
    /** The checksum byte is not the sum (mod 256) of the bytes from the serial number through the application data. */
    CHECKSUM("frame.checksum"),
    /** The command byte is not one of 1-6. */
    COMMAND("frame.command"),
    /** A timestamp (frame or object) is not a calendar date and time. */
    TIME("frame.time"),
    /** The type flag of the data unit is not one this codec reads (1, 2, 3, 4, 8). */
    TYPE("data.type"),
    /** The data unit declares no objects. */
    COUNT("data.count"),
    /** The application data ends inside an object. */
    TRUNCATED("data.truncated"),
    /** Bytes are left after the declared objects. */
    TRAILING("data.trailing");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
