package org.dayuan.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.demo.CountyGenerator.PlacedFloor;
import org.dayuan.demo.CountyGenerator.PlacedRoom;
import org.dayuan.demo.Geometry.Point;
import org.dayuan.demo.Site.BuildingSpec;
import org.dayuan.models.Models;

/**
 * The devices of the demo. Per building: a fire alarm panel, a detector in every room that needs one and a
 * manual call point per floor; a main, a power and per floor a lighting and an HVAC meter, special meters for the
 * computer rooms and the canteen; fire-water sensors; corridor cameras and entrance gates. On the campus: gate
 * barriers, turnstiles and outdoor cameras. Initial feature values are plausible as of {@link DemoCounty#AS_OF}.
 */
final class Equipment {
    /** Mounting heights above the floor, m. */
    private static final double CEILING = 2.9;
    private static final double WALL = 1.5;
    private static final double CALL_POINT = 1.4;
    private static final double LOW = 0.5;
    private static final double CAMERA = 2.8;
    private static final double POLE = 4.5;
    /** Above this area a room gets two detectors (GB 50116 covers about 60 m² per smoke detector at this height). */
    private static final double ONE_DETECTOR_AREA = 60;
    private static final int FLOORS_PER_LOOP = 2;
    /** A few components isolated or faulty, as on any real panel, so the safety indicators have something to count. */
    private static final int DISABLED_EVERY = 150;
    private static final int FAULT_EVERY = 170;
    private static final String PANEL_MAKER = "海湾安全技术有限公司";
    private static final String PANEL_MODEL = "JB-QB-GST200";
    private static final String METER_SERIAL_PREFIX = "3204";
    private static final int FIRST_METER_SERIAL = 10_000;
    private static final String CAMERA_RESOLUTION = "4MP";
    /** Main meters read through 200/5 A current transformers, power meters through 50/5 A. */
    private static final int MAIN_CT = 40;
    private static final int POWER_CT = 10;
    private static final String OFFLINE_CAMERA = Ids.of("cam", "campus", "ne");

    /** Ranges of an electricity meter's register reading (kWh, before the CT ratio) and power (kW). */
    private record Load(double readingMin, double readingMax, double kwMin, double kwMax) {
    }

    private static final Load MAIN_LOAD = new Load(40_000, 60_000, 150, 350);
    private static final Load POWER_LOAD = new Load(8_000, 20_000, 10, 40);
    private static final Load SPECIAL_LOAD = new Load(60_000, 120_000, 15, 30);
    private static final Load LIGHTING_LOAD = new Load(20_000, 150_000, 5, 25);
    private static final Load HVAC_LOAD = new Load(20_000, 150_000, 10, 60);

    /** Where a device is: its parent twin and a point in the building (or campus) frame, z above the floor. */
    private record Mount(String parent, Point at) {
        static Mount in(PlacedRoom room, double fx, double fy, double z) {
            return new Mount(room.id(), room.box().at(fx, fy, z));
        }

        static Mount on(PlacedFloor floor, Point at) {
            return new Mount(floor.id(), at);
        }
    }

    private final Random random;
    private final Consumer<ObjectNode> out;
    private final String now = Values.timestamp(DemoCounty.AS_OF);
    private final Map<String, Integer> nextAddress = new HashMap<>();
    private int components;
    private int meters;
    private int cameraChannels;

    Equipment(Random random, Consumer<ObjectNode> out) {
        this.random = random;
        this.out = out;
    }

    static String mainMeterId(String building) {
        return Ids.of("meter", "e", building, "main");
    }

    static String panelId(String building) {
        return Ids.of("fap", building);
    }

    /**
     * The GB/T 26875.3 address of a building's user-information transmission device: the county's division code
     * 320412 and a serial, one device per building (the simulator plays them).
     */
    static String transmitter(int buildingIndex) {
        return String.format(java.util.Locale.ROOT, "320412%06d", buildingIndex + 1);
    }

