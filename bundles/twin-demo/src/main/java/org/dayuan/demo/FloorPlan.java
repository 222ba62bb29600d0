package org.dayuan.demo;

import java.util.ArrayList;
import java.util.List;

import org.dayuan.demo.Geometry.Box;
import org.dayuan.demo.Geometry.Point;

/**
 * One storey of a slab building: a south and a north row of rooms either side of a central corridor, written as
 * segments {@code <room kind code><width in m>} from west to east, {@code -<width>} for space that is no room
 * (lobby, stairs and lifts). Every row fills the building's length, so rooms cannot overlap and nothing is left
 * unaccounted for. Rooms are numbered along the south row, then the north row.
 */
final class FloorPlan {
    static final double ROW_DEPTH = 6.0;
    static final double CORRIDOR_WIDTH = 2.4;
    /** Depth of every demo building: two rows of rooms and the corridor. */
    static final double DEPTH = 2 * ROW_DEPTH + CORRIDOR_WIDTH;
    private static final double NORTH_ROW_Y = ROW_DEPTH + CORRIDOR_WIDTH;
    private static final char NO_ROOM = '-';
    private static final double TOLERANCE = 1e-9;

    record Slot(RoomKind kind, Box box) {
    }

    private final double length;
    private final List<Slot> slots;

    private FloorPlan(double length, List<Slot> slots) {
        this.length = length;
        this.slots = List.copyOf(slots);
    }

    static FloorPlan of(double length, String southRow, String northRow) {
        List<Slot> slots = new ArrayList<>();
        addRow(slots, length, 0, southRow);
        addRow(slots, length, NORTH_ROW_Y, northRow);
        return new FloorPlan(length, slots);
    }

    private static void addRow(List<Slot> slots, double length, double y, String row) {
        double x = 0;
        for (String segment : row.trim().split("\\s+")) {
            double width = Double.parseDouble(segment.substring(1));
            char code = segment.charAt(0);
            if (code != NO_ROOM) {
                slots.add(new Slot(RoomKind.ofCode(code), new Box(x, y, width, ROW_DEPTH)));
            }
            x += width;
        }
        if (Math.abs(x - length) > TOLERANCE) {
            throw new IllegalArgumentException("The row '" + row + "' is " + x + " m long, not " + length + " m.");
        }
    }

    double length() {
        return length;
    }

    double grossArea() {
        return Geometry.metres(length * DEPTH);
    }

    List<Slot> slots() {
        return slots;
    }

    /** A point on the corridor's centre line, {@code fx} of the way from the west end. */
    Point corridor(double fx, double z) {
        return new Point(length * fx, ROW_DEPTH + CORRIDOR_WIDTH / 2, z);
    }

    /** A point in the south half of the central core, where the stairs, lifts and electrical closet are. */
    Point core(double z) {
        return new Point(length / 2, ROW_DEPTH / 2, z);
    }
}
