package org.dayuan.safety.water;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class WaterRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-06T02:00:00Z");
    private final WaterRule rule = new WaterRule(0.05, 0.02);

    private static Twin sensor(String measures, String limits, String reading) throws Exception {
        return Twin.of(TwinId.of("cz.wujin:tank-a-roof-level"), JSON.readTree("{\"definition\":\""
                + WaterRule.DEFINITION + "\",\"attributes\":{\"name\":\"屋顶消防水箱液位\"," + measures + limits
                + "},\"features\":{\"tank\":{\"properties\":{" + reading + "}}}}"), 1, T, T);
    }

    private static Twin level(double value) throws Exception {
        return sensor("\"measures\":\"level\",", "\"levelLow\":1.2,\"levelHigh\":2.6", "\"level\":" + value);
    }

    private List<String> changes(Twin sensor, Set<WaterCondition> raised) {
        WaterRule.Evaluation e = rule.evaluate(sensor, raised);
        assertEquals(Optional.empty(), e.ignored());
        return e.transitions().stream().map(t -> (t.raise() ? "raise " : "normal ") + t.condition().type()).toList();
    }

    @Test
    void aLowLevelRaisesStrictlyBelowTheLimitAndClearsOnlyBackInsideByTheDeadband() throws Exception {
        Set<WaterCondition> none = EnumSet.noneOf(WaterCondition.class);
        Set<WaterCondition> low = EnumSet.of(WaterCondition.WATER_LOW);
        assertEquals(List.of(), changes(level(1.2), none), "at the limit is not beyond it");
        assertEquals(List.of("raise safety.water-low"), changes(level(1.19), none));
        WaterRule.Transition t = rule.evaluate(level(1.0), none).transitions().get(0);
        assertEquals(1.0, t.value());
        assertEquals(1.2, t.threshold());
        assertEquals(List.of(), changes(level(1.0), low), "already raised: no repeat");
        assertEquals(List.of(), changes(level(1.21), low), "inside, but not by the deadband");
        assertEquals(List.of(), changes(level(1.249), low));
        assertEquals(List.of("normal safety.water-low"), changes(level(1.25), low));
        assertEquals(List.of("normal safety.water-low"), changes(level(2.0), low));
    }

    @Test
    void aHighLevelMirrorsIt() throws Exception {
        Set<WaterCondition> none = EnumSet.noneOf(WaterCondition.class);
        Set<WaterCondition> high = EnumSet.of(WaterCondition.WATER_HIGH);
        assertEquals(List.of(), changes(level(2.6), none));
        assertEquals(List.of("raise safety.water-high"), changes(level(2.61), none));
        assertEquals(List.of(), changes(level(2.56), high));
        assertEquals(List.of("normal safety.water-high"), changes(level(2.55), high));
    }

    @Test
    void pressureUsesItsOwnLimitsAndDeadband() throws Exception {
        Twin p = sensor("\"measures\":\"pressure\",", "\"pressureLow\":0.25,\"pressureHigh\":1.2",
                "\"pressure\":0.2");
        assertEquals(List.of("raise safety.pressure-low"), changes(p, EnumSet.noneOf(WaterCondition.class)));
        Twin almost = sensor("\"measures\":\"pressure\",", "\"pressureLow\":0.25,\"pressureHigh\":1.2",
                "\"pressure\":0.26");
        assertEquals(List.of(), changes(almost, EnumSet.of(WaterCondition.PRESSURE_LOW)));
        Twin back = sensor("\"measures\":\"pressure\",", "\"pressureLow\":0.25,\"pressureHigh\":1.2",
                "\"pressure\":0.27");
        assertEquals(List.of("normal safety.pressure-low"), changes(back, EnumSet.of(WaterCondition.PRESSURE_LOW)));
        assertEquals("MPa", WaterCondition.PRESSURE_LOW.unit());
        assertTrue(WaterCondition.PRESSURE_LOW.needsWork());
        assertTrue(!WaterCondition.PRESSURE_HIGH.needsWork());
    }

    @Test
    void aMissingLimitIsNotJudgedAndARaisedConditionWithoutItsLimitReturnsToNormal() throws Exception {
        Twin onlyHigh = sensor("\"measures\":\"level\",", "\"levelHigh\":2.6", "\"level\":0.1");
        assertEquals(List.of(), changes(onlyHigh, EnumSet.noneOf(WaterCondition.class)));
        assertEquals(List.of("normal safety.water-low"), changes(onlyHigh, EnumSet.of(WaterCondition.WATER_LOW)));
        Twin noLimits = sensor("\"measures\":\"level\",", "\"levelLow\":\"1.2\"", "\"level\":0.1");
        assertEquals(List.of(), changes(noLimits, EnumSet.noneOf(WaterCondition.class)), "a text limit is none");
    }

    @Test
    void aReadingThatIsNoNumberIsIgnoredWithAReasonAndChangesNothing() throws Exception {
        Set<WaterCondition> low = EnumSet.of(WaterCondition.WATER_LOW);
        WaterRule.Evaluation text = rule.evaluate(sensor("\"measures\":\"level\",", "\"levelLow\":1.2",
                "\"level\":\"low\""), low);
        assertEquals(List.of(), text.transitions());
        assertEquals(Optional.of("the level reading \"low\" is not a number"), text.ignored());
        WaterRule.Evaluation missing = rule.evaluate(sensor("\"measures\":\"level\",", "\"levelLow\":1.2",
                "\"timestamp\":\"2026-12-06T10:00:00+08:00\""), low);
        assertEquals(Optional.of("no level reading"), missing.ignored());
        WaterRule.Evaluation nothing = rule.evaluate(sensor("", "\"levelLow\":1.2", "\"x\":1"), low);
        assertEquals(Optional.of("no level or pressure reading"), nothing.ignored());
    }

    @Test
    void withoutMeasuresTheReadingsPresentAreJudged() throws Exception {
        Twin both = sensor("", "\"levelLow\":1.2,\"pressureHigh\":1.0", "\"level\":1.0,\"pressure\":1.1");
        assertEquals(List.of("raise safety.water-low", "raise safety.pressure-high"),
                changes(both, EnumSet.noneOf(WaterCondition.class)));
    }

    @Test
    void inRangeSaysWhetherEveryReadingIsWithinItsLimits() throws Exception {
        assertEquals(Optional.of(true), WaterRule.inRange(level(1.2)));
        assertEquals(Optional.of(false), WaterRule.inRange(level(1.1)));
        assertEquals(Optional.of(false), WaterRule.inRange(level(2.7)));
        assertEquals(Optional.empty(), WaterRule.inRange(sensor("\"measures\":\"level\",", "\"levelLow\":1.2",
                "\"level\":\"x\"")));
    }

    @Test
    void aNegativeDeadbandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WaterRule(-0.01, 0.02));
        assertThrows(IllegalArgumentException.class, () -> new WaterRule(0.05, Double.NaN));
    }
}
