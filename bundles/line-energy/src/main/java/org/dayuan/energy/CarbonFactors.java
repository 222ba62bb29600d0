package org.dayuan.energy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Versioned table of standard-coal (kgce) and CO₂ factors. Config keys:
 * <ul>
 * <li>{@code kgce.<carrier> = number} per carrier unit, and {@code kgce.version} naming the standard;</li>
 * <li>{@code co2.<carrier>.<region>.<year> = number} per carrier unit, with optional
 * {@code co2.<carrier>.<region>.<year>.source = text}.</li>
 * </ul>
 * Grid factors are published per year and per regional grid, later than the year they describe, so a lookup
 * falls back to the newest year not after the one asked (else the oldest known) and to region "national".
 * Immutable.
 */
public final class CarbonFactors {
    public static final String NATIONAL = "national";

    /** GB/T 2589-2020 当量值 and the 生态环境部 / NDRC 2015 figures, as in DOMAIN.md §2.2–2.3. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kgce.version", "GB/T 2589-2020"),
            Map.entry("kgce.electricity", "0.1229"),
            Map.entry("kgce.gas", "1.2143"),
            // 0.03412 kgce/MJ × 3.6 MJ/kWh; cooling bought as thermal kWh is counted the same way.
            Map.entry("kgce.heat", "0.12283"),
            Map.entry("kgce.cooling", "0.12283"),
            Map.entry("kgce.gasoline", "1.4714"),
            Map.entry("kgce.diesel", "1.4571"),
            Map.entry("co2.electricity.national.2021", "0.5568"),
            Map.entry("co2.electricity.national.2022", "0.5366"),
            Map.entry("co2.electricity.national.2023", "0.5306"),
            Map.entry("co2.electricity.east-china.2022", "0.5617"),
            Map.entry("co2.electricity.east-china.2023", "0.5500"),
            Map.entry("co2.electricity.national.2023.source", "生态环境部 2023 announcement"),
            Map.entry("co2.gas.national.2015", "2.16"),
            Map.entry("co2.gasoline.national.2015", "2.93"),
            Map.entry("co2.diesel.national.2015", "3.10"),
            // 0.11 tCO₂/GJ = 0.11 × 3.6 kg/kWh.
            Map.entry("co2.heat.national.2015", "0.396"),
            Map.entry("co2.gas.national.2015.source", "NDRC 2015 公共建筑运营单位温室气体排放核算指南"));

    private record Entry(double value, String source) {
    }

    private final String kgceVersion;
    private final Map<Carrier, Double> kgce;
    private final Map<Carrier, Map<String, NavigableMap<Integer, Entry>>> co2;

    private CarbonFactors(String kgceVersion, Map<Carrier, Double> kgce, Map<Carrier, Map<String, NavigableMap<Integer, Entry>>> co2) {
        this.kgceVersion = kgceVersion;
        this.kgce = kgce;
        this.co2 = co2;
    }

    public static CarbonFactors defaults() {
        return parse(Settings.of(DEFAULTS));
    }

    /** The defaults with every {@code kgce.*} and {@code co2.*} key of the config laid over them. */
    public static CarbonFactors fromConfig(Settings config) {
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        for (String key : config.keys()) {
            if (key.startsWith("kgce.") || key.startsWith("co2.")) {
                merged.put(key, config.string(key, null));
            }
        }
        return parse(Settings.of(merged));
    }

