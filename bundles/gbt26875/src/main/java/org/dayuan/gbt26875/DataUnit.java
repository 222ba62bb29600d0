package org.dayuan.gbt26875;

import java.util.List;

/** The application data unit (应用数据单元): type flag (1), object count (1), objects of that one type. */
public record DataUnit(int type, List<InfoObject> objects) {
    public DataUnit {
        objects = List.copyOf(objects);
        if (objects.isEmpty() || objects.size() > 255) {
            throw new IllegalArgumentException("a data unit carries 1-255 objects, not " + objects.size());
        }
        for (InfoObject o : objects) {
            if (o.type() != type) {
                throw new IllegalArgumentException("a data unit of type " + type + " cannot carry " + o);
            }
        }
        int size = size(type, objects.size());
        if (size > Gbt26875.MAX_DATA) {
            throw new IllegalArgumentException("application data of " + size + " bytes exceeds " + Gbt26875.MAX_DATA);
        }
    }

    public static DataUnit of(InfoObject... objects) {
        if (objects.length == 0) {
            throw new IllegalArgumentException("a data unit carries 1-255 objects, not 0");
        }
        return new DataUnit(objects[0].type(), List.of(objects));
    }

    public int size() {
        return size(type, objects.size());
    }

    private static int size(int type, int count) {
        return 2 + count * objects(type);
    }

    /** The size of one object of a type, or -1 when this codec does not read the type. */
    static int objects(int type) {
        return switch (type) {
            case SystemStatus.TYPE -> SystemStatus.SIZE;
            case ComponentStatus.TYPE -> ComponentStatus.SIZE;
            case AnalogValue.TYPE -> AnalogValue.SIZE;
            case OperationInfo.TYPE -> OperationInfo.SIZE;
            case SystemTime.TYPE -> SystemTime.SIZE;
            default -> -1;
        };
    }
}
