package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/**
 * A whole frame. {@code data} is null for a frame without application data (a confirm or deny usually). The version is
 * the protocol version bytes as sent (major first); the standard's own is 1.0, see {@link Gbt26875#VERSION_MAJOR}.
 */
public record Frame(int serial, int versionMajor, int versionMinor, LocalDateTime time, Address source,
                    Address destination, Command command, DataUnit data) {
    public Frame {
        Fields.checkWord("serial", serial);
        Fields.checkByte("versionMajor", versionMajor);
        Fields.checkByte("versionMinor", versionMinor);
        Fields.checkTime(time);
        if (source == null || destination == null || command == null) {
            throw new IllegalArgumentException("source, destination and command are required");
        }
    }

    public static Frame sendData(int serial, LocalDateTime time, Address source, Address destination, DataUnit data) {
        return new Frame(serial, Gbt26875.VERSION_MAJOR, Gbt26875.VERSION_MINOR, time, source, destination,
                Command.SEND_DATA, data);
    }

    /**
     * The answer to a received frame: same serial number (the standard pairs them by it), addresses swapped, no data.
     */
    public static Frame answer(Header received, Command command, LocalDateTime time) {
        return new Frame(received.serial(), received.versionMajor(), received.versionMinor(), time,
                received.destination(), received.source(), command, null);
    }
}
