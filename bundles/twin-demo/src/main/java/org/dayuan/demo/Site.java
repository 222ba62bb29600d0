package org.dayuan.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dayuan.demo.Geometry.Point;

/**
 * The 武进区行政中心 campus as data: where it is, its three buildings and what every storey holds. Positions are in
 * the campus frame (origin at the south-west corner of the site, anchored in WGS84).
 */
final class Site {
    static final String NAME = "武进区行政中心";
    static final String REGION_CODE = "320412";
    /** The campus part of every 一房一码 code on this campus. */
    static final String CODE = REGION_CODE + "-XZZX";
    static final String ADDRESS = "江苏省常州市武进区人民中路1号";
    static final double ANCHOR_LAT = 31.70;
    static final double ANCHOR_LON = 119.94;
    static final double ANCHOR_ALT = 5.0;
    static final double WIDTH = 200;
    static final double DEPTH = 140;
    /** Where the road enters: the vehicle barriers and the pedestrian turnstiles stand here. */
    static final Point SOUTH_GATE = new Point(100, 0, 0);

    static final String OWNED = "owned";
    static final String BORROWED = "borrowed";

    /** One storey: how tall, which organisation uses it, its plan; leadership floors seat county leaders. */
    record FloorSpec(double height, Org org, FloorPlan plan, boolean leadership, String ownership) {
    }

    record BuildingSpec(String key, String name, Point offset, int yearBuilt, String use, List<FloorSpec> floors) {
        String letter() {
            return key.toUpperCase(Locale.ROOT);
        }

        double length() {
            return floors.get(0).plan().length();
        }

        double height() {
            return floors.stream().mapToDouble(FloorSpec::height).sum();
        }
    }

    private static final double A_LENGTH = 60;
    private static final double B_LENGTH = 48;
    private static final double C_LENGTH = 36;
    private static final double STOREY = 3.6;
    private static final double TALL_STOREY = 3.9;

    private static final FloorPlan A_LOBBY = FloorPlan.of(A_LENGTH,
            "-12 R6 D3 F6 -6 E6 Y3 M9 S9",
            "O6 O6 O6 P3 S6 T6 M12 O6 O6 O3");
    private static final FloorPlan A_MEETINGS = FloorPlan.of(A_LENGTH,
            "M18 M9 -6 M12 R6 R9",
            "M12 M6 S3 O6 T6 O6 O6 M9 S6");
    private static final FloorPlan A_OFFICES = FloorPlan.of(A_LENGTH,
            "O6 O6 O4 O3 O3 O5 -6 O5 O4 O3 O3 O6 O6",
            "O6 O9 A6 M6 T6 M9 O6 O6 P6");
    private static final String A_LEADERS_SOUTH = "O5 O4 O4 O4 O4 O3 O3 -6 O4 O4 O4 O3 O3 O3 O3 O3";
    private static final FloorPlan A_LEADERS = FloorPlan.of(A_LENGTH, A_LEADERS_SOUTH,
            "M12 O6 O6 R3 T6 R9 O6 O6 O6");
    private static final FloorPlan A_TOP = FloorPlan.of(A_LENGTH, A_LEADERS_SOUTH,
            "M18 O9 T6 H6 V6 O9 S6");

    private static final FloorPlan B_BASE = FloorPlan.of(B_LENGTH,
            "X9 X6 E6 -6 A9 A6 A6",
            "P6 S6 D3 Y6 T6 A9 O6 O6");
    private static final FloorPlan B_OFFICES = FloorPlan.of(B_LENGTH,
            "O6 O6 O3 O3 O3 -6 O6 O4 O4 O4 O3",
            "O6 O6 M9 T6 M6 O6 A3 P6");

