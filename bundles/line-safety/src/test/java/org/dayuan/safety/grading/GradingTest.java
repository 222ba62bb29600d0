package org.dayuan.safety.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class GradingTest {
    static Map<String, Double> weights() {
        Map<String, Double> w = new HashMap<>();
        w.put(Grading.FALSE_ALARMS, 25.0);
        w.put(Grading.ACKNOWLEDGE, 10.0);
        w.put(Grading.VERIFY, 10.0);
        w.put(Grading.FAULTS, 15.0);
        w.put(Grading.DISABLED, 10.0);
        w.put(Grading.WATER, 15.0);
        w.put(Grading.HAZARDS, 15.0);
        return w;
    }

    static Grading.Settings settings(Map<String, Double> weights) {
        return new Grading.Settings(5, 30, 10, 2, 5, 5, 15, weights, 90, 75, 60);
    }

    private final Grading grading = new Grading(settings(weights()));

    private static Indicators clean() {
        return new Indicators(0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0, 0, 0, 0, 10, 0, 0, 0, 0);
    }

    @Test
    void anOrganisationWithNothingWrongScores100Green() {
        Grading.Grade g = grading.grade(clean());
        assertEquals(100.0, g.score());
        assertEquals("green", g.colour());
        assertEquals(7, g.subScores().size());
    }

    @Test
    void eachIndicatorTurnsIntoItsSubScore() {
        Indicators i = new Indicators(4, 1, OptionalDouble.of(10), OptionalDouble.of(20), 2, 3.5, 3, 2, 50, 4, 3,
                4, 1);
        Map<String, Double> s = grading.grade(i).subScores();
        assertEquals(75.0, s.get(Grading.FALSE_ALARMS), "1 of 4 verified fire alarms false");
        assertEquals(50.0, s.get(Grading.ACKNOWLEDGE), "twice the 5-minute target");
        assertEquals(100.0, s.get(Grading.VERIFY), "within the 30-minute target");
        assertEquals(73.0, s.get(Grading.FAULTS), "100 - 2 x 10 - 3.5 days x 2");
        assertEquals(90.0, s.get(Grading.DISABLED), "100 - 2 x 5");
        assertEquals(75.0, s.get(Grading.WATER), "3 of 4 sensors in range");
        assertEquals(65.0, s.get(Grading.HAZARDS), "100 - 4 x 5 - 1 x 15");
        // (25x75 + 10x50 + 10x100 + 15x73 + 10x90 + 15x75 + 15x65) / 100 = 74.7
        Grading.Grade g = grading.grade(i);
        assertEquals(74.7, g.score());
        assertEquals("yellow", g.colour());
    }

    @Test
    void subScoresStayWithin0And100() {
        Indicators awful = new Indicators(2, 2, OptionalDouble.of(1000), OptionalDouble.of(1e6), 50, 400, 30, 99,
                99, 5, 0, 99, 99);
        Grading.Grade g = grading.grade(awful);
        g.subScores().values().forEach(v -> assertEquals(true, v >= 0 && v <= 100, g.subScores().toString()));
        assertEquals("red", g.colour());
    }

    @Test
    void bandsAreInclusiveAtTheirLowerBound() {
        assertEquals("green", grading.colour(90));
        assertEquals("blue", grading.colour(89.9));
        assertEquals("blue", grading.colour(75));
        assertEquals("yellow", grading.colour(74.9));
        assertEquals("yellow", grading.colour(60));
        assertEquals("red", grading.colour(59.9));
    }

    @Test
    void weightsDecideHowMuchAnIndicatorCounts() {
        Map<String, Double> onlyWater = new HashMap<>();
        weights().keySet().forEach(k -> onlyWater.put(k, 0.0));
        onlyWater.put(Grading.WATER, 1.0);
        Indicators halfWater = new Indicators(1, 1, OptionalDouble.empty(), OptionalDouble.empty(), 0, 0, 0, 0, 1,
                2, 1, 0, 0);
        assertEquals(50.0, new Grading(settings(onlyWater)).grade(halfWater).score());
    }

    @Test
    void badSettingsAreRefused() {
        Map<String, Double> missing = weights();
        missing.remove(Grading.WATER);
        assertThrows(IllegalArgumentException.class, () -> settings(missing));
        Map<String, Double> zero = new HashMap<>();
        weights().keySet().forEach(k -> zero.put(k, 0.0));
        assertThrows(IllegalArgumentException.class, () -> settings(zero));
        assertThrows(IllegalArgumentException.class,
                () -> new Grading.Settings(5, 30, 10, 2, 5, 5, 15, weights(), 70, 75, 60));
        assertThrows(IllegalArgumentException.class,
                () -> new Grading.Settings(0, 30, 10, 2, 5, 5, 15, weights(), 90, 75, 60));
        assertThrows(IllegalArgumentException.class,
                () -> new Grading.Settings(5, 30, -1, 2, 5, 5, 15, weights(), 90, 75, 60));
    }
}
