package org.dayuan.energy.rules;

import static org.dayuan.energy.Fixtures.SHANGHAI;
import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.dayuan.energy.CarbonFactors;
import org.dayuan.energy.Carrier;
import org.dayuan.energy.IndicatorCalculator;
import org.dayuan.energy.Indicators;
import org.dayuan.energy.Settings;
import org.dayuan.energy.Subject;
import org.dayuan.energy.Targets;
import org.junit.jupiter.api.Test;

class QuotaRuleTest {
    final QuotaRule rule = QuotaRule.fromConfig(Settings.empty());
    final IndicatorCalculator calculator = new IndicatorCalculator(Targets.defaults(), SHANGHAI);

    Indicators may(String id, Double yearlyQuota, double kwh) {
        return calculator.compute(new Subject(id, id, 100, 10, null, yearlyQuota), YearMonth.of(2024, 5),
                Map.of(Carrier.ELECTRICITY, kwh), Map.of(), CarbonFactors.defaults(), "east-china");
    }

    @Test
    void firesWhenMonthToDateIsAboveTheMonthsShare() {
        // Quota 12,000 kgce / 12 = 1,000 kgce for May; 10,000 kWh × 0.1229 = 1,229 kgce.
        List<Finding> found = rule.evaluate(List.of(may("cz.wujin:org-1", 12_000.0, 10_000)), at("2024-05-20T09:00"));
        assertEquals(List.of(new Finding("energy.quota", "cz.wujin:org-1", "warning", at("2024-05-20T09:00"), 1229, 1000, "kgce",
                "超出能耗定额 / over energy quota: 1229.0 kgce in 2024-05 vs quota 1000.0 kgce (123%)")), found);
    }

    @Test
    void staysQuietWithinTheShareOrWithoutAQuota() {
        // 8,000 kWh × 0.1229 = 983.2 kgce.
        assertEquals(List.of(), rule.evaluate(List.of(may("cz.wujin:org-1", 12_000.0, 8_000), may("cz.wujin:org-2", null, 1e6)),
                at("2024-05-20T09:00")));
    }
}
