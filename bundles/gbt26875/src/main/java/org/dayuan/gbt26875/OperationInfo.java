package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/** Type 4, 建筑消防设施操作信息 (10 bytes): system type, system address, operation flags (1), operator number (1), time. */
public record OperationInfo(int systemType, int systemAddress, int flags, int operator, LocalDateTime time)
        implements InfoObject {
    public static final int TYPE = 4;
    public static final int SIZE = 10;
    public static final int RESET = 1;
    public static final int SILENCE = 1 << 1;
    public static final int MANUAL_ALARM = 1 << 2;
    public static final int ALARM_CLEARED = 1 << 3;
    public static final int SELF_TEST = 1 << 4;
    public static final int CONFIRM = 1 << 5;
    public static final int TEST = 1 << 6;

    public OperationInfo {
        Fields.checkByte("systemType", systemType);
        Fields.checkByte("systemAddress", systemAddress);
        Fields.checkByte("flags", flags);
        Fields.checkByte("operator", operator);
        Fields.checkTime(time);
    }

    public boolean has(int bit) {
        return (flags & bit) != 0;
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
