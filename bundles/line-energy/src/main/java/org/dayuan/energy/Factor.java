package org.dayuan.energy;

/**
 * Conversion factors for one carrier, region and year, as looked up in {@link CarbonFactors}.
 *
 * @param kgcePerUnit  kg of standard coal per carrier unit; NaN when the table has none
 * @param kgco2PerUnit kg CO₂ per carrier unit; NaN when the table has none
 * @param version      exactly which entries were used, e.g. {@code kgce:GB/T 2589-2020; co2:electricity.east-china.2023},
 *                     stored with every result so a figure can be recomputed or explained later
 * @param co2Source    the {@code .source} text of the CO₂ entry, or null
 */
public record Factor(Carrier carrier, double kgcePerUnit, double kgco2PerUnit, String version, String co2Source) {
}
