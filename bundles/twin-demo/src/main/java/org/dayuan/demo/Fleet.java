package org.dayuan.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.demo.Geometry.Box;
import org.dayuan.demo.Geometry.Point;
import org.dayuan.models.Models;

/**
 * The outdoor car park and the twelve official vehicles, each parked on its own reserved space (定点停放) as of
 * {@link DemoCounty#AS_OF}. After the 2017 reform only the pool (平台车, run by the 机关事务管理局), law enforcement,
 * emergency and courier cars remain with organisations, which is what the list mirrors.
 */
final class Fleet {
    private record VehicleSpec(String plate, String brand, String category, String energyType, double displacement,
            int seats, int price, Org org, LocalDate registered, String vinStem) {
    }

    private static final List<VehicleSpec> VEHICLES = List.of(
            car("苏D·12345", "大众帕萨特 280TSI", "other", "gasoline", 1.4, 5, 179_800, Org.JGSWJ, "2021-03-15",
                    "LSVAB6A40MN123456"),
            car("苏D·D08127", "比亚迪秦PLUS EV", "other", "electric", 0, 5, 139_800, Org.JGSWJ, "2022-05-20",
                    "LGXCE4CB0NG081270"),
            car("苏D·D08135", "比亚迪秦PLUS EV", "other", "electric", 0, 5, 139_800, Org.JGSWJ, "2022-05-20",
                    "LGXCE4CB0NG081352"),
            car("苏D·5K217", "大众朗逸 1.5L", "other", "gasoline", 1.5, 5, 119_900, Org.JGSWJ, "2019-09-10",
                    "LSVNB4180KN217335"),
            car("苏D·D50671", "荣威Ei5", "other", "electric", 0, 5, 135_800, Org.JGSWJ, "2019-11-26",
                    "LSJW74U30KZ506713"),
            car("苏D·D26490", "比亚迪元PLUS", "other", "electric", 0, 5, 135_800, Org.JGSWJ, "2023-09-01",
                    "LGXCE6CD0PG264902"),
            car("苏D·6A388", "日产轩逸 1.6L", "confidentialCourier", "gasoline", 1.6, 5, 119_800, Org.QWB, "2021-01-18",
                    "LGBH52E00MY388112"),
            car("苏D·7C551", "上汽大通G10 2.0T", "emergency", "gasoline", 2.0, 7, 156_800, Org.ZFB, "2020-06-30",
                    "LSKG5GC10LA755106"),
            car("苏D·2M706", "大众途观L 280TSI", "emergency", "gasoline", 1.4, 5, 179_800, Org.ZFB, "2021-08-12",
                    "LSVUZ60T0M2706881"),
            car("苏D·F29106", "比亚迪宋PLUS DM-i", "lawEnforcement", "plugInHybrid", 1.5, 5, 154_800, Org.STHJJ,
                    "2023-04-12", "LGXCH6DG0PG291063"),
            car("苏D·3H870", "江铃特顺 环境监测车", "specialTechnical", "diesel", 2.8, 9, 168_000, Org.STHJJ,
                    "2020-08-01", "LEFEDDE10LHN38702"),
            car("苏D·F31522", "比亚迪宋PLUS DM-i", "lawEnforcement", "plugInHybrid", 1.5, 5, 154_800, Org.ZJJ,
                    "2023-06-08", "LGXCH6DG0PG315224"));

    /** Space kinds by index: the first ones are the vehicles' reserved spaces, then chargers, then accessible. */
    private static final int EV_SPACES = 6;
    private static final int ACCESSIBLE_SPACES = 2;
    private static final int VISITOR_SPACES = 10;
    /** Share of ordinary spaces taken at 08:00 on a working day. */
    private static final double OCCUPIED_SHARE = 0.55;
    private static final int MAX_MINUTES_PARKED = 120;
    private static final String TERMINAL_PREFIX = "01395120";
    private static final double TANK_LITRES_MIN = 20;
    private static final double TANK_LITRES_MAX = 50;

    private final Random random;
    private final Consumer<ObjectNode> out;
    private final String now = Values.timestamp(DemoCounty.AS_OF);

    Fleet(Random random, Consumer<ObjectNode> out) {
        this.random = random;
        this.out = out;
    }