    void building(BuildingSpec b, String buildingId, List<PlacedFloor> floors, List<PlacedRoom> rooms) {
        String k = b.key();
        PlacedRoom panelRoom = first(rooms, RoomKind.FIRE_CONTROL).or(() -> first(rooms, RoomKind.DUTY))
                .orElseGet(() -> required(rooms, RoomKind.ELECTRICAL));
        out.accept(device(panelId(k), Models.FIRE_ALARM_PANEL, b.letter() + "座火灾报警控制器",
                Mount.in(panelRoom, 0.5, 0.9, WALL))
                .attr("manufacturer", PANEL_MAKER)
                .attr("model", PANEL_MODEL)
                .attr("transmitter", transmitter(Site.BUILDINGS.indexOf(b)))
                .attr("panelNumber", Site.BUILDINGS.indexOf(b) + 1)
                .attr("loops", loopOf(floors.size()))
                .feature("status", Models.FIRE_STATUS, fireStatus(false, false))
                .build());

        PlacedRoom electrical = required(rooms, RoomKind.ELECTRICAL);
        out.accept(electricityMeter(mainMeterId(k), b.letter() + "座总表", Mount.in(electrical, 0.2, 0.1, WALL),
                "main", null, MAIN_CT, List.of(buildingId), MAIN_LOAD));
        out.accept(electricityMeter(Ids.of("meter", "e", k, "power"), b.letter() + "座动力(电梯/水泵)",
                Mount.in(electrical, 0.5, 0.1, WALL), "sub", "power", POWER_CT, List.of(buildingId), POWER_LOAD));
        PlacedFloor ground = floors.get(0);
        out.accept(waterMeter(Ids.of("meter", "w", k, "main"), b.letter() + "座给水总表",
                Mount.on(ground, ground.spec().plan().core(LOW)), "main", "domestic", 80, List.of(buildingId), 30_000,
                80_000));
        specialLoads(k, rooms);
        fireWater(k, rooms);

        // floor by floor, so that loop addresses run in wiring order: call point first, then the rooms
        for (PlacedFloor floor : floors) {
            floorDevices(b, floor);
            rooms.stream().filter(r -> r.floor() == floor).forEach(r -> detectors(k, r));
        }
    }

    void campus(String campusId) {
        Point gate = Site.SOUTH_GATE;
        out.accept(campusGate(campusId, "car-in", "南门车辆入口道闸", gate, -2, "vehicleBarrier", "in", "plate"));
        out.accept(campusGate(campusId, "car-out", "南门车辆出口道闸", gate, 4, "vehicleBarrier", "out", "plate"));
        out.accept(campusGate(campusId, "people", "南门人行闸机", gate, -8, "turnstile", "both", "face", "card",
                "qrCode"));
        out.accept(campusCamera(campusId, "anpr-in", "南门入口车牌识别", new Point(gate.x() - 2, gate.y() + 5, POLE),
                "anpr", 270));
        out.accept(campusCamera(campusId, "anpr-out", "南门出口车牌识别", new Point(gate.x() + 4, gate.y() + 5, POLE),
                "anpr", 90));
        double inset = 2;
        out.accept(campusCamera(campusId, "sw", "西南角周界", new Point(inset, inset, POLE), "bullet", 45));
        out.accept(campusCamera(campusId, "se", "东南角周界", new Point(Site.WIDTH - inset, inset, POLE), "bullet", 135));
        out.accept(campusCamera(campusId, "ne", "东北角周界", new Point(Site.WIDTH - inset, Site.DEPTH - inset, POLE),
                "bullet", 225));
        out.accept(campusCamera(campusId, "nw", "西北角周界", new Point(inset, Site.DEPTH - inset, POLE), "bullet", 315));
        Point lot = Site.PARKING_ORIGIN;
        out.accept(campusCamera(campusId, "parking", "停车场球机", new Point(lot.x() + Site.SPACES_PER_ROW
                * Site.SPACE_WIDTH / 2, lot.y() + Site.SPACE_DEPTH + Site.AISLE / 2, POLE), "ptz", 0));
    }

    /** Computer rooms get a special-use meter; the canteen's kitchen a gas meter and a water sub-meter. */
    private void specialLoads(String k, List<PlacedRoom> rooms) {
        List<PlacedRoom> computer = all(rooms, RoomKind.COMPUTER);
        if (!computer.isEmpty()) {
            out.accept(electricityMeter(Ids.of("meter", "e", k, "special"), "计算机房专用表",
                    Mount.in(computer.get(0), 0.1, 0.1, WALL), "sub", "special", 1, feedsRooms(computer), SPECIAL_LOAD));
        }
        List<PlacedRoom> kitchens = all(rooms, RoomKind.KITCHEN);
        if (!kitchens.isEmpty()) {
            List<PlacedRoom> canteen = new ArrayList<>(all(rooms, RoomKind.CANTEEN));
            canteen.addAll(kitchens);
            PlacedRoom kitchen = kitchens.get(0);
            out.accept(meter(Ids.of("meter", "g", k, "kitchen"), Models.ENERGY_METER, "食堂燃气表",
                    Mount.in(kitchen, 0.1, 0.1, WALL))
                    .attr("carrier", "gas")
                    .attr("role", "main")
                    .attr("ctMultiplier", 1)
                    .feeds(feedsRooms(canteen))
                    .feature("energy", Models.ENERGY_MEASUREMENT, Values.object(
                            "reading", Values.between(random, 50_000, 120_000, 1), "timestamp", now))
                    .build());
            out.accept(waterMeter(Ids.of("meter", "w", k, "canteen"), "食堂用水分表", Mount.in(kitchen, 0.9, 0.1, LOW),
                    "sub", "canteen", 50, feedsRooms(canteen), 8_000, 20_000));
        }
    }

