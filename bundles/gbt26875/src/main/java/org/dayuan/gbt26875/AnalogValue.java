package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/**
 * Type 3, 建筑消防设施部件模拟量值 (16 bytes): system type, system address, component type, component address (4),
 * analog type (1: 模拟量类型, e.g. 5 temperature, 8 pressure, 11 level), value (2 bytes signed, low first, -32000..32000,
 * in the unit and resolution the analog type defines), time.
 */
public record AnalogValue(int systemType, int systemAddress, int componentType, long componentAddress, int analogType,
                          int value, LocalDateTime time) implements InfoObject {
    public static final int TYPE = 3;
    public static final int SIZE = 16;

    public AnalogValue {
        Fields.checkByte("systemType", systemType);
        Fields.checkByte("systemAddress", systemAddress);
        Fields.checkByte("componentType", componentType);
        if (componentAddress < 0 || componentAddress > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a component address has 4 bytes: " + componentAddress);
        }
        Fields.checkByte("analogType", analogType);
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("an analog value is a signed 16-bit number: " + value);
        }
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
