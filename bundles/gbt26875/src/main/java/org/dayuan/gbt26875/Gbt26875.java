package org.dayuan.gbt26875;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoder and decoder of whole frames. Layout (offsets in the frame): 0 {@code @@}; 2 serial number (2, low byte
 * first); 4 protocol version (major, minor); 6 timestamp (second, minute, hour, day, month, year - 2000); 12 source
 * address (6, low first); 18 destination address (6, low first); 24 application data length (2, low first); 26
 * command (1); 27 application data; then the checksum (the sum mod 256 of the bytes from the serial number through the
 * application data) and {@code ##}.
 */
public final class Gbt26875 {
    /** The standard caps the application data unit at 1024 bytes. */
    public static final int MAX_DATA = 1024;
    /** Bytes from {@code @@} through the command. */
    public static final int HEADER = 27;
    /** A frame without application data: header, checksum, {@code ##}. */
    public static final int MIN_FRAME = HEADER + 3;
    public static final int MAX_FRAME = MIN_FRAME + MAX_DATA;
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;
    public static final Charset GB18030 = Charset.forName("GB18030");
    private static final byte START = '@';
    private static final byte END = '#';

    private Gbt26875() {
    }

    public static byte[] encode(Frame frame) {
        int length = frame.data() == null ? 0 : frame.data().size();
        ByteBuffer out = ByteBuffer.allocate(MIN_FRAME + length);
        out.put(START).put(START);
        putWord(out, frame.serial());
        out.put((byte) frame.versionMajor()).put((byte) frame.versionMinor());
        putTime(out, frame.time());
        putAddress(out, frame.source());
        putAddress(out, frame.destination());
        putWord(out, length);
        out.put((byte) frame.command().code());
        if (frame.data() != null) {
            putData(out, frame.data());
        }
        byte[] bytes = out.array();
        out.put((byte) checksum(bytes, 2, HEADER + length));
        out.put(END).put(END);
        return bytes;
    }

    /** The sum mod 256 of {@code bytes[from..to)}. */
    public static int checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** Decodes exactly one frame; refuses anything the standard does not allow with the first reason found. */
    public static Frame decode(byte[] bytes) throws FrameException {
        if (bytes.length < 2) {
            throw new FrameException(Reason.SHORT, bytes.length + " bytes", null);
        }
        if (bytes[0] != START || bytes[1] != START) {
            throw new FrameException(Reason.START, String.format("starts with %02x %02x, not 40 40", bytes[0], bytes[1]),
                    null);
        }
        if (bytes.length < HEADER) {
            throw new FrameException(Reason.SHORT, bytes.length + " bytes, a header has " + HEADER, null);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(2);
        int serial = word(in);
        int major = in.get() & 0xFF;
        int minor = in.get() & 0xFF;
        LocalDateTime time = timeOrNull(in);
        Address source = address(in);
        Address destination = address(in);
        int length = word(in);
        int commandCode = in.get() & 0xFF;
        Header header = new Header(serial, major, minor, time, source, destination, length, commandCode);
        if (length > MAX_DATA) {
            throw new FrameException(Reason.TOO_LARGE, length + " bytes of application data, at most " + MAX_DATA,
                    header);
        }
        if (bytes.length != MIN_FRAME + length) {
            throw new FrameException(Reason.LENGTH, "declares " + length + " bytes of application data, so "
                    + (MIN_FRAME + length) + " bytes of frame, but has " + bytes.length, header);
        }
        if (bytes[bytes.length - 2] != END || bytes[bytes.length - 1] != END) {
            throw new FrameException(Reason.END, String.format("ends with %02x %02x, not 23 23",
                    bytes[bytes.length - 2], bytes[bytes.length - 1]), header);
        }
        int expected = checksum(bytes, 2, HEADER + length);
        int actual = bytes[HEADER + length] & 0xFF;
        if (expected != actual) {
            throw new FrameException(Reason.CHECKSUM, String.format("checksum %02x, the bytes sum to %02x", actual,
                    expected), header);
        }
        Command command = Command.of(commandCode);
        if (command == null) {
            throw new FrameException(Reason.COMMAND, "command " + commandCode + " is not 1-6", header);
        }
        if (time == null) {
            throw new FrameException(Reason.TIME, "the frame's timestamp is no date", header);
        }
        DataUnit data = length == 0 ? null : data(in, length, header);
        return new Frame(serial, major, minor, time, source, destination, command, data);
    }

    private static DataUnit data(ByteBuffer in, int length, Header header) throws FrameException {
        if (length < 2) {
            throw new FrameException(Reason.TRUNCATED, "application data of " + length
                    + " byte has no type and count", header);
        }
        int type = in.get() & 0xFF;
        int count = in.get() & 0xFF;
        int size = DataUnit.objects(type);
        if (size < 0) {
            throw new FrameException(Reason.TYPE, "type flag " + type + " is not 1, 2, 3, 4 or 8", header);
        }
        if (count == 0) {
            throw new FrameException(Reason.COUNT, "a data unit of type " + type + " with no object", header);
        }
        int needed = 2 + count * size;
        if (length < needed) {
            throw new FrameException(Reason.TRUNCATED, count + " objects of type " + type + " need " + needed
                    + " bytes, the application data has " + length, header);
        }
        if (length > needed) {
            throw new FrameException(Reason.TRAILING, (length - needed) + " bytes after " + count
                    + " objects of type " + type, header);
        }
        List<InfoObject> objects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            objects.add(object(in, type, i, header));
        }
        return new DataUnit(type, objects);
    }

    private static InfoObject object(ByteBuffer in, int type, int index, Header header) throws FrameException {
        int systemType = in.get() & 0xFF;
        int systemAddress = in.get() & 0xFF;
        return switch (type) {
            case SystemStatus.TYPE -> {
                int status = word(in);
                yield new SystemStatus(systemType, systemAddress, status, time(in, index, header));
            }
            case ComponentStatus.TYPE -> {
                int componentType = in.get() & 0xFF;
                long componentAddress = in.getInt() & 0xFFFF_FFFFL;
                int status = word(in);
                byte[] text = new byte[ComponentStatus.DESCRIPTION_BYTES];
                in.get(text);
                yield new ComponentStatus(systemType, systemAddress, componentType, componentAddress, status,
                        description(text), time(in, index, header));
            }
            case AnalogValue.TYPE -> {
                int componentType = in.get() & 0xFF;
                long componentAddress = in.getInt() & 0xFFFF_FFFFL;
                int analogType = in.get() & 0xFF;
                int value = in.getShort();
                yield new AnalogValue(systemType, systemAddress, componentType, componentAddress, analogType, value,
                        time(in, index, header));
            }
            case OperationInfo.TYPE -> {
                int flags = in.get() & 0xFF;
                int operator = in.get() & 0xFF;
                yield new OperationInfo(systemType, systemAddress, flags, operator, time(in, index, header));
            }
            case SystemTime.TYPE -> new SystemTime(systemType, systemAddress, time(in, index, header));
            default -> throw new IllegalStateException("type " + type + " was checked before");
        };
    }

    private static LocalDateTime time(ByteBuffer in, int index, Header header) throws FrameException {
        LocalDateTime t = timeOrNull(in);
        if (t == null) {
            throw new FrameException(Reason.TIME, "object " + (index + 1) + " has a timestamp that is no date",
                    header);
        }
        return t;
    }

    private static LocalDateTime timeOrNull(ByteBuffer in) {
        int s = in.get() & 0xFF;
        int m = in.get() & 0xFF;
        int h = in.get() & 0xFF;
        int d = in.get() & 0xFF;
        int mo = in.get() & 0xFF;
        int y = in.get() & 0xFF;
        if (y > 99) {
            return null;
        }
        try {
            return LocalDateTime.of(2000 + y, mo, d, h, m, s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** GB 18030 text up to the first zero byte; undecodable bytes become U+FFFD rather than refusing the event. */
    private static String description(byte[] text) {
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, GB18030).trim();
    }

    private static byte[] descriptionBytes(String text) {
        CharsetEncoder encoder = GB18030.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer out = ByteBuffer.allocate(ComponentStatus.DESCRIPTION_BYTES);
        // An encoder stops before a character that would not fit whole, so a long text is cut on a character boundary.
        encoder.encode(CharBuffer.wrap(text), out, true);
        return out.array();
    }

    private static void putData(ByteBuffer out, DataUnit data) {
        out.put((byte) data.type()).put((byte) data.objects().size());
        for (InfoObject o : data.objects()) {
            out.put((byte) o.systemType()).put((byte) o.systemAddress());
            if (o instanceof SystemStatus s) {
                putWord(out, s.status());
            } else if (o instanceof ComponentStatus c) {
                out.put((byte) c.componentType());
                putInt(out, c.componentAddress());
                putWord(out, c.status());
                out.put(descriptionBytes(c.description()));
            } else if (o instanceof AnalogValue a) {
                out.put((byte) a.componentType());
                putInt(out, a.componentAddress());
                out.put((byte) a.analogType());
                putWord(out, a.value() & 0xFFFF);
            } else if (o instanceof OperationInfo op) {
                out.put((byte) op.flags()).put((byte) op.operator());
            }
            putTime(out, o.time());
        }
    }

    private static int word(ByteBuffer in) {
        return (in.get() & 0xFF) | (in.get() & 0xFF) << 8;
    }

    private static Address address(ByteBuffer in) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v |= (long) (in.get() & 0xFF) << (8 * i);
        }
        return new Address(v);
    }

    private static void putWord(ByteBuffer out, int v) {
        out.put((byte) v).put((byte) (v >>> 8));
    }

    private static void putInt(ByteBuffer out, long v) {
        for (int i = 0; i < 4; i++) {
            out.put((byte) (v >>> (8 * i)));
        }
    }

    private static void putAddress(ByteBuffer out, Address a) {
        for (int i = 0; i < 6; i++) {
            out.put((byte) (a.value() >>> (8 * i)));
        }
    }

    private static void putTime(ByteBuffer out, LocalDateTime t) {
        out.put((byte) t.getSecond()).put((byte) t.getMinute()).put((byte) t.getHour())
                .put((byte) t.getDayOfMonth()).put((byte) t.getMonthValue()).put((byte) (t.getYear() - 2000));
    }
}
