package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/** Type 8, 建筑消防设施系统时间 (8 bytes): system type, system address, the panel's clock. */
public record SystemTime(int systemType, int systemAddress, LocalDateTime time) implements InfoObject {
    public static final int TYPE = 8;
    public static final int SIZE = 8;

    public SystemTime {
        Fields.checkByte("systemType", systemType);
        Fields.checkByte("systemAddress", systemAddress);
        Fields.checkTime(time);
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
