package org.dayuan.fleet.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;

import org.dayuan.fleet.costs.FleetTwins;
import org.dayuan.testing.Json;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.core.history.History;
import org.junit.jupiter.api.Test;

/** Odometer km from the real history of a registry in memory. */
class HistoryOdometersTest {
    private final FleetTwins fleet = new FleetTwins();
    private final History history = new History(fleet.twins.journal, fleet.twins.registry, Clock.systemUTC());
    private final HistoryOdometers odometers = new HistoryOdometers(history, FleetTwins.VIEWER, Clock.systemUTC());

    private void odometer(String vehicle, double km) throws InterruptedException {
        Thread.sleep(3); // history tells changes apart by their stamps
        fleet.twins.registry().put(FleetTwins.ADMIN, TwinId.of(vehicle),
                JsonPointer.of("features", "location", "properties", "odometer"), Json.json(String.valueOf(km)),
                WriteCondition.NONE);
        Thread.sleep(3);
    }

    @Test
    void readingAtTheEndLessReadingAtTheStart() throws Exception {
        TwinId v = TwinId.of("cz.wujin:vehicle-01");
        Thread.sleep(3);
        Instant from = Instant.now();
        odometer("cz.wujin:vehicle-01", 1040);
        odometer("cz.wujin:vehicle-01", 1100);
        Instant to = Instant.now();
        odometer("cz.wujin:vehicle-01", 1200);
        assertEquals(100, odometers.km(v, from, to).orElseThrow(), 1e-9);
        // a period still running ends now
        assertEquals(200, odometers.km(v, from, Instant.now().plusSeconds(3600)).orElseThrow(), 1e-9);
    }

    @Test
    void aVehicleCreatedInThePeriodStartsAtItsFirstReading() throws Exception {
        Instant from = Instant.now();
        Thread.sleep(3);
        fleet.vehicle("cz.wujin:vehicle-09", "苏D·00009", "cz.wujin:org-zfb", "gasoline", 1.5, 500);
        odometer("cz.wujin:vehicle-09", 530);
        assertEquals(30, odometers.km(TwinId.of("cz.wujin:vehicle-09"), from, Instant.now()).orElseThrow(), 1e-9);
    }

    @Test
    void anOdometerThatWentBackOrIsHiddenGivesNoFigure() throws Exception {
        Instant from = Instant.now();
        odometer("cz.wujin:vehicle-03", 100);
        assertTrue(odometers.km(TwinId.of("cz.wujin:vehicle-03"), from, Instant.now()).isEmpty());
        Instant before = Instant.now();
        odometer("cz.xinbei:vehicle-01", 5100);
        assertTrue(new HistoryOdometers(history, FleetTwins.VIEWER, Clock.systemUTC())
                .km(TwinId.of("cz.xinbei:vehicle-01"), before, Instant.now()).isEmpty());
    }
}
