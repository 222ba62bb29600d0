package org.dayuan.demo;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a room is used for. {@code code} is the letter the floor plans use; {@code category} follows the office-space
 * standard's four classes, {@code use} is the Room model's {@code use} value.
 */
enum RoomKind {
    OFFICE('O', "办公室", "office", "office"),
    MEETING('M', "会议室", "service", "meeting"),
    RECEPTION('R', "接待室", "service", "reception"),
    MAILROOM('Y', "收发室", "service", "mailroom"),
    ARCHIVE('A', "档案室", "service", "archive"),
    PRINT('P', "文印室", "service", "print"),
    TOILET('T', "卫生间", "service", "toilet"),
    STORAGE('S', "储藏室", "service", "storage"),
    DUTY('D', "值班室", "service", "duty"),
    COMPUTER('X', "计算机房", "service", "computer"),
    ELECTRICAL('E', "配电室", "equipment", "electrical"),
    FIRE_CONTROL('F', "消防控制室", "equipment", "fireControl"),
    PUMP('W', "消防水泵房", "equipment", "pump"),
    WATER_TANK('H', "屋顶水箱间", "equipment", "waterTank"),
    HVAC_PLANT('V', "空调机房", "equipment", "hvacPlant"),
    CANTEEN('C', "职工餐厅", "ancillary", "canteen"),
    KITCHEN('K', "厨房", "ancillary", "kitchen"),
    CLINIC('L', "医务室", "ancillary", "clinic");

    private static final Map<Character, RoomKind> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toMap(k -> k.code, Function.identity()));

    final char code;
    final String label;
    final String category;
    final String use;

    RoomKind(char code, String label, String category, String use) {
        this.code = code;
        this.label = label;
        this.category = category;
        this.use = use;
    }

    static RoomKind ofCode(char code) {
        RoomKind kind = BY_CODE.get(code);
        if (kind == null) {
            throw new IllegalArgumentException("No room kind has plan code '" + code + "'.");
        }
        return kind;
    }

    boolean seated() {
        return this == MEETING || this == RECEPTION;
    }

    /** GB 50116 lets toilets go without detectors; kitchens get heat detectors because cooking fumes trip smoke ones. */
    String detectorKind() {
        return switch (this) {
            case TOILET -> null;
            case KITCHEN -> "heat";
            default -> "smoke";
        };
    }
}
