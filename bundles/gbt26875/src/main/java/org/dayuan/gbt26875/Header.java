package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/**
 * The fixed part of a frame after {@code @@}: serial number (业务流水号), protocol version (major, minor), the
 * sender's timestamp (local time of the device, no zone), source and destination addresses, the declared length of the
 * application data and the raw command byte (kept raw so that a frame with an unknown command can still be denied).
 */
public record Header(int serial, int versionMajor, int versionMinor, LocalDateTime time, Address source,
                     Address destination, int dataLength, int commandCode) {
}
