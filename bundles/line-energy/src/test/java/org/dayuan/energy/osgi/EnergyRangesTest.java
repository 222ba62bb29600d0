package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Fixtures;
import org.dayuan.energy.Settings;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TimeSeries;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ranges of the energy views are bounded before anything is read, and their CSV opens in a spreadsheet as
 * data: one organisation whose name a user wrote as a formula, with one main meter that has a day of data.
 */
class EnergyRangesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/api/dayuan/energy";
    private static final String ORG = "cz.wujin:org";
    private static final String METER = "cz.wujin:meter-1";
    private static final String FORMULA = "=1+2*cmd|' /C calc'!A0";
    private static final Caller VIEWER = new Caller("li", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");

    private final EnergyState state = new EnergyState(Settings.empty());
    private final EnergyServlet servlet;

    EnergyRangesTest() {
        state.twin(JSON.valueToTree(Map.of("thingId", ORG, "definition", "dayuan:Organisation:1.0.0",
                "attributes", Map.of("name", FORMULA, "buildingArea", 1000, "energyHeadcount", 50))));
        state.twin(JSON.valueToTree(Map.of("thingId", METER, "definition", "dayuan:EnergyMeter:1.0.0",
                "attributes", Map.of("carrier", "electricity", "role", "main",
                        "relations", Map.of("feeds", List.of(ORG))))));
        Fixtures.fill(state.ledger(), METER, "2024-05-06T00:00", "2024-05-07T00:00", 10);
        servlet = new EnergyServlet(state, List::of, new AlarmWriter(null, null), new BillImport(null, state, null));
    }

    private FakeHttp get(String view, String... parameters) throws Exception {
        FakeHttp http = new FakeHttp(BASE + view).mountedAt(BASE).caller(VIEWER);
        for (int i = 0; i < parameters.length; i += 2) {
            http.parameter(parameters[i], parameters[i + 1]);
        }
        return http.send(servlet);
    }

    private static void assertRefused(FakeHttp http, String naming) throws Exception {
        assertEquals(400, http.status, http.body());
        JsonNode error = http.json();
        assertEquals("things:parameter.invalid", error.path("error").asText(), http.body());
        assertEquals(400, error.path("status").asInt());
        assertTrue(error.path("message").asText().contains(naming), http.body());
        assertFalse(error.path("description").asText().isEmpty(), http.body());
    }

    /** The requests of the attack run: 10 years of 15 minutes, 2,100 years of months, year 999,999,999. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "quarter_hour|2016-01-01|2026-01-01|more than the 10000 allowed",
        "hour|2016-01-01|2026-01-01|more than the 10000 allowed",
        "day|1990-01-01|2026-01-01|more than the 10000 allowed",
        "month|0001-01-01|2100-01-01|in the years 1970 to 9999",
        "month|1970-01-01|+999999999-12-31|in the years 1970 to 9999",
        "quarter_hour|2026-01-01|+999999999-12-31|in the years 1970 to 9999",
        "day|-999999999-01-01|2026-01-01|in the years 1970 to 9999",
        "hour|2026-01-02|2026-01-01|to must be after from",
        "hour|2026-01-01|2026-01-01|to must be after from"})
    void absurdRangesAre400sNamingTheLimit(String resolution, String from, String to, String naming)
            throws Exception {
        assertRefused(get("/consumption", "meter", METER, "resolution", resolution, "from", from, "to", to), naming);
        assertRefused(get("/consumption", "subject", ORG, "resolution", resolution, "from", from, "to", to), naming);
    }

    @Test
    void theLimitCountsThePointsOfEveryMeterInTheAnswer() throws Exception {
        // 104 days of 96 slots: 9,984 points for one meter, within the limit.
        FakeHttp one = get("/consumption", "meter", METER, "resolution", "quarter_hour", "from", "2024-03-01",
                "to", "2024-06-13");
        assertEquals(200, one.status, one.body());
        JsonNode quantities = one.json().path("meters").get(0).path("quantities");
        assertTrue(quantities.size() <= TimeSeries.MAX_POINTS);
        assertEquals(96 * 104, quantities.size());
        assertRefused(get("/consumption", "meter", METER, "resolution", "quarter_hour", "from", "2024-03-01",
                "to", "2024-06-14"), "10080 points, more than the 10000 allowed");
    }

    @Test
    void aLongRangeAtACoarseResolutionSumsTheDataItHolds() throws Exception {
        FakeHttp http = get("/consumption", "meter", METER, "resolution", "month", "from", "1970-01-01",
                "to", "2800-01-01");
        assertEquals(200, http.status, http.body());
        JsonNode quantities = http.json().path("meters").get(0).path("quantities");
        assertEquals(830 * 12, quantities.size());
        int may2024 = (2024 - 1970) * 12 + 4;
        assertEquals(240.0, quantities.get(may2024).asDouble(), 1e-3);
        assertTrue(quantities.get(may2024 - 1).isNull() && quantities.get(may2024 + 1).isNull());
    }

    @Test
    void periodsAndFactorYearsOutsideTheYearsAllowedAre400s() throws Exception {
        assertRefused(get("/indicators", "period", "+999999999-12"), "in the years 1970 to 9999");
        assertRefused(get("/indicators", "period", "0001"), "in the years 1970 to 9999");
        assertRefused(get("/factors", "year", "999999999"), "in the years 1970 to 9999");
    }

    @Test
    void csvCellsAreDataNotFormulasAndNumbersStayNumbers() throws Exception {
        String indicators = get("/indicators", "period", "2024-05", "format", "csv").body();
        assertTrue(indicators.contains(",\"'" + FORMULA.replace("\"", "\"\"") + "\","), indicators);
        assertFalse(indicators.contains("," + FORMULA), indicators);
        assertTrue(indicators.startsWith("subject,name,period,kgce,"), indicators);

        String consumption = get("/consumption", "meter", METER, "resolution", "day", "from", "2024-05-06",
                "to", "2024-05-07", "format", "csv").body();
        assertEquals("meter,carrier,unit,bucket,quantity\r\n" + METER + ",electricity,kWh,0,240.0000\r\n",
                consumption);
    }
}
