package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/** Type 1, 建筑消防设施系统状态 (10 bytes): system type, system address, status (2 bytes, low first), time. */
public record SystemStatus(int systemType, int systemAddress, int status, LocalDateTime time) implements InfoObject {
    public static final int TYPE = 1;
    public static final int SIZE = 10;
    /** Bit 0: 1 = normal operation, 0 = test (测试状态). */
    public static final int NORMAL = 1;
    public static final int FIRE = 1 << 1;
    public static final int FAULT = 1 << 2;
    public static final int DISABLED = 1 << 3;
    public static final int SUPERVISORY = 1 << 4;
    public static final int STARTED = 1 << 5;
    public static final int FEEDBACK = 1 << 6;
    public static final int DELAY = 1 << 7;
    public static final int MAIN_POWER_FAULT = 1 << 8;
    public static final int BACKUP_POWER_FAULT = 1 << 9;
    public static final int BUS_FAULT = 1 << 10;
    public static final int MANUAL = 1 << 11;
    public static final int CONFIG_CHANGED = 1 << 12;
    public static final int RESET = 1 << 13;

    public SystemStatus {
        Fields.checkByte("systemType", systemType);
        Fields.checkByte("systemAddress", systemAddress);
        Fields.checkWord("status", status);
        Fields.checkTime(time);
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