    /** The roof tank's level; in the fire pump room the pool level and both mains' pressures. */
    private void fireWater(String k, List<PlacedRoom> rooms) {
        first(rooms, RoomKind.WATER_TANK).ifPresent(room -> out.accept(tankSensor(Ids.of("tank", k, "roof", "level"),
                "屋顶消防水箱液位", Mount.in(room, 0.3, 0.5, LOW), "屋顶消防水箱", "level", 1.2, 2.6, 2.2)));
        first(rooms, RoomKind.PUMP).ifPresent(room -> {
            out.accept(tankSensor(Ids.of("tank", k, "pool", "level"), "消防水池液位", Mount.in(room, 0.2, 0.5, LOW),
                    "消防水池", "level", 2.0, 4.2, 3.6));
            out.accept(tankSensor(Ids.of("tank", k, "sprinkler", "pressure"), "喷淋管网压力",
                    Mount.in(room, 0.5, 0.5, LOW), "自动喷水灭火系统", "pressure", 0.25, 1.2, 0.45));
            out.accept(tankSensor(Ids.of("tank", k, "hydrant", "pressure"), "消火栓管网压力",
                    Mount.in(room, 0.8, 0.5, LOW), "室内消火栓系统", "pressure", 0.2, 1.0, 0.38));
        });
    }

    /** Per floor: end-use meters in the core, metering the floor and its organisation; camera, call point, gates. */
    private void floorDevices(BuildingSpec b, PlacedFloor floor) {
        String k = b.key();
        String f = "f" + String.format(Locale.ROOT, "%02d", floor.number());
        String label = b.letter() + "座" + floor.number() + "层";
        FloorPlan plan = floor.spec().plan();
        List<String> feeds = List.of(floor.id(), floor.spec().org().id());
        out.accept(electricityMeter(Ids.of("meter", "e", k, f, "lighting"), label + "照明插座",
                Mount.on(floor, plan.core(WALL)), "sub", "lighting", 1, feeds, LIGHTING_LOAD));
        out.accept(electricityMeter(Ids.of("meter", "e", k, f, "hvac"), label + "空调",
                Mount.on(floor, plan.core(WALL + LOW)), "sub", "hvac", 1, feeds, HVAC_LOAD));
        out.accept(camera(Ids.of("cam", k, f), label + "走廊", Mount.on(floor, plan.corridor(0.05, CAMERA)), "dome", 0,
                true));
        out.accept(component(Ids.of("mcp", k, f), label + "手动报警按钮", Mount.on(floor, plan.corridor(0.5, CALL_POINT)),
                "manualCallPoint", panelId(k), floor.number()));
        if (floor.number() == 1) {
            out.accept(gate(Ids.of("gate", k, f), b.letter() + "座入口闸机", Mount.on(floor, plan.corridor(0.02, 0)),
                    "turnstile", "both", "face", "card"));
        }
        if (floor.spec().leadership()) {
            out.accept(gate(Ids.of("gate", k, f), label + "领导办公区门禁", Mount.on(floor, plan.corridor(0.45, 0)),
                    "door", "both", "card"));
        }
    }

    /** One detector per room, two in large rooms, spread along the room's width. */
    private void detectors(String k, PlacedRoom room) {
        String kind = room.kind().detectorKind();
        if (kind == null) {
            return;
        }
        int count = room.box().area() > ONE_DETECTOR_AREA ? 2 : 1;
        String roomNumber = room.id().substring(room.id().lastIndexOf('-') + 1);
        String label = room.kind().label + ("heat".equals(kind) ? "感温探测器" : "感烟探测器");
        for (int i = 1; i <= count; i++) {
            Mount mount = Mount.in(room, (2.0 * i - 1) / (2.0 * count), 0.5, CEILING);
            out.accept(component(Ids.of("fd", k, roomNumber, i), label + (count > 1 ? i : ""), mount, kind, panelId(k),
                    room.floor().number()));
        }
    }

    /** A fire alarm component with the next free address on its floor's loop. */
    private ObjectNode component(String id, String name, Mount mount, String kind, String panel, int floorNumber) {
        int loop = loopOf(floorNumber);
        int address = nextAddress.merge(panel + "/" + loop, 1, Integer::sum);
        components++;
        return device(id, Models.FIRE_DETECTOR, name, mount)
                .attr("kind", kind)
                .attr("panel", panel)
                .attr("loop", loop)
                .attr("address", address)
                .feature("status", Models.FIRE_STATUS,
                        fireStatus(components % FAULT_EVERY == 0, components % DISABLED_EVERY == 0))
                .build();
    }

