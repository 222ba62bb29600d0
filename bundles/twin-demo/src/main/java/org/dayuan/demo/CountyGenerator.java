package org.dayuan.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.demo.FloorPlan.Slot;
import org.dayuan.demo.Geometry.Box;
import org.dayuan.demo.Site.BuildingSpec;
import org.dayuan.demo.Site.FloorSpec;
import org.dayuan.models.Models;

/**
 * Generates the demo once: the campus, then per building its floors, rooms and devices, then campus devices and
 * the fleet. Organisations come first in the output because rooms and meters refer to them, but their areas and
 * headcounts are tallied from the rooms, so they are built last and put in front.
 */
final class CountyGenerator {
    /** Any fixed seed will do; this one keeps the values identical from run to run. */
    private static final long SEED = 320412L;
    /** Seats in meeting and reception rooms: about 2 m² of usable area per seat. */
    private static final double AREA_PER_SEAT = 2.0;

    record PlacedFloor(String id, int number, double elevation, FloorSpec spec) {
    }

    record PlacedRoom(String id, RoomKind kind, Box box, PlacedFloor floor) {
    }

    /** What an organisation uses, summed over the floors and rooms assigned to it. */
    private static final class Tally {
        double area;
        int headcount;
    }

    private final List<ObjectNode> twins = new ArrayList<>();
    private final Map<Org, Tally> tallies = new EnumMap<>(Org.class);
    private final RoomUse roomUse = new RoomUse(DemoCounty.AS_OF.toLocalDate());
    private final Equipment equipment;
    private final Fleet fleet;

    CountyGenerator() {
        Random random = new Random(SEED);
        equipment = new Equipment(random, twins::add);
        fleet = new Fleet(random, twins::add);
        for (Org org : Org.values()) {
            tallies.put(org, new Tally());
        }
    }

    List<ObjectNode> generate() {
        twins.add(campus());
        for (BuildingSpec building : Site.BUILDINGS) {
            building(building);
        }
        equipment.campus(DemoCounty.CAMPUS_ID);
        fleet.parkingAndVehicles(DemoCounty.CAMPUS_ID);
        List<ObjectNode> all = new ArrayList<>(organisations());
        all.addAll(twins);
        return all;
    }

    private static ObjectNode campus() {
        return ThingBuilder.of(DemoCounty.CAMPUS_ID, Models.CAMPUS, Site.NAME, null)
                .attr("code", Site.CODE)
                .attr("regionCode", Site.REGION_CODE)
                .attr("address", Site.ADDRESS)
                .attr("siteArea", Site.WIDTH * Site.DEPTH)
                .attr("managedBy", Org.JGSWJ.id())
                .geometry(Geometry.campus(Site.ANCHOR_LAT, Site.ANCHOR_LON, Site.ANCHOR_ALT, Site.WIDTH, Site.DEPTH))
                .build();
    }

    private void building(BuildingSpec b) {
        String buildingId = Ids.building(b.key());
        double grossArea = b.floors().stream().mapToDouble(f -> f.plan().grossArea()).sum();
        ObjectNode geometry = Geometry.building(b.offset(), b.length(), FloorPlan.DEPTH, b.height());
        Site.ModelSpec model = Site.MODELS.get(b.key());
        if (model != null) {
            geometry.set("model", Geometry.model(model.url(), model.node()));
        }
        twins.add(ThingBuilder.of(buildingId, Models.BUILDING, b.name(), DemoCounty.CAMPUS_ID)
                .attr("code", Site.CODE + "-" + b.letter())
                .attr("grossArea", Geometry.metres(grossArea))
                .attr("floors", b.floors().size())
                .attr("yearBuilt", b.yearBuilt())
                .attr("use", b.use())
                .attr("ownership", Site.OWNED)
                .geometry(geometry)
                .build());

        List<PlacedFloor> floors = new ArrayList<>();
        List<PlacedRoom> rooms = new ArrayList<>();
        double elevation = 0;
        for (FloorSpec spec : b.floors()) {
            PlacedFloor floor = new PlacedFloor(Ids.floor(b.key(), floors.size() + 1), floors.size() + 1, elevation, spec);
            floors.add(floor);
            twins.add(floor(b, floor, buildingId));
            tallies.get(spec.org()).area += spec.plan().grossArea();
            List<Slot> slots = spec.plan().slots();
            for (int i = 0; i < slots.size(); i++) {
                PlacedRoom room = new PlacedRoom(Ids.room(b.key(), floor.number(), i + 1), slots.get(i).kind(),
                        slots.get(i).box(), floor);
                rooms.add(room);
                twins.add(room(b, room, i + 1));
            }
            elevation += spec.height();
        }
        equipment.building(b, buildingId, floors, rooms);
    }