    /** Exactly the {@code kgce.*} and {@code co2.*} entries of the config, no defaults; other keys are ignored. */
    public static CarbonFactors parse(Settings config) {
        Map<Carrier, Double> kgce = new EnumMap<>(Carrier.class);
        Map<Carrier, Map<String, NavigableMap<Integer, Entry>>> co2 = new EnumMap<>(Carrier.class);
        Map<String, String> sources = new HashMap<>();
        for (String key : config.keys()) {
            String value = config.string(key, null);
            if (key.startsWith("kgce.") && !key.equals("kgce.version")) {
                kgce.put(energyCarrier(key, key.substring("kgce.".length())), factor(key, value));
            } else if (key.startsWith("co2.")) {
                String[] parts = key.split("\\.", -1);
                if (parts.length == 5 && parts[4].equals("source")) {
                    sources.put(key.substring(0, key.length() - ".source".length()), value);
                    continue;
                }
                if (parts.length != 4) {
                    throw Settings.invalid(key, value, "is not co2.<carrier>.<region>.<year>[.source]");
                }
                Carrier carrier = energyCarrier(key, parts[1]);
                if (!parts[2].matches("[a-z][a-z0-9-]*")) {
                    throw Settings.invalid(key, value, "has region '" + parts[2] + "', expected lower-case like east-china");
                }
                if (!parts[3].matches("(19|20)\\d\\d")) {
                    throw Settings.invalid(key, value, "has year '" + parts[3] + "', expected like 2023");
                }
                co2.computeIfAbsent(carrier, c -> new HashMap<>())
                        .computeIfAbsent(parts[2], r -> new TreeMap<>())
                        .put(Integer.parseInt(parts[3]), new Entry(factor(key, value), null));
            }
        }
        sources.forEach((entryKey, source) -> attachSource(co2, entryKey, source));
        return new CarbonFactors(config.string("kgce.version", "unversioned"), kgce, co2);
    }

    private static void attachSource(Map<Carrier, Map<String, NavigableMap<Integer, Entry>>> co2, String entryKey, String source) {
        String[] parts = entryKey.split("\\.");
        Carrier carrier = energyCarrier(entryKey + ".source", parts[1]);
        NavigableMap<Integer, Entry> years = co2.getOrDefault(carrier, Map.of()).get(parts[2]);
        Entry entry = years == null || !parts[3].matches("\\d+") ? null : years.get(Integer.parseInt(parts[3]));
        if (entry == null) {
            throw Settings.invalid(entryKey + ".source", source, "describes no entry: " + entryKey + " is not set");
        }
        years.put(Integer.parseInt(parts[3]), new Entry(entry.value, source));
    }

    private static Carrier energyCarrier(String key, String name) {
        Carrier carrier;
        try {
            carrier = Carrier.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config key '" + key + "': " + e.getMessage());
        }
        if (!carrier.isEnergy()) {
            throw new IllegalArgumentException("config key '" + key + "': " + name + " is not energy and has no factor");
        }
        return carrier;
    }

    private static double factor(String key, String value) {
        double v = Settings.parseNumber(key, value);
        if (v < 0) {
            throw Settings.invalid(key, value, "must not be negative");
        }
        return v;
    }

    public String kgceVersion() {
        return kgceVersion;
    }

    /**
     * The factors for a carrier in a region and year. A missing factor is NaN, named "none" in the version,
     * so the caller can report what it could not convert instead of counting it as zero.
     */
    public Factor lookup(Carrier carrier, String region, int year) {
        if (!carrier.isEnergy()) {
            throw new IllegalArgumentException(carrier.id() + " is not energy and has no factor");
        }
        Double perUnit = kgce.get(carrier);
        String version = "kgce:" + (perUnit == null ? "none" : kgceVersion) + "; co2:";
        Map<String, NavigableMap<Integer, Entry>> regions = co2.getOrDefault(carrier, Map.of());
        String used = regions.containsKey(region) ? region : NATIONAL;
        NavigableMap<Integer, Entry> years = regions.get(used);
        if (years == null) {
            return new Factor(carrier, perUnit == null ? Double.NaN : perUnit, Double.NaN, version + "none", null);
        }
        var found = years.floorEntry(year);
        if (found == null) {
            found = years.firstEntry();
        }
        return new Factor(carrier, perUnit == null ? Double.NaN : perUnit, found.getValue().value,
                version + carrier.id() + "." + used + "." + found.getKey(), found.getValue().source);
    }
}
