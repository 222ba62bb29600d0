package org.dayuan.safety.water;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;

/**
 * Compares a fire-water sensor's reading with the limits on its twin, with hysteresis: a condition is raised as soon
 * as the value is beyond its limit (strictly below a low, strictly above a high limit), and returns to normal only
 * once the value is back inside by the deadband (at or above low + deadband, at or below high - deadband), so a
 * level hovering at the limit does not raise an alarm with every reading. Which conditions are raised now is the
 * caller's to keep; the rule is a pure function of the twin and that set.
 */
public final class WaterRule {
    public static final String DEFINITION = "dayuan:WaterTankSensor:1.0.0";
    public static final String FEATURE = "tank";
    static final String LEVEL = "level";
    static final String PRESSURE = "pressure";
    private static final JsonPointer MEASURES = JsonPointer.of(Twin.ATTRIBUTES, "measures");

    private final double levelDeadband;
    private final double pressureDeadband;

    public WaterRule(double levelDeadband, double pressureDeadband) {
        if (!(levelDeadband >= 0) || !(pressureDeadband >= 0)) {
            throw new IllegalArgumentException("Deadbands must be numbers of at least 0, not " + levelDeadband
                    + " m and " + pressureDeadband + " MPa");
        }
        this.levelDeadband = levelDeadband;
        this.pressureDeadband = pressureDeadband;
    }

    /** A change to make: raise ({@code raise}) or return to normal the condition, with the value and the limit. */
    public record Transition(WaterCondition condition, boolean raise, double value, double threshold) {
    }

    /**
     * What the sensor's current reading calls for: transitions, and for a reading that cannot be judged (no value,
     * a value that is not a number) why not, so the caller can log it. A condition whose limit is missing is not
     * judged; if it was raised, it returns to normal, since the twin no longer defines it.
     */
    public record Evaluation(List<Transition> transitions, Optional<String> ignored) {
        static Evaluation ignored(String why) {
            return new Evaluation(List.of(), Optional.of(why));
        }
    }

    public static boolean isSensor(Twin twin) {
        return twin.definition().filter(DEFINITION::equals).isPresent();
    }

    public Evaluation evaluate(Twin sensor, Set<WaterCondition> raised) {
        List<Transition> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int judged = 0;
        for (String measure : measures(sensor)) {
            Optional<JsonNode> reading = sensor.get(JsonPointer.of(Twin.FEATURES, FEATURE, Twin.PROPERTIES, measure));
            if (reading.isEmpty() || reading.get().isNull()) {
                problems.add("no " + measure + " reading");
                continue;
            }
            if (!reading.get().isNumber() || !Double.isFinite(reading.get().doubleValue())) {
                problems.add("the " + measure + " reading " + reading.get() + " is not a number");
                continue;
            }
            double value = reading.get().doubleValue();
            judged++;
            for (WaterCondition c : EnumSet.allOf(WaterCondition.class)) {
                if (c.measure().equals(measure)) {
                    judge(sensor, c, value, raised.contains(c), out);
                }
            }
        }
        // a sensor without a usable reading keeps its conditions as they are: no news is not good news
        return judged == 0 ? Evaluation.ignored(problems.isEmpty() ? "no level or pressure reading"
                : String.join("; ", problems))
                : new Evaluation(List.copyOf(out), Optional.empty());
    }

    private void judge(Twin sensor, WaterCondition c, double value, boolean isRaised, List<Transition> out) {
        Optional<JsonNode> limit = sensor.get(JsonPointer.of(Twin.ATTRIBUTES, c.limitAttribute()))
                .filter(JsonNode::isNumber);
        if (limit.isEmpty()) {
            if (isRaised) {
                out.add(new Transition(c, false, value, Double.NaN));
            }
            return;
        }
        double threshold = limit.get().doubleValue();
        double deadband = LEVEL.equals(c.measure()) ? levelDeadband : pressureDeadband;
        boolean beyond = c.low() ? value < threshold : value > threshold;
        boolean backInside = c.low() ? value >= threshold + deadband : value <= threshold - deadband;
        if (!isRaised && beyond) {
            out.add(new Transition(c, true, value, threshold));
        } else if (isRaised && backInside) {
            out.add(new Transition(c, false, value, threshold));
        }
    }

    /** Whether the sensor's readings are within all its limits now (the grading's "in range"), empty if unknown. */
    public static Optional<Boolean> inRange(Twin sensor) {
        boolean any = false;
        for (String measure : measures(sensor)) {
            Optional<JsonNode> reading = sensor.get(JsonPointer.of(Twin.FEATURES, FEATURE, Twin.PROPERTIES, measure))
                    .filter(JsonNode::isNumber);
            if (reading.isEmpty()) {
                continue;
            }
            any = true;
            double value = reading.get().doubleValue();
            for (WaterCondition c : WaterCondition.values()) {
                if (!c.measure().equals(measure)) {
                    continue;
                }
                Optional<JsonNode> limit = sensor.get(JsonPointer.of(Twin.ATTRIBUTES, c.limitAttribute()))
                        .filter(JsonNode::isNumber);
                if (limit.isPresent() && (c.low() ? value < limit.get().doubleValue()
                        : value > limit.get().doubleValue())) {
                    return Optional.of(false);
                }
            }
        }
        return any ? Optional.of(true) : Optional.empty();
    }

    /**
     * What the sensor measures: its {@code measures} attribute, or, when it names none, whichever readings the
     * feature holds.
     */
    private static List<String> measures(Twin sensor) {
        String m = sensor.get(MEASURES).filter(JsonNode::isTextual).map(JsonNode::asText).orElse("");
        if (m.equals(LEVEL) || m.equals(PRESSURE)) {
            return List.of(m);
        }
        return List.of(LEVEL, PRESSURE).stream()
                .filter(x -> sensor.has(JsonPointer.of(Twin.FEATURES, FEATURE, Twin.PROPERTIES, x))).toList();
    }
}
