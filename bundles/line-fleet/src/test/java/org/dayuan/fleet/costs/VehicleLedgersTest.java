package org.dayuan.fleet.costs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The ledger over a real registry in memory, through the line's view, as the caller. */
class VehicleLedgersTest {
    private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");
    private static final String HEADER = "vehicle,time,kind,amount,quantity,unit,vendor,reference,note\n";
    private static final String GOOD = HEADER
            + "苏D·12345,2026-11-03 08:15,fuel,356.80,45.2,L,中石化,F-001,\n"
            + "cz.wujin:vehicle-01,2026-11-20 18:00,etc,35,,,,E-001,\n"
            + "苏D D08127,2026-11-04 09:00,charge,42.5,61.3,kWh,国家电网,C-001,\n"
            + "苏D·12345,2026-10-31 23:30,maintenance,1200,,,定点修理厂,M-001,\n";

    private final FleetTwins fleet = new FleetTwins();
    private final VehicleLedgers ledgers = new VehicleLedgers(fleet.line.registry(), fleet.line.search());
    private final CostCsvParser parser = new CostCsvParser(1000, Clock.fixed(NOW, ZoneOffset.UTC));

    private VehicleLedgers.Imported load(String csv) {
        return ledgers.importCosts(FleetTwins.MANAGER, parser.parse(csv), NOW);
    }

    private List<LedgerEntry> all() {
        return ledgers.entries(FleetTwins.ADMIN, Optional.empty(), YearMonth.of(2000, 1), YearMonth.of(2030, 12));
    }

    @Test
    void costsLandInOneLedgerPerVehicleAndMonthUnderTheVehicle() {
        VehicleLedgers.Imported done = load(GOOD);
        assertEquals(4, done.records());
        assertEquals(4, done.added());
        assertEquals(List.of("cz.wujin:vehicle-01-ledger-2026-10", "cz.wujin:vehicle-01-ledger-2026-11",
                "cz.wujin:vehicle-02-ledger-2026-11"), done.ledgers().stream().sorted().toList());
        Twin nov = fleet.get("cz.wujin:vehicle-01-ledger-2026-11");
        assertEquals(VehicleLedgers.DEFINITION, nov.definition().orElseThrow());
        assertEquals("cz.wujin:vehicle-01", nov.parent().orElseThrow());
        assertEquals("cz.wujin:org-jgswj", Vehicles.attribute(nov, "organisation").orElseThrow());
        assertEquals("2026-11", Vehicles.attribute(nov, "month").orElseThrow());
        assertEquals(391.8, nov.toJson().path("attributes").path("total").asDouble(), 1e-9);
        assertEquals("2026-11-03T08:15:00+08:00", nov.toJson().path("attributes").path("entries").path(0)
                .path("at").asText());
        assertEquals("wujin-manager", nov.toJson().path("attributes").path("entries").path(0).path("importedBy")
                .asText());
        // the vehicle twin itself is not touched
        assertEquals(1, fleet.get("cz.wujin:vehicle-01").revision());
        assertEquals(4, all().size());
    }

    @Test
    void reImportOverwritesAndNeverDoubles() {
        load(GOOD);
        VehicleLedgers.Imported again = load(GOOD.replace("356.80,45.2", "360.00,46"));
        assertEquals(0, again.added());
        assertEquals(4, again.replaced());
        List<LedgerEntry> entries = all();
        assertEquals(4, entries.size());
        LedgerEntry fuel = entries.stream().filter(e -> e.reference().equals("F-001")).findFirst().orElseThrow();
        assertEquals(360.0, fuel.amount());
        assertEquals(46.0, fuel.quantity());
        assertEquals(395.0, fleet.get("cz.wujin:vehicle-01-ledger-2026-11").toJson().path("attributes")
                .path("total").asDouble(), 1e-9);
    }

    @Test
    void aCostWhoseDateChangedMonthMovesAndDoesNotDouble() {
        load(GOOD);
        VehicleLedgers.Imported moved = load(HEADER + "苏D·12345,2026-11-01 09:00,maintenance,1250,,,定点修理厂,M-001,\n");
        assertEquals(1, moved.moved());
        List<LedgerEntry> m = all().stream().filter(e -> e.reference().equals("M-001")).toList();
        assertEquals(1, m.size());
        assertEquals(1250.0, m.get(0).amount());
        assertEquals(0, fleet.get("cz.wujin:vehicle-01-ledger-2026-10").toJson().path("attributes").path("entries")
                .size());
    }

    @Test
    void aFileWithOneBadRowWritesNothingAndNamesEveryBadRow() {
        load(GOOD);
        long revision = fleet.get("cz.wujin:vehicle-01-ledger-2026-11").revision();
        CostImportException e = assertThrows(CostImportException.class, () -> load(HEADER
                + "苏D·12345,2026-11-05 08:15,fuel,100,10,L,,F-002,\n"
                + "苏D·00000,2026-11-05 08:15,etc,10,,,,E-002,\n"
                + "cz.xinbei:vehicle-01,2026-11-05 08:15,etc,10,,,,E-003,\n"
                + "苏D·12345,2026-11-05 08:15,etc,ten,,,,E-004,\n"
                + "cz.wujin:vehicle-01,2026-11-06 08:15,fuel,100,10,L,,F-002,\n"));
        assertEquals(400, e.status());
        assertEquals(List.of(3, 4, 5, 6), e.errors().stream().map(RowError::line).toList());
        assertTrue(e.errors().get(0).reason().contains("vehicle '苏D·00000' is not a vehicle you may record costs"));
        assertTrue(e.errors().get(1).reason().contains("cz.xinbei:vehicle-01"));
        assertTrue(e.errors().get(3).reason().contains("as line 2"), e.errors().get(3).reason());
        assertEquals("fleet:costs.invalid", e.toJson().path("error").asText());
        assertEquals(4, e.toJson().path("details").size());
        assertEquals(3, e.toJson().path("details").path(0).path("line").asInt());
        assertTrue(e.toJson().path("description").asText().contains("line 6: "));
        assertEquals(revision, fleet.get("cz.wujin:vehicle-01-ledger-2026-11").revision());
        assertEquals(4, all().size());
    }

    @Test
    void viewersMayNotImportAndSeeOnlyTheirOrganisations() {
        DayuanException e = assertThrows(DayuanException.class, () -> ledgers.importCosts(FleetTwins.VIEWER,
                parser.parse(GOOD), NOW));
        assertEquals(403, e.status());
        assertNull(fleet.get("cz.wujin:vehicle-01-ledger-2026-11"));
        load(GOOD);
        ledgers.importCosts(FleetTwins.XINBEI_MANAGER, parser.parse(HEADER
                + "苏D·99999,2026-11-05 08:15,fuel,500,60,L,,X-1,\n"), NOW);
        YearMonth m = YearMonth.of(2026, 11);
        assertEquals(3, ledgers.entries(FleetTwins.VIEWER, Optional.empty(), m, m).size());
        assertEquals(List.of("X-1"), ledgers.entries(FleetTwins.XINBEI_VIEWER, Optional.empty(), m, m).stream()
                .map(LedgerEntry::reference).toList());
        assertEquals(2, ledgers.entries(FleetTwins.ADMIN, Optional.of(TwinId.of("cz.wujin:vehicle-01")), m, m)
                .size());
    }
}
