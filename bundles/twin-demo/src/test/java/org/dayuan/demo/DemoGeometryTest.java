package org.dayuan.demo;

import static org.dayuan.demo.DemoData.attributes;
import static org.dayuan.demo.DemoData.box;
import static org.dayuan.demo.DemoData.geometry;
import static org.dayuan.demo.DemoData.id;
import static org.dayuan.demo.DemoData.parent;
import static org.dayuan.demo.DemoData.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.demo.Geometry.Box;
import org.dayuan.models.Models;
import org.junit.jupiter.api.Test;

class DemoGeometryTest {
    private static final DemoData DEMO = new DemoData();
    private static final double WUJIN_LAT = 31.70;
    private static final double WUJIN_LON = 119.94;
    private static final double NEAR_DEGREES = 0.05;
    private static final double EPS = 1e-6;

    @Test
    void campusIsAnchoredNearWujinWithAFootprint() {
        JsonNode g = geometry(DEMO.byId.get(DemoCounty.CAMPUS_ID));
        assertEquals("WGS84", g.path("anchor").path("crs").asText());
        assertEquals(WUJIN_LAT, g.path("anchor").path("lat").asDouble(), NEAR_DEGREES);
        assertEquals(WUJIN_LON, g.path("anchor").path("lon").asDouble(), NEAR_DEGREES);
        assertTrue(g.path("footprint").size() >= 3);
    }

    @Test
    void buildingsSitApartInsideTheCampus() {
        Box campus = outline(geometry(DEMO.byId.get(DemoCounty.CAMPUS_ID)).path("footprint"), 0, 0);
        List<Box> buildings = new ArrayList<>();
        for (ObjectNode b : DEMO.ofType(Models.BUILDING)) {
            JsonNode g = geometry(b);
            assertTrue(g.path("height").asDouble() > 0, id(b) + " height");
            Box outline = outline(g.path("footprint"), g.path("offset").path("x").asDouble(),
                    g.path("offset").path("y").asDouble());
            assertTrue(inside(outline, campus), id(b) + " on the campus");
            buildings.forEach(other -> assertFalse(other.overlaps(outline), id(b) + " overlaps another building"));
            buildings.add(outline);
        }
    }

    /**
     * One building, C, is drawn from a glTF served by the console. The file was made to C's size (web-console's
     * scripts/service-building-glb.mjs): if C's plan or storeys change, this fails until the model is regenerated.
     */
    @Test
    void theServiceBuildingNamesItsGltfMadeToItsSize() {
        List<ObjectNode> withModel = DEMO.ofType(Models.BUILDING).stream()
                .filter(b -> geometry(b).has("model")).toList();
        assertEquals(List.of(Ids.building("c")), withModel.stream().map(DemoData::id).toList());
        JsonNode g = geometry(withModel.get(0));
        assertEquals("/models/service-building-c.glb", g.path("model").path("url").asText());
        assertEquals("ServiceBuildingC", g.path("model").path("node").asText());
        Box outline = outline(g.path("footprint"), 0, 0);
        assertEquals(0.0, outline.x(), EPS); // the model's origin is the footprint's origin corner
        assertEquals(0.0, outline.y(), EPS);
        assertEquals(36.0, outline.width(), EPS);
        assertEquals(14.4, outline.depth(), EPS);
        assertEquals(17.4, g.path("height").asDouble(), EPS);
    }

    @Test
    void floorsStackUpToTheBuildingHeight() {
        for (ObjectNode b : DEMO.ofType(Models.BUILDING)) {
            double top = 0;
            for (ObjectNode floor : children(id(b), Models.FLOOR)) {
                JsonNode g = geometry(floor);
                assertEquals(top, g.path("elevation").asDouble(), EPS, id(floor) + " elevation");
                assertTrue(g.path("height").asDouble() > 0);
                top += g.path("height").asDouble();
            }
            assertEquals(geometry(b).path("height").asDouble(), top, EPS, id(b) + " height");
        }
    }

