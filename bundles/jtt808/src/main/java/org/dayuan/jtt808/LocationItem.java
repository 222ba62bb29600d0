package org.dayuan.jtt808;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An additional item of a location report (位置附加信息项): id, then its value (the length byte on the wire is the
 * value's). The codec checks the length of the items it knows and keeps every other item as raw bytes.
 * <p>
 * {@link #SOC}, 0xE1, is this platform's battery state of charge (BYTE, percent 0-100). JT/T 808-2019 table 27
 * leaves 0xE1-0xFF to custom items; new-energy terminals carry the state of charge in one of them, each vendor its
 * own, so a terminal is configured (or its vendor's item mapped) to send it as 0xE1.
 */
public record LocationItem(int id, byte[] value) {
    /** Mileage (里程), DWORD, 0.1 km. */
    public static final int MILEAGE = 0x01;
    /** Fuel (油量), WORD, 0.1 L. */
    public static final int FUEL = 0x02;
    /** Speed from the tachograph (行驶记录功能获取的速度), WORD, 0.1 km/h. */
    public static final int TACHOGRAPH_SPEED = 0x03;
    /** Battery state of charge, BYTE, percent; a custom item (0xE1-0xFF are custom in the standard). */
    public static final int SOC = 0xE1;

    public LocationItem {
        Fields.checkByte("id", id);
        if (value == null || value.length > 0xFF) {
            throw new IllegalArgumentException("an item's value is 0-255 bytes");
        }
        value = value.clone();
        Integer expected = expectedLength(id);
        if (expected != null && value.length != expected) {
            throw new IllegalArgumentException(String.format("item 0x%02x is %d bytes, not %d", id, expected,
                    value.length));
        }
    }

    /** The value's length the standard (or this platform, for {@link #SOC}) fixes, null when the item is unknown. */
    static Integer expectedLength(int id) {
        return switch (id) {
            case MILEAGE -> 4;
            case FUEL, TACHOGRAPH_SPEED -> 2;
            case SOC -> 1;
            default -> null;
        };
    }

    public static LocationItem mileage(long tenthsOfKm) {
        Fields.checkDword("mileage", tenthsOfKm);
        return new LocationItem(MILEAGE, new BodyWriter().u32(tenthsOfKm).toBytes());
    }

    public static LocationItem fuel(int tenthsOfLitre) {
        Fields.checkWord("fuel", tenthsOfLitre);
        return new LocationItem(FUEL, new BodyWriter().u16(tenthsOfLitre).toBytes());
    }

    public static LocationItem tachographSpeed(int tenthsOfKmh) {
        Fields.checkWord("tachograph speed", tenthsOfKmh);
        return new LocationItem(TACHOGRAPH_SPEED, new BodyWriter().u16(tenthsOfKmh).toBytes());
    }

    public static LocationItem soc(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a state of charge is 0-100 %: " + percent);
        }
        return new LocationItem(SOC, new byte[] {(byte) percent});
    }

    /** The value as an unsigned big-endian number (the known items are all numbers). */
    public long number() {
        long v = 0;
        for (byte b : value) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocationItem i && i.id == id && Arrays.equals(i.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("LocationItem[0x%02x=%s]", id, HexFormat.of().formatHex(value));
    }
}
