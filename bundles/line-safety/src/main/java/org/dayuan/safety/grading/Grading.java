package org.dayuan.safety.grading;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The four-colour grade (§2.8): each indicator becomes a sub-score from 0 to 100, the weighted mean of the sub-scores
 * is the score, and the bands turn the score into green (绿), blue (蓝), yellow (黄) or red (红). Pure arithmetic on
 * {@link Indicators}; the weights, targets, penalties and bands come from the configuration.
 */
public final class Grading {
    public static final String FALSE_ALARMS = "falseAlarms";
    public static final String ACKNOWLEDGE = "acknowledge";
    public static final String VERIFY = "verify";
    public static final String FAULTS = "faults";
    public static final String DISABLED = "disabled";
    public static final String WATER = "water";
    public static final String HAZARDS = "hazards";

    /** Weights by sub-score name (the constants above); the bands' lower bounds. */
    public record Settings(double acknowledgeTargetMinutes, double verifyTargetMinutes, double faultPenalty,
                           double faultDayPenalty, double disabledPenalty, double hazardPenalty,
                           double overduePenalty, Map<String, Double> weights, double green, double blue,
                           double yellow) {
        public Settings {
            weights = Map.copyOf(weights);
            if (!(acknowledgeTargetMinutes > 0) || !(verifyTargetMinutes > 0)) {
                throw new IllegalArgumentException("The acknowledge and verify targets must be above 0 minutes");
            }
            for (double p : new double[] {faultPenalty, faultDayPenalty, disabledPenalty, hazardPenalty,
                    overduePenalty}) {
                if (!(p >= 0)) {
                    throw new IllegalArgumentException("Penalties must be numbers of at least 0, not " + p);
                }
            }
            double sum = 0;
            for (String k : new String[] {FALSE_ALARMS, ACKNOWLEDGE, VERIFY, FAULTS, DISABLED, WATER, HAZARDS}) {
                Double w = weights.get(k);
                if (w == null || !(w >= 0)) {
                    throw new IllegalArgumentException("The weight of " + k + " must be a number of at least 0, not "
                            + w);
                }
                sum += w;
            }
            if (sum <= 0) {
                throw new IllegalArgumentException("At least one weight must be above 0");
            }
            if (!(green <= 100 && blue <= green && yellow <= blue && yellow >= 0)) {
                throw new IllegalArgumentException("Bands must fall 100 >= green >= blue >= yellow >= 0, not green "
                        + green + ", blue " + blue + ", yellow " + yellow);
            }
        }
    }

    /** The sub-scores by name, the score and its colour. */
    public record Grade(Map<String, Double> subScores, double score, String colour) {
    }

    private final Settings settings;

    public Grading(Settings settings) {
        this.settings = settings;
    }

    public Grade grade(Indicators i) {
        Map<String, Double> sub = new LinkedHashMap<>();
        sub.put(FALSE_ALARMS, clamp(100 * (1 - i.falseAlarmRate())));
        sub.put(ACKNOWLEDGE, timely(i.acknowledgeMinutes(), settings.acknowledgeTargetMinutes()));
        sub.put(VERIFY, timely(i.verifyMinutes(), settings.verifyTargetMinutes()));
        sub.put(FAULTS, clamp(100 - settings.faultPenalty() * i.openFaults()
                - settings.faultDayPenalty() * i.faultDays()));
        sub.put(DISABLED, clamp(100 - settings.disabledPenalty() * i.disabledComponents()));
        sub.put(WATER, clamp(i.waterInRangePercent()));
        sub.put(HAZARDS, clamp(100 - settings.hazardPenalty() * i.openHazards()
                - settings.overduePenalty() * i.overdueHazards()));
        double weighted = 0;
        double weights = 0;
        for (Map.Entry<String, Double> e : sub.entrySet()) {
            double w = settings.weights().get(e.getKey());
            weighted += w * e.getValue();
            weights += w;
        }
        double score = round(weighted / weights);
        sub.replaceAll((k, v) -> round(v));
        return new Grade(Map.copyOf(sub), score, colour(score));
    }

    /** green at or above the green band, blue at or above blue, yellow at or above yellow, red below. */
    public String colour(double score) {
        if (score >= settings.green()) {
            return "green";
        }
        if (score >= settings.blue()) {
            return "blue";
        }
        return score >= settings.yellow() ? "yellow" : "red";
    }

    /** 100 within the target, then in proportion: twice the target scores 50. Nothing to time scores 100. */
    private static double timely(OptionalDouble minutes, double target) {
        if (minutes.isEmpty() || minutes.getAsDouble() <= target) {
            return 100;
        }
        return clamp(100 * target / minutes.getAsDouble());
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
