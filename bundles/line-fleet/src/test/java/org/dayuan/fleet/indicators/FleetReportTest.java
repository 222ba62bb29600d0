package org.dayuan.fleet.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.fleet.costs.CostCsvParser;
import org.dayuan.fleet.costs.FleetTwins;
import org.dayuan.fleet.costs.VehicleLedgers;
import org.dayuan.testing.Json;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/**
 * The indicators of November 2026 over a real registry in memory: trips, costs and alarms written as the other
 * parts of the line write them, read back as the caller, figures checked by hand.
 */
class FleetReportTest {
    private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");
    private static final FuelNorms NORMS = new FuelNorms(9.0, "1.6=7.5,2.0=8.5,3.0=10.5", 4.0);
    /** Odometer km in the month as the history would give them; vehicle-02 has none, so its trip km count. */
    private static final Map<String, Double> ODOMETER = Map.of("cz.wujin:vehicle-01", 125.0,
            "cz.wujin:vehicle-03", 0.0);

    private final FleetTwins fleet = new FleetTwins();
    private final VehicleLedgers ledgers = new VehicleLedgers(fleet.line.registry(), fleet.line.search());
    private final FleetSource source = new FleetSource(fleet.line.search(), ledgers);

    FleetReportTest() {
        ledgers.importCosts(FleetTwins.MANAGER, new CostCsvParser(100, Clock.fixed(NOW, ZoneOffset.UTC)).parse(
                "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n"
                        + "苏D·12345,2026-11-03 08:15,fuel,360,10,L,中石化,F-1,\n"
                        + "苏D·12345,2026-11-20 18:00,etc,40,,,,E-1,\n"
                        + "苏D·12345,2026-10-31 23:30,maintenance,1200,,,修理厂,M-1,\n"  // October
                        + "苏D·12345,2026-12-01 00:10,etc,15,,,,E-2,\n"                    // December in Shanghai
                        + "苏D·D08127,2026-11-04 09:00,charge,42.5,61.3,kWh,国家电网,C-1,\n"), NOW);
        trip("t1", "cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "returned", "2026-11-03T08:00:00+08:00", 40, 90);
        trip("t2", "cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "closed", "2026-11-10T14:00:00+08:00", 60, 150);
        trip("t3", "cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "onTrip", "2026-11-12T14:00:00+08:00", 0, 0);
        trip("t4", "cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "closed", "2026-10-31T23:00:00+08:00", 20, 30);
        trip("t5", "cz.wujin:vehicle-01", "cz.wujin:org-jgswj", "closed", "2026-11-30T16:30:00Z", 20, 30);
        trip("t6", "cz.wujin:vehicle-02", "cz.wujin:org-zfb", "returned", "2026-11-30T15:59:00Z", 30, 60);
        trip("t7", "cz.xinbei:vehicle-01", "cz.xinbei:org-a", "closed", "2026-11-15T10:00:00+08:00", 80, 120);
        alarm("a1", "cz.wujin:vehicle-01", "fleet.noOrder", null, "\"seen\":[\"2026-10-30T12:00:00Z\","
                + "\"2026-11-05T12:00:00Z\",\"2026-11-06T12:00:00Z\"],");
        alarm("a2", "cz.wujin:vehicle-01", "fleet.speeding", "false", "");
        alarm("a3", "cz.wujin:vehicle-01", "energy.spike", null, "");
        alarm("a4", "cz.wujin:vehicle-03", "fleet.offHours", null, "");
    }

    private void trip(String name, String vehicle, String org, String state, String start, double km, double min) {
        String ns = TwinId.of(vehicle).namespace();
        fleet.twins.registry().create(FleetTwins.ADMIN, TwinId.of(ns + ":trip-" + name), Json.object(
                "{\"definition\":\"dayuan:TripOrder:1.0.0\",\"attributes\":{\"name\":\"派车单 " + name + "\","
                        + "\"parent\":\"" + org + "\",\"organisation\":\"" + org + "\",\"state\":\"" + state + "\","
                        + "\"vehicle\":\"" + vehicle + "\",\"actual\":{\"start\":\"" + start + "\",\"km\":" + km
                        + ",\"minutes\":" + min + "}}}"));
    }

    private void alarm(String name, String source, String type, String result, String seen) {
        fleet.twins.registry().create(FleetTwins.ADMIN, TwinId.of(TwinId.of(source).namespace() + ":alarm-" + name),
                Json.object("{\"definition\":\"dayuan:Alarm:2.0.0\",\"attributes\":{\"name\":\"告警\",\"parent\":\""
                        + source + "\",\"source\":\"" + source + "\",\"type\":\"" + type + "\",\"line\":\"fleet\","
                        + "\"severity\":\"warning\",\"state\":\"unacknowledged\",\"active\":true," + seen
                        + (result == null ? "" : "\"result\":\"" + result + "\",")
                        + "\"raisedAt\":\"2026-11-07T01:00:00Z\"}}"));
    }

    private FleetReport report(Caller caller) {
        Period nov = Period.parse("2026-11");
        Odometers odometers = (v, from, to) -> {
            assertEquals(Instant.parse("2026-10-31T16:00:00Z"), from);
            assertEquals(Instant.parse("2026-11-30T16:00:00Z"), to);
            Double km = ODOMETER.get(v.toString());
            return km == null ? OptionalDouble.empty() : OptionalDouble.of(km);
        };
        return FleetReport.compute(nov, source.read(caller, nov, odometers), NORMS);
    }

    @Test
    void aVehicle() {
        Figures v1 = report(FleetTwins.VIEWER).vehicle("cz.wujin:vehicle-01");
        assertEquals(2, v1.trips);
        assertEquals(100, v1.tripKm, 1e-9);
        assertEquals(4.0, v1.hours(), 1e-9);
        assertEquals(125, v1.km, 1e-9);
        assertEquals(400, v1.costTotal(), 1e-9);
        assertEquals(3.2, v1.costPerKm(), 1e-9);
        assertEquals(200, v1.costPerTrip(), 1e-9);
        assertEquals(8.0, v1.fuelPer100Km(), 1e-9);
        assertEquals(7.5, v1.fuelNorm(), 1e-9);
        assertEquals(2, v1.violations);
        assertEquals(100, v1.violationsPer100Trips(), 1e-9);

        Figures v2 = report(FleetTwins.VIEWER).vehicle("cz.wujin:vehicle-02");
        assertEquals(1, v2.trips);
        assertNull(v2.odometerKm);
        assertEquals(30, v2.km, 1e-9);
        assertEquals(42.5 / 30, v2.costPerKm(), 1e-9);
        assertEquals(61.3, v2.chargeKwh, 1e-9);
        assertNull(v2.fuelPer100Km());
        assertNull(v2.fuelNorm());

        Figures v3 = report(FleetTwins.VIEWER).vehicle("cz.wujin:vehicle-03");
        assertEquals(1, v3.violations);
        assertNull(v3.violationsPer100Trips());
        assertNull(v3.costPerKm());
    }

    @Test
    void organisationsAndTheCounty() {
        FleetReport r = report(FleetTwins.VIEWER);
        Figures jgswj = r.organisation("cz.wujin:org-jgswj");
        assertEquals(2, jgswj.vehicles);
        assertEquals(2, jgswj.vehicleQuota);
        assertFalse(jgswj.overQuota());
        assertEquals(0.5, jgswj.newEnergyShare(), 1e-9);
        assertEquals(3, jgswj.trips);
        assertEquals(2, jgswj.tripsOrdered);
        assertEquals(442.5, jgswj.costTotal(), 1e-9);
        assertEquals(155, jgswj.km, 1e-9);
        assertEquals(442.5 / 155, jgswj.costPerKm(), 1e-9);
        // only the car that burns fuel counts for L/100 km
        assertEquals(8.0, jgswj.fuelPer100Km(), 1e-9);
        assertEquals(200.0 / 3, jgswj.violationsPer100Trips(), 1e-9);

        Figures zfb = r.organisation("cz.wujin:org-zfb");
        assertEquals(2, zfb.vehicles);
        assertTrue(zfb.overQuota());
        assertEquals(0.5, zfb.newEnergyShare(), 1e-9);
        assertEquals(0, zfb.trips);
        assertEquals(1, zfb.tripsOrdered);

        Figures county = r.county();
        assertEquals(4, county.vehicles);
        assertEquals(3, county.vehicleQuota);
        assertTrue(county.overQuota());
        assertEquals(3, county.trips);
        assertEquals(3, county.violations);
        assertEquals(100, county.violationsPer100Trips(), 1e-9);
        assertEquals(442.5, county.costTotal(), 1e-9);

        JsonNode json = r.toJson();
        assertEquals("2026-11-01T00:00:00+08:00", json.path("from").asText());
        assertEquals("2026-12-01T00:00:00+08:00", json.path("to").asText());
        assertEquals(400.0, json.path("vehicles").path(0).path("cost").path("total").asDouble(), 1e-9);
        assertEquals(360.0, json.path("vehicles").path(0).path("cost").path("fuel").asDouble(), 1e-9);
        assertTrue(json.path("vehicles").path(0).path("fuelAboveNorm").asBoolean());
        assertEquals(2.85, json.path("organisations").path(0).path("costPerKm").asDouble(), 1e-9);
        assertTrue(json.path("organisations").path(1).path("overQuota").asBoolean());
        String csv = r.toCsv().toString();
        assertTrue(csv.startsWith("level,id,name,organisation,plate,energyType,vehicles,vehicleQuota,overQuota,"), csv);
        assertTrue(csv.contains("\r\ncounty,county,全县,,,,4,3,true,2,0.5,3,3,"), csv);
    }

    @Test
    void aViewerOfAnotherCountySeesOnlyItsOwn() {
        FleetReport r = report(FleetTwins.XINBEI_VIEWER);
        assertEquals(1, r.county().vehicles);
        assertEquals(1, r.county().trips);
        assertEquals(0, r.county().costTotal(), 1e-9);
        assertNull(r.vehicle("cz.wujin:vehicle-01"));
        assertNull(r.organisation("cz.wujin:org-jgswj"));
    }
}
