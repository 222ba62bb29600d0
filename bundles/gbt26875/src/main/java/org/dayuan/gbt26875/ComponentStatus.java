package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/**
 * Type 2, 建筑消防设施部件运行状态 (46 bytes): system type, system address, component type, component address (4 bytes,
 * low first), status (2 bytes, low first), description (31 bytes, GB 18030, zero-padded), time.
 */
public record ComponentStatus(int systemType, int systemAddress, int componentType, long componentAddress, int status,
                              String description, LocalDateTime time) implements InfoObject {
    public static final int TYPE = 2;
    public static final int SIZE = 46;
    public static final int DESCRIPTION_BYTES = 31;
    /** Bit 0: 1 = normal operation, 0 = test. */
    public static final int NORMAL = 1;
    public static final int FIRE = 1 << 1;
    public static final int FAULT = 1 << 2;
    public static final int DISABLED = 1 << 3;
    public static final int SUPERVISORY = 1 << 4;
    public static final int STARTED = 1 << 5;
    public static final int FEEDBACK = 1 << 6;
    public static final int DELAY = 1 << 7;
    public static final int POWER_FAULT = 1 << 8;
    /** Component type 41, 点型感烟火灾探测器 (point smoke detector), from the standard's component type table. */
    public static final int SMOKE_DETECTOR = 41;

    public ComponentStatus {
        Fields.checkByte("systemType", systemType);
        Fields.checkByte("systemAddress", systemAddress);
        Fields.checkByte("componentType", componentType);
        if (componentAddress < 0 || componentAddress > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a component address has 4 bytes: " + componentAddress);
        }
        Fields.checkWord("status", status);
        description = description == null ? "" : description;
        Fields.checkTime(time);
    }

    /** Loop (回路) of the component: the high 16 bits of the address (see the README for why). */
    public int loop() {
        return (int) (componentAddress >>> 16);
    }

    /** Point on the loop (点位): the low 16 bits of the address. */
    public int point() {
        return (int) (componentAddress & 0xFFFF);
    }

    public static long address(int loop, int point) {
        if (loop < 0 || loop > 0xFFFF || point < 0 || point > 0xFFFF) {
            throw new IllegalArgumentException("loop and point are 0-65535: " + loop + "/" + point);
        }
        return ((long) loop << 16) | point;
    }

    public boolean has(int bit) {
        return (status & bit) != 0;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int size() {
        return SIZE;
    }
}
