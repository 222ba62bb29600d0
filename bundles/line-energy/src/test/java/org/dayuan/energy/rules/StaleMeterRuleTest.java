package org.dayuan.energy.rules;

import static org.dayuan.energy.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dayuan.energy.Settings;
import org.junit.jupiter.api.Test;

class StaleMeterRuleTest {
    final StaleMeterRule rule = StaleMeterRule.fromConfig(Settings.empty());
    final Instant now = at("2024-05-06T10:47");

    @Test
    void firesForAMeterSilentLongerThanThirtyMinutes() {
        List<Finding> found = rule.evaluate(Map.of("cz.wujin:m1", at("2024-05-06T10:00")), now);
        assertEquals(List.of(new Finding("energy.stale-meter", "cz.wujin:m1", "warning", at("2024-05-06T10:30"), 47, 30, "min",
                "表计数据中断 / meter stale: no reading for 47 min")), found);
    }

    @Test
    void staysQuietForMetersThatReportedRecentlyOrNeverSinceStartUp() {
        Map<String, Instant> last = new HashMap<>();
        last.put("cz.wujin:recent", at("2024-05-06T10:37"));
        last.put("cz.wujin:exactly-30", at("2024-05-06T10:17"));
        last.put("cz.wujin:never", null);
        assertEquals(List.of(), rule.evaluate(last, now));
    }

    @Test
    void theLimitAndSeverityComeFromConfig() {
        StaleMeterRule strict = StaleMeterRule.fromConfig(Settings.of(Map.of("staleMeter.afterMinutes", "5",
                "staleMeter.severity", "major")));
        List<Finding> found = strict.evaluate(Map.of("cz.wujin:recent", at("2024-05-06T10:37")), now);
        assertEquals(1, found.size());
        assertEquals("major", found.get(0).severity());
        assertEquals(5, found.get(0).threshold());
    }
}
