package org.dayuan.jtt808;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDateTime;

/** Checks and wire forms shared by the records and the codec. */
final class Fields {
    static final Charset GBK = Charset.forName("GBK");

    private Fields() {
    }

    static void checkByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " is one byte (0-255): " + value);
        }
    }

    static void checkWord(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " is two bytes (0-65535): " + value);
        }
    }

    static void checkDword(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " is four bytes (0-4294967295): " + value);
        }
    }

    static String require(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** GBK bytes of a text; a character GBK lacks is refused, since it would reach the terminal as garbage. */
    static byte[] gbk(String name, String text) {
        CharsetEncoder encoder = GBK.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = encoder.encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(name + " has a character GBK cannot carry: " + text);
        }
    }

    /** A fixed-width text field: GBK, padded with 0x00 on the right as the standard asks. */
    static byte[] fixed(String name, String text, int width) {
        byte[] b = gbk(name, text);
        if (b.length > width) {
            throw new IllegalArgumentException(name + " is at most " + width + " bytes: " + text);
        }
        byte[] out = new byte[width];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** A fixed-width text field read back: up to the first 0x00; undecodable bytes become U+FFFD. */
    static String unfixed(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, GBK);
    }

    static LocalDateTime bcdTime(byte[] b) {
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            int hi = (b[i] >> 4) & 0x0F;
            int lo = b[i] & 0x0F;
            if (hi > 9 || lo > 9) {
                return null;
            }
            v[i] = hi * 10 + lo;
        }
        try {
            return LocalDateTime.of(2000 + v[0], v[1], v[2], v[3], v[4], v[5]);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static byte[] bcdTime(LocalDateTime t) {
        int[] v = {t.getYear() - 2000, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()};
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((v[i] / 10) << 4 | (v[i] % 10));
        }
        return out;
    }

    static void checkTime(LocalDateTime time) {
        if (time == null) {
            throw new IllegalArgumentException("a time is required");
        }
        if (time.getYear() < 2000 || time.getYear() > 2099) {
            throw new IllegalArgumentException("the protocol carries years 2000-2099: " + time);
        }
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("the protocol carries whole seconds: " + time);
        }
    }
}