    private static final FloorPlan C_CANTEEN = FloorPlan.of(C_LENGTH,
            "C15 -6 K9 W6",
            "C15 T6 K6 S3 E6");
    private static final FloorPlan C_DINING = FloorPlan.of(C_LENGTH,
            "C15 -6 K9 S6",
            "M9 R6 T6 O6 O9");
    private static final String C_OFFICES_SOUTH = "O6 O6 O3 -6 O6 O3 O3 O3";
    private static final FloorPlan C_OFFICES = FloorPlan.of(C_LENGTH, C_OFFICES_SOUTH, "O6 O9 T6 M9 L6");
    private static final FloorPlan C_OFFICES_TOP = FloorPlan.of(C_LENGTH, C_OFFICES_SOUTH, "O6 O9 T6 M9 O6");

    static final List<BuildingSpec> BUILDINGS = List.of(
            new BuildingSpec("a", "主楼(A座)", new Point(30, 90, 0), 2006, "office", floors(
                    storeys(1, 4.5, Org.JGSWJ, A_LOBBY),
                    storeys(1, STOREY, Org.JGSWJ, A_MEETINGS),
                    storeys(2, STOREY, Org.FGJ, A_OFFICES),
                    storeys(2, STOREY, Org.CZJ, A_OFFICES),
                    storeys(1, STOREY, Org.ZFB, A_OFFICES),
                    storeys(1, STOREY, Org.QWB, A_OFFICES),
                    leadership(Org.ZFB, A_LEADERS),
                    leadership(Org.QWB, A_TOP))),
            new BuildingSpec("b", "综合楼(B座)", new Point(110, 90, 0), 2006, "mixed", floors(
                    storeys(1, TALL_STOREY, Org.JGSWJ, B_BASE),
                    storeys(2, TALL_STOREY, Org.ZJJ, B_OFFICES),
                    storeys(2, TALL_STOREY, Org.STHJJ, B_OFFICES),
                    // the statistics bureau works in space borrowed from the housing bureau's allocation
                    List.of(new FloorSpec(TALL_STOREY, Org.TJJ, B_OFFICES, false, BORROWED)))),
            new BuildingSpec("c", "服务楼(C座)", new Point(110, 40, 0), 2012, "service", floors(
                    storeys(1, 5.1, Org.JGSWJ, C_CANTEEN),
                    storeys(1, 4.5, Org.JGSWJ, C_DINING),
                    storeys(1, TALL_STOREY, Org.JGSWJ, C_OFFICES),
                    storeys(1, TALL_STOREY, Org.JGSWJ, C_OFFICES_TOP))));

    /** A glTF the console draws a building from instead of its extruded footprint: a URL and the node to show. */
    record ModelSpec(String url, String node) {
    }

    /**
     * Buildings drawn from a model, by key. C's file is served by the console itself (same origin, as its
     * Content-Security-Policy wants) and made to C's footprint and height by web-console's
     * scripts/service-building-glb.mjs: change C's plan or storeys and regenerate it.
     */
    static final Map<String, ModelSpec> MODELS = Map.of(
            "c", new ModelSpec("/models/service-building-c.glb", "ServiceBuildingC"));

    /** The outdoor car park south of building A: rows of spaces either side of an aisle. */
    static final Point PARKING_ORIGIN = new Point(20, 20, 0);
    static final int PARKING_ROWS = 2;
    static final int SPACES_PER_ROW = 30;
    static final double SPACE_WIDTH = 2.5;
    static final double SPACE_DEPTH = 5.3;
    static final double AISLE = 6.0;

    private Site() {
    }

    private static List<FloorSpec> storeys(int count, double height, Org org, FloorPlan plan) {
        return Collections.nCopies(count, new FloorSpec(height, org, plan, false, OWNED));
    }

    private static List<FloorSpec> leadership(Org org, FloorPlan plan) {
        return List.of(new FloorSpec(STOREY, org, plan, true, OWNED));
    }

    @SafeVarargs
    private static List<FloorSpec> floors(List<FloorSpec>... groups) {
        List<FloorSpec> all = new ArrayList<>();
        for (List<FloorSpec> group : groups) {
            all.addAll(group);
        }
        return List.copyOf(all);
    }
}
