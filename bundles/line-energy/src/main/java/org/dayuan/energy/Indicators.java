package org.dayuan.energy;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Indicators of one subject for one month or year. Immutable.
 *
 * @param period         {@code "2023"} or {@code "2023-05"}
 * @param carriers       per carrier, in {@link Carrier} order
 * @param values         totals and intensities of the data given
 * @param projected      for a year in progress: values × days in year / days elapsed; else null
 * @param comparisons    for a year only: each metric with a baseline, against baseline and target path
 * @param quotaKgce      the yearly quota for a year, its month share for a month; null without a quota
 * @param quotaUsed      kgce / quotaKgce, or null
 * @param factorVersions every factor version used, sorted
 * @param notes          what could not be counted, e.g. a carrier without a CO₂ factor
 */
public record Indicators(String subjectId, String period, Map<Carrier, CarrierLine> carriers, Intensities values,
                         Intensities projected, Map<Metric, Comparison> comparisons, Double quotaKgce, Double quotaUsed,
                         SortedSet<String> factorVersions, List<String> notes) {
}
