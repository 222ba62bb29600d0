package org.dayuan.energy.rules;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.dayuan.energy.Fixtures.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Settings;
import org.junit.jupiter.api.Test;

class SpikeRuleTest {
    static final String M = "cz.wujin:m1";
    final SpikeRule rule = SpikeRule.fromConfig(Settings.empty(), SHANGHAI);
    final Ledger ledger = new Ledger(SHANGHAI);
    final List<MeterInfo> meters = List.of(MeterInfo.simple(M, Carrier.ELECTRICITY, true));

    /** Mondays 10:00–11:00 in the four weeks before Monday 27 May 2024 used 10 kWh each. */
    void usualMondays(String... dates) {
        for (String d : dates) {
            fill(ledger, M, d + "T10:00", d + "T11:00", 10);
        }
    }

    @Test
    void firesWhenTheHourIsAboveTwoAndAHalfTimesTheUsual() {
        usualMondays("2024-04-29", "2024-05-06", "2024-05-13", "2024-05-20");
        fill(ledger, M, "2024-05-27T10:00", "2024-05-27T11:00", 30);
        List<Finding> found = rule.evaluate(meters, ledger, at("2024-05-27T11:05"));
        assertEquals(List.of(new Finding("energy.spike", M, "warning", at("2024-05-27T11:00"), 30, 25, "kWh",
                "用量突增 / consumption spike: 30.00 kWh in the hour from 10:00 vs usual 10.00")), found);
    }

    @Test
    void staysQuietOnANormalHour() {
        usualMondays("2024-04-29", "2024-05-06", "2024-05-13", "2024-05-20");
        fill(ledger, M, "2024-05-27T10:00", "2024-05-27T11:00", 20);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-27T11:05")));
    }

    @Test
    void staysQuietWithFewerThanTwoSamples() {
        usualMondays("2024-05-20");
        fill(ledger, M, "2024-05-20T09:00", "2024-05-20T10:00", 1);
        fill(ledger, M, "2024-05-27T10:00", "2024-05-27T11:00", 30);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-27T11:05")), "other hours are not samples");
    }

    @Test
    void staysQuietBelowTheAbsoluteMinimum() {
        for (String d : List.of("2024-05-13", "2024-05-20")) {
            fill(ledger, M, d + "T10:00", d + "T11:00", 0.1);
        }
        fill(ledger, M, "2024-05-27T10:00", "2024-05-27T11:00", 0.9);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-27T11:05")));
        SpikeRule sensitive = SpikeRule.fromConfig(Settings.of(Map.of("spike.minQuantity.electricity", "0.5")), SHANGHAI);
        assertEquals(1, sensitive.evaluate(meters, ledger, at("2024-05-27T11:05")).size());
    }

    @Test
    void staysQuietOnAnIncompleteHour() {
        usualMondays("2024-05-13", "2024-05-20");
        fill(ledger, M, "2024-05-27T10:00", "2024-05-27T10:30", 80);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-27T11:05")));
    }
}
