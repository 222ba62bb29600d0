package org.dayuan.fleet.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuel norms in L/100 km against which a car's fuel use is judged: by displacement class, plug-in hybrids apart
 * (their km are partly electric), electric cars none.
 */
public final class FuelNorms {
    private record Band(double maxLitres, double norm) {
    }

    private final double fallback;
    private final double plugInHybrid;
    private final List<Band> bands = new ArrayList<>();

    /**
     * @param classes {@code <max displacement L>=<L/100 km>} pairs, comma-separated, e.g. {@code 1.6=7.5,2.0=8.5}
     * @throws IllegalArgumentException naming what does not parse
     */
    public FuelNorms(double fallback, String classes, double plugInHybrid) {
        if (!(fallback > 0) || !(plugInHybrid > 0)) {
            throw new IllegalArgumentException("fuel norms must be more than 0");
        }
        this.fallback = fallback;
        this.plugInHybrid = plugInHybrid;
        for (String part : classes == null ? new String[0] : classes.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=");
            try {
                bands.add(new Band(Double.parseDouble(kv[0].strip()), Double.parseDouble(kv[1].strip())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("fuel.norm.classes: '" + part.strip() + "' is not <max litres>="
                        + "<L/100 km>, e.g. 1.6=7.5");
            }
        }
        bands.sort((a, b) -> Double.compare(a.maxLitres, b.maxLitres));
    }

    /** The norm of a car of {@code energyType} and {@code displacement} (litres, null: unknown); none for electric. */
    public Optional<Double> norm(String energyType, Double displacement) {
        if ("electric".equals(energyType)) {
            return Optional.empty();
        }
        if ("plugInHybrid".equals(energyType)) {
            return Optional.of(plugInHybrid);
        }
        if (displacement != null && displacement > 0) {
            for (Band b : bands) {
                if (displacement <= b.maxLitres) {
                    return Optional.of(b.norm);
                }
            }
        }
        return Optional.of(fallback);
    }
}