    private ObjectNode electricityMeter(String id, String name, Mount mount, String role, String endUse, int ct,
            List<String> feeds, Load load) {
        return meter(id, Models.ENERGY_METER, name, mount)
                .attr("carrier", "electricity")
                .attr("role", role)
                .attr("endUse", endUse)
                .attr("ctMultiplier", ct)
                .feeds(feeds)
                .feature("energy", Models.ENERGY_MEASUREMENT, Values.object(
                        "reading", Values.between(random, load.readingMin(), load.readingMax(), 2),
                        "power", Values.between(random, load.kwMin(), load.kwMax(), 2),
                        "timestamp", now))
                .build();
    }

    private ObjectNode waterMeter(String id, String name, Mount mount, String role, String use, int diameter,
            List<String> feeds, double readingMin, double readingMax) {
        return meter(id, Models.WATER_METER, name, mount)
                .attr("role", role)
                .attr("use", use)
                .attr("diameter", diameter)
                .feeds(feeds)
                .feature("water", Models.WATER_MEASUREMENT, Values.object(
                        "reading", Values.between(random, readingMin, readingMax, 2),
                        "flow", Values.between(random, 0.2, 3.0, 2),
                        "timestamp", now))
                .build();
    }

    /** Any meter: a device with the next serial number. */
    private ThingBuilder meter(String id, String type, String name, Mount mount) {
        String serial = METER_SERIAL_PREFIX + String.format(Locale.ROOT, "%08d", FIRST_METER_SERIAL + meters++);
        return device(id, type, name, mount).attr("serial", serial);
    }

    /** {@code measures} is "level" (m) or "pressure" (MPa); it names the thresholds and the feature property. */
    private ObjectNode tankSensor(String id, String name, Mount mount, String tank, String measures, double low,
            double high, double value) {
        return device(id, Models.WATER_TANK_SENSOR, name, mount)
                .attr("measures", measures)
                .attr("tank", tank)
                .attr(measures + "Low", low)
                .attr(measures + "High", high)
                .feature("tank", Models.TANK_STATUS, Values.object(measures, value, "timestamp", now))
                .build();
    }

    private ObjectNode gate(String id, String name, Mount mount, String kind, String direction, String... methods) {
        return device(id, Models.ACCESS_GATE, name, mount)
                .attr("kind", kind)
                .attr("direction", direction)
                .attr("methods", Values.strings(methods))
                .feature("gate", Models.GATE_STATUS, Values.object("open", false, "online", true, "passagesToday", 0))
                .build();
    }

    private ObjectNode camera(String id, String name, Mount mount, String kind, double heading, boolean online) {
        return device(id, Models.CAMERA, name, mount)
                .attr("kind", kind)
                .attr("resolution", CAMERA_RESOLUTION)
                .attr("channel", ++cameraChannels)
                .attr("heading", heading)
                .feature("video", Models.VIDEO_STATUS,
                        Values.object("online", online, "recording", online, "timestamp", now))
                .build();
    }

    private ObjectNode campusGate(String campusId, String key, String name, Point gate, double dx, String kind,
            String direction, String... methods) {
        return gate(Ids.of("gate", "campus", key), name, new Mount(campusId, new Point(gate.x() + dx, gate.y() + 2, 0)),
                kind, direction, methods);
    }

    private ObjectNode campusCamera(String campusId, String key, String name, Point at, String kind, double heading) {
        String id = Ids.of("cam", "campus", key);
        return camera(id, name, new Mount(campusId, at), kind, heading, !id.equals(OFFLINE_CAMERA));
    }

    private ObjectNode fireStatus(boolean fault, boolean disabled) {
        return Values.object("fire", false, "fault", fault, "disabled", disabled, "timestamp", now);
    }

    private static ThingBuilder device(String id, String type, String name, Mount mount) {
        return ThingBuilder.of(id, type, name, mount.parent()).geometry(Geometry.position(mount.at()));
    }

    private static int loopOf(int floorNumber) {
        return (floorNumber + FLOORS_PER_LOOP - 1) / FLOORS_PER_LOOP;
    }

    /** A canteen or computer-room meter feeds those rooms and the organisation that runs them. */
    private static List<String> feedsRooms(List<PlacedRoom> rooms) {
        List<String> ids = new ArrayList<>();
        rooms.forEach(r -> ids.add(r.id()));
        ids.add(rooms.get(0).floor().spec().org().id());
        return ids;
    }

    private static Optional<PlacedRoom> first(List<PlacedRoom> rooms, RoomKind kind) {
        return rooms.stream().filter(r -> r.kind() == kind).findFirst();
    }

    private static List<PlacedRoom> all(List<PlacedRoom> rooms, RoomKind kind) {
        return rooms.stream().filter(r -> r.kind() == kind).toList();
    }

    private static PlacedRoom required(List<PlacedRoom> rooms, RoomKind kind) {
        return first(rooms, kind).orElseThrow(() -> new IllegalStateException("The plan has no " + kind.label + "."));
    }
}
