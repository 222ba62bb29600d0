package org.dayuan.gbt26875;

import java.util.Locale;

/**
 * A 6-byte source or destination address (源地址 / 目的地址). The wire carries the low byte first; {@link #hex()} writes
 * the 48-bit number most significant digit first, 12 hex digits, the form twins store in {@code transmitter}.
 */
public record Address(long value) {
    public static final long MAX = 0xFFFF_FFFF_FFFFL;

    public Address {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("an address has 6 bytes: " + value);
        }
    }

    /** Parses 12 hex digits (case-insensitive). */
    public static Address parse(String hex) {
        if (hex == null || !hex.matches("[0-9A-Fa-f]{12}")) {
            throw new IllegalArgumentException("an address is 12 hex digits, not " + hex);
        }
        return new Address(Long.parseLong(hex, 16));
    }

    public String hex() {
        return String.format(Locale.ROOT, "%012x", value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
