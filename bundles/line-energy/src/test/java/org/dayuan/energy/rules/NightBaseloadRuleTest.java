package org.dayuan.energy.rules;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.dayuan.energy.Fixtures.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Settings;
import org.dayuan.energy.WorkCalendar;
import org.junit.jupiter.api.Test;

class NightBaseloadRuleTest {
    static final String M = "cz.wujin:bldg-b-main";
    final WorkCalendar calendar = WorkCalendar.defaults();
    final NightBaseloadRule rule = NightBaseloadRule.fromConfig(Settings.empty(), calendar);
    final Ledger ledger = new Ledger(SHANGHAI);
    final List<MeterInfo> meters = List.of(MeterInfo.simple(M, Carrier.ELECTRICITY, true));

    /** Monday 6 to Friday 10 May 2024: 100 kW in working hours, 20 kW otherwise, through Saturday 06:00. */
    void normalWeek() {
        for (int day = 6; day <= 10; day++) {
            String d = "2024-05-%02d".formatted(day);
            fill(ledger, M, d + "T00:00", d + "T08:30", 20);
            fill(ledger, M, d + "T08:30", d + "T17:30", 100);
            fill(ledger, M, d + "T17:30", d + "T22:00", 20);
        }
    }

    void night(String from, String to, double kw) {
        fill(ledger, M, from, to, kw);
    }

    @Test
    void staysQuietWhenTheNightIsBelowHalfTheWorkingMean() {
        normalWeek();
        for (int day = 6; day <= 10; day++) {
            night("2024-05-%02dT22:00".formatted(day), "2024-05-%02dT06:00".formatted(day + 1), 20);
        }
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-11T07:00")));
    }

    @Test
    void firesWhenHvacIsLeftOnOvernight() {
        normalWeek();
        night("2024-05-10T22:00", "2024-05-11T06:00", 60);
        List<Finding> found = rule.evaluate(meters, ledger, at("2024-05-11T07:00"));
        assertEquals(List.of(new Finding("energy.night-baseload", M, "warning", at("2024-05-11T06:00"), 60, 50, "kW",
                "夜间基础负荷偏高 / night baseload high: 60.0 kW vs working-hours mean 100.0 kW")), found);
    }

    @Test
    void judgesAWholeNonWorkingDay() {
        normalWeek();
        night("2024-05-10T22:00", "2024-05-11T00:00", 20);
        fill(ledger, M, "2024-05-11T00:00", "2024-05-12T06:00", 55);
        List<Finding> found = rule.evaluate(meters, ledger, at("2024-05-12T07:00"));
        assertEquals(2, found.size(), found.toString());
        assertEquals(at("2024-05-12T06:00"), found.get(0).at(), "last night");
        assertEquals(at("2024-05-12T00:00"), found.get(1).at(), "Saturday as a whole");
        assertEquals(55, found.get(1).value(), 1e-4);
        assertEquals("非工作日基础负荷偏高 / non-working day 2024-05-11 baseload high: 55.0 kW vs working-hours mean 100.0 kW",
                found.get(1).message());
    }

    @Test
    void staysQuietWithoutAWorkingDayOfData() {
        night("2024-05-10T22:00", "2024-05-11T06:00", 60);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-11T07:00")));
    }

    @Test
    void staysQuietWhenTheNightHasTooLittleData() {
        normalWeek();
        night("2024-05-10T22:00", "2024-05-11T01:00", 60);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-11T07:00")), "3 of 8 hours covered");
    }

    @Test
    void onlyJudgesElectricityMeters() {
        normalWeek();
        night("2024-05-10T22:00", "2024-05-11T06:00", 60);
        assertEquals(List.of(), rule.evaluate(List.of(MeterInfo.simple(M, Carrier.WATER, true)), ledger, at("2024-05-11T07:00")));
    }

    @Test
    void theShareComesFromConfig() {
        normalWeek();
        night("2024-05-10T22:00", "2024-05-11T06:00", 60);
        NightBaseloadRule lenient = NightBaseloadRule.fromConfig(Settings.of(java.util.Map.of("nightBaseload.share", "0.7")), calendar);
        assertEquals(List.of(), lenient.evaluate(meters, ledger, at("2024-05-11T07:00")));
    }
}
