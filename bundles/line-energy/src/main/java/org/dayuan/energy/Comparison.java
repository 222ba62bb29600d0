package org.dayuan.energy;

/**
 * A yearly intensity against its baseline and this year's point on the target path.
 *
 * @param baselineSource {@code "own"} or {@code "national"}
 * @param value          the year's value, projected to the full year while the year is in progress
 * @param percentVsBaseline (value / baseline − 1) × 100
 * @param onTrack        value at or below the target
 */
public record Comparison(Metric metric, double baseline, int baselineYear, String baselineSource, double value,
                         double percentVsBaseline, double target, boolean onTrack) {
}
