package org.dayuan.energy.rules;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.dayuan.energy.Fixtures.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.dayuan.energy.Carrier;
import org.dayuan.energy.Interval;
import org.dayuan.energy.Ledger;
import org.dayuan.energy.MeterInfo;
import org.dayuan.energy.Quality;
import org.dayuan.energy.Settings;
import org.junit.jupiter.api.Test;

class NightWaterRuleTest {
    static final String W = "cz.wujin:water-1";
    final NightWaterRule rule = NightWaterRule.fromConfig(Settings.empty(), SHANGHAI);
    final Ledger ledger = new Ledger(SHANGHAI);
    final List<MeterInfo> meters = List.of(MeterInfo.simple(W, Carrier.WATER, true), MeterInfo.simple("cz.wujin:e", Carrier.ELECTRICITY, true));

    @Test
    void firesWhenWaterFlowsInEverySlotOfTheNight() {
        // 0.2 m³/h = 0.05 m³ per 15 min, 16 slots from 01:00 to 05:00 = 0.8 m³.
        fill(ledger, W, "2024-05-07T00:00", "2024-05-07T06:00", 0.2);
        fill(ledger, "cz.wujin:e", "2024-05-07T00:00", "2024-05-07T06:00", 50);
        List<Finding> found = rule.evaluate(meters, ledger, at("2024-05-07T08:00"));
        assertEquals(1, found.size());
        Finding f = found.get(0);
        assertEquals("energy.night-water", f.ruleId());
        assertEquals(W, f.subject());
        assertEquals("major", f.severity());
        assertEquals(at("2024-05-07T05:00"), f.at());
        assertEquals(0.05, f.value(), 1e-6);
        assertEquals(0.02, f.threshold());
        assertEquals("夜间持续用水，疑似漏水 / water flowing all night, possible leak: 0.80 m3 01:00-05:00, at least 0.050 m3 every 15 min",
                f.message());
    }

    @Test
    void staysQuietWhenOneSlotIsStill() {
        fill(ledger, W, "2024-05-07T01:00", "2024-05-07T03:00", 0.2);
        fill(ledger, W, "2024-05-07T03:00", "2024-05-07T03:15", 0.04);
        fill(ledger, W, "2024-05-07T03:15", "2024-05-07T05:00", 0.2);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-07T08:00")));
    }

    @Test
    void staysQuietWhenASlotHasNoData() {
        fill(ledger, W, "2024-05-07T01:00", "2024-05-07T03:00", 0.2);
        fill(ledger, W, "2024-05-07T03:15", "2024-05-07T05:00", 0.2);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-07T08:00")));
    }

    @Test
    void judgesTheLastCompleteNightOnly() {
        fill(ledger, W, "2024-05-07T01:00", "2024-05-07T05:00", 0.2);
        assertEquals(List.of(), rule.evaluate(meters, ledger, at("2024-05-07T04:00")), "the night of the 6th has no data");
        // One hourly reading spread over its four slots counts for all of them.
        ledger.add(new Interval(W, at("2024-05-08T01:00"), at("2024-05-08T05:00"), 1.0, Quality.OK));
        assertEquals(1, rule.evaluate(meters, ledger, at("2024-05-08T05:00")).size());
    }
}
