package org.dayuan.demo;

import java.util.Locale;

/**
 * The demo's thingIds: ASCII, lower case, dash-separated, in namespace {@value DemoCounty#NAMESPACE}. Floors and
 * rooms carry the building letter and two-digit floor so that ids sort in building order.
 */
final class Ids {
    private Ids() {
    }

    /** {@code cz.wujin:<parts joined by '-'>}. */
    static String of(Object... parts) {
        StringBuilder name = new StringBuilder();
        for (Object part : parts) {
            name.append(name.length() == 0 ? "" : "-").append(part.toString().toLowerCase(Locale.ROOT));
        }
        return DemoCounty.NAMESPACE + ":" + name;
    }

    static String organisation(String key) {
        return of("org", key);
    }

    static String building(String key) {
        return of("bldg", key);
    }

    /** e.g. {@code cz.wujin:bldg-a-f03}. */
    static String floor(String building, int floor) {
        return of("bldg", building, "f" + twoDigits(floor));
    }

    /** e.g. {@code cz.wujin:room-a-0305}. */
    static String room(String building, int floor, int index) {
        return of("room", building, roomNumber(floor, index));
    }

    /** The four-digit room part of an id: floor and index on the floor, two digits each. */
    static String roomNumber(int floor, int index) {
        return twoDigits(floor) + twoDigits(index);
    }

    private static String twoDigits(int n) {
        return String.format(Locale.ROOT, "%02d", n);
    }
}