    void parkingAndVehicles(String campusId) {
        int spaces = Site.PARKING_ROWS * Site.SPACES_PER_ROW;
        for (int i = 0; i < spaces; i++) {
            out.accept(parkingSpace(campusId, i, spaces));
        }
        for (int i = 0; i < VEHICLES.size(); i++) {
            out.accept(vehicle(campusId, i, VEHICLES.get(i)));
        }
    }

    private ObjectNode parkingSpace(String campusId, int i, int spaces) {
        boolean reserved = i < VEHICLES.size();
        String kind = reserved ? "official"
                : i < VEHICLES.size() + EV_SPACES ? "ev"
                : i < VEHICLES.size() + EV_SPACES + ACCESSIBLE_SPACES ? "accessible"
                : i >= spaces - VISITOR_SPACES ? "visitor"
                : "standard";
        boolean occupied = reserved || random.nextDouble() < OCCUPIED_SHARE;
        String since = Values.timestamp(DemoCounty.AS_OF.minusMinutes(random.nextInt(MAX_MINUTES_PARKED) + 1));
        return ThingBuilder.of(spaceId(i), Models.PARKING_SPACE, "停车位" + spaceCode(i), campusId)
                .attr("code", spaceCode(i))
                .attr("kind", kind)
                .attr(ThingBuilder.ORGANISATION, reserved ? VEHICLES.get(i).org().id() : null)
                .geometry(Geometry.box(spaceBox(i)))
                .feature("occupancy", Models.OCCUPANCY, Values.object("occupied", occupied, "since", since))
                .build();
    }

    private ObjectNode vehicle(String campusId, int i, VehicleSpec v) {
        Point home = spaceBox(i).centre(0);
        double[] latLon = Geometry.toWgs84(Site.ANCHOR_LAT, Site.ANCHOR_LON, home.x(), home.y());
        ObjectNode location = Values.object("lat", latLon[0], "lon", latLon[1], "speed", 0.0, "heading", 0,
                "acc", false, "odometer", Values.between(random, 8_000, 90_000, 1), "online", true, "timestamp", now);
        if (!v.energyType().equals("electric")) {
            location.put("fuel", Values.between(random, TANK_LITRES_MIN, TANK_LITRES_MAX, 1));
        }
        if (v.energyType().equals("electric") || v.energyType().equals("plugInHybrid")) {
            location.put("soc", Values.between(random, 50, 95, 0));
        }
        return ThingBuilder.of(Ids.of("vehicle", String.format(Locale.ROOT, "%02d", i + 1)), Models.VEHICLE,
                        v.plate() + " " + v.brand(), campusId)
                .attr("plate", v.plate())
                .attr("vin", Codes.vin(v.vinStem()))
                .attr("category", v.category())
                .attr("energyType", v.energyType())
                .attr("displacement", v.displacement())
                .attr("brand", v.brand())
                .attr("seats", v.seats())
                .attr("price", v.price())
                .attr("registered", v.registered().toString())
                .attr(ThingBuilder.ORGANISATION, v.org().id())
                .attr("terminalId", TERMINAL_PREFIX + String.format(Locale.ROOT, "%04d", i + 1))
                .attr("homeParking", spaceId(i))
                .geometry(Geometry.position(home))
                .feature("location", Models.LOCATION, location)
                .build();
    }

    private static String spaceId(int i) {
        return Ids.of("park", String.format(Locale.ROOT, "%03d", i + 1));
    }

    private static String spaceCode(int i) {
        return String.format(Locale.ROOT, "P%03d", i + 1);
    }

    /** Spaces side by side along x, one row each side of the aisle. */
    private static Box spaceBox(int i) {
        int row = i / Site.SPACES_PER_ROW;
        int column = i % Site.SPACES_PER_ROW;
        return new Box(Site.PARKING_ORIGIN.x() + column * Site.SPACE_WIDTH,
                Site.PARKING_ORIGIN.y() + row * (Site.SPACE_DEPTH + Site.AISLE), Site.SPACE_WIDTH, Site.SPACE_DEPTH);
    }

    private static VehicleSpec car(String plate, String brand, String category, String energyType, double displacement,
            int seats, int price, Org org, String registered, String vinStem) {
        return new VehicleSpec(plate, brand, category, energyType, displacement, seats, price, org,
                LocalDate.parse(registered), vinStem);
    }
}