    private static ObjectNode floor(BuildingSpec b, PlacedFloor floor, String buildingId) {
        FloorSpec spec = floor.spec();
        return ThingBuilder.of(floor.id(), Models.FLOOR, b.letter() + "座" + floor.number() + "层", buildingId)
                .attr("number", floor.number())
                .attr("grossArea", spec.plan().grossArea())
                .geometry(Geometry.floor(floor.elevation(), spec.height(), spec.plan().length(), FloorPlan.DEPTH))
                .build();
    }

    private ObjectNode room(BuildingSpec b, PlacedRoom room, int index) {
        FloorSpec spec = room.floor().spec();
        double area = room.box().area();
        String number = Integer.toString(room.floor().number() * 100 + index);
        RoomUse.Use use = roomUse.of(room.id(), room.kind(), area, spec.leadership());
        ThingBuilder thing = ThingBuilder.of(room.id(), Models.ROOM, b.letter() + number + " " + room.kind().label,
                        room.floor().id())
                .attr("code", Site.CODE + "-" + b.letter() + "-" + Ids.roomNumber(room.floor().number(), index))
                .attr("number", number)
                .attr("category", room.kind().category)
                .attr("use", room.kind().use)
                .attr("usableArea", area)
                .attr(ThingBuilder.ORGANISATION, spec.org().id())
                .attr("ownership", spec.ownership())
                .attr("status", use.status())
                .geometry(Geometry.box(room.box()));
        if (room.kind() == RoomKind.OFFICE) {
            thing.attr("occupants", occupants(spec.org(), use.occupants()));
        }
        if (room.kind().seated()) {
            thing.attr("capacity", (int) (area / AREA_PER_SEAT));
        }
        if (use.lease() != null) {
            ObjectNode lease = ThingBuilder.object();
            lease.put("counterparty", use.lease().counterparty());
            lease.put("start", use.lease().start().toString());
            lease.put("end", use.lease().end().toString());
            lease.put("annualRent", use.lease().annualRent());
            lease.put("paidUntil", use.lease().paidUntil().toString());
            thing.attr("lease", lease);
        }
        if (use.vacantSince() != null) {
            thing.attr("vacantSince", use.vacantSince().toString());
        }
        return thing.build();
    }

    /** The occupants, each with a personnel number {@code <org key>-0001}... in the order they are seated. */
    private ArrayNode occupants(Org org, List<RoomUse.Occupant> occupants) {
        ArrayNode out = ThingBuilder.array();
        Tally tally = tallies.get(org);
        for (RoomUse.Occupant o : occupants) {
            tally.headcount++;
            out.addObject().put("id", String.format(java.util.Locale.ROOT, "%s-%04d", org.key, tally.headcount))
                    .put("name", o.name()).put("rank", o.rank().label).put("level", Rank.LEVEL);
        }
        return out;
    }

    private List<ObjectNode> organisations() {
        List<ObjectNode> out = new ArrayList<>();
        for (Org org : Org.values()) {
            Tally t = tallies.get(org);
            out.add(ThingBuilder.of(org.id(), Models.ORGANISATION, org.fullName, null)
                    .attr("shortName", org.shortName)
                    .attr("code", Codes.uscc(Site.REGION_CODE, org.orgCodeBody))
                    .attr("level", Rank.LEVEL)
                    .attr("buildingArea", Geometry.metres(t.area))
                    .attr("headcount", t.headcount)
                    .attr("energyHeadcount", t.headcount + org.extraEnergyUsers)
                    .attr("vehicleQuota", org.vehicleQuota)
                    .build());
        }
        return out;
    }
}
