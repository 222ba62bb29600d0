package org.dayuan.gbt26875;

import java.time.LocalDateTime;

final class Fields {
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

    /** The wire keeps the year as 0-99 after 2000 and no fraction of a second. */
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