    @Test
    void roomsOnAFloorDoNotOverlapAndStayInsideIt() {
        for (ObjectNode floor : DEMO.ofType(Models.FLOOR)) {
            Box outline = outline(geometry(floor).path("footprint"), 0, 0);
            List<ObjectNode> rooms = children(id(floor), Models.ROOM);
            assertFalse(rooms.isEmpty(), id(floor) + " has rooms");
            for (int i = 0; i < rooms.size(); i++) {
                Box room = box(rooms.get(i));
                assertTrue(room.area() > 0 && inside(room, outline), id(rooms.get(i)) + " inside " + id(floor));
                for (int j = i + 1; j < rooms.size(); j++) {
                    assertFalse(room.overlaps(box(rooms.get(j))), id(rooms.get(i)) + " overlaps " + id(rooms.get(j)));
                }
            }
        }
    }

    @Test
    void devicesArePointsInsideWhatContainsThem() {
        int checked = 0;
        for (ObjectNode device : DEMO.twins) {
            JsonNode position = geometry(device).path("position");
            if (position.isMissingNode()) {
                continue;
            }
            ObjectNode container = DEMO.byId.get(parent(device).orElseThrow());
            Box area = switch (type(container)) {
                case Models.ROOM -> box(container);
                case Models.FLOOR, Models.CAMPUS -> outline(geometry(container).path("footprint"), 0, 0);
                default -> throw new AssertionError(id(device) + " sits in a " + type(container));
            };
            double x = position.path("x").asDouble();
            double y = position.path("y").asDouble();
            assertTrue(x >= area.x() && x <= area.x() + area.width() && y >= area.y() && y <= area.y() + area.depth(),
                    id(device) + " at " + position + " lies outside " + id(container));
            assertTrue(position.path("z").asDouble() >= 0, id(device) + " above the floor");
            checked++;
        }
        assertTrue(checked >= 300);
    }

    @Test
    void parkingSpacesDoNotOverlapAndVehiclesStandOnTheirOwn() {
        List<ObjectNode> spaces = DEMO.ofType(Models.PARKING_SPACE);
        for (int i = 0; i < spaces.size(); i++) {
            for (int j = i + 1; j < spaces.size(); j++) {
                assertFalse(box(spaces.get(i)).overlaps(box(spaces.get(j))), id(spaces.get(i)));
            }
        }
        for (ObjectNode vehicle : DEMO.ofType(Models.VEHICLE)) {
            ObjectNode home = DEMO.byId.get(attributes(vehicle).path("homeParking").asText());
            assertEquals(Models.PARKING_SPACE, type(home));
            Geometry.Point centre = box(home).centre(0);
            assertEquals(centre.x(), geometry(vehicle).path("position").path("x").asDouble(), EPS);
            assertEquals(centre.y(), geometry(vehicle).path("position").path("y").asDouble(), EPS);
            JsonNode location = vehicle.path("features").path("location").path("properties");
            assertEquals(WUJIN_LAT, location.path("lat").asDouble(), NEAR_DEGREES);
            assertEquals(WUJIN_LON, location.path("lon").asDouble(), NEAR_DEGREES);
        }
    }

    private static List<ObjectNode> children(String parentId, String type) {
        return DEMO.ofType(type).stream().filter(t -> parent(t).orElse("").equals(parentId)).toList();
    }

    /** Bounding box of a footprint polygon, shifted by an offset. */
    private static Box outline(JsonNode footprint, double dx, double dy) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (JsonNode p : footprint) {
            minX = Math.min(minX, p.get(0).asDouble());
            minY = Math.min(minY, p.get(1).asDouble());
            maxX = Math.max(maxX, p.get(0).asDouble());
            maxY = Math.max(maxY, p.get(1).asDouble());
        }
        return new Box(minX + dx, minY + dy, maxX - minX, maxY - minY);
    }

    private static boolean inside(Box inner, Box outer) {
        return inner.x() >= outer.x() - EPS && inner.y() >= outer.y() - EPS
                && inner.x() + inner.width() <= outer.x() + outer.width() + EPS
                && inner.y() + inner.depth() <= outer.y() + outer.depth() + EPS;
    }
}
