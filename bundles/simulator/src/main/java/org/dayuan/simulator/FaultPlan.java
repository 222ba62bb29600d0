package org.dayuan.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which meter has which fault over which time window. Immutable; {@link #plan} derives it from the meters, the
 * instant the demo starts and a seed, so the same inputs always give the same faults.
 *
 * @param entries the faults, at most one per meter and fault
 */
public record FaultPlan(List<Entry> entries) {
    /** Building whose HVAC is left on, as in scenario 6; if it has no HVAC meters, a seeded pick of those that do. */
    public static final String HVAC_BUILDING = "b";
    /** Load multiplier of a {@link Fault#SPIKE}. */
    public static final double SPIKE_FACTOR = 4;
    /** Range of a {@link Fault#LEAK}'s extra flow, m³/h. */
    public static final double LEAK_MIN = 0.3;
    public static final double LEAK_MAX = 0.5;
    /** Share of its working-hour load an HVAC meter keeps when left on. */
    public static final double LEFT_ON_SHARE = 1.0;

    private static final LocalTime EVENING = LocalTime.of(17, 30);
    private static final LocalTime MORNING = LocalTime.of(8, 30);
    private static final LocalTime LEAK_START = LocalTime.of(22, 0);
    private static final int LEAK_DAYS_BEFORE = 2;
    private static final Duration STUCK_MIN_AGE = Duration.ofHours(2);
    private static final int STUCK_EXTRA_QUARTERS = 8;
    private static final int SPIKE_LATEST_HOURS = 12;

    /**
     * One fault on one meter.
     *
     * @param from      first instant the fault is active
     * @param until     first instant it is over; {@link Instant#MAX} for open-ended
     * @param magnitude {@link Fault#SPIKE}: load factor; {@link Fault#LEAK}: extra flow m³/h; {@link Fault#HVAC_LEFT_ON}:
     *                  share of the working-hour load kept; {@link Fault#STUCK}: unused (0)
     */
    public record Entry(String thingId, Fault fault, Instant from, Instant until, double magnitude) {
        public Entry {
            Objects.requireNonNull(thingId, "thingId");
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!from.isBefore(until)) {
                throw new IllegalArgumentException("Fault " + fault + " on " + thingId + " must start before it ends: "
                        + from + " .. " + until);
            }
            if (!(magnitude >= 0) || Double.isInfinite(magnitude)) {
                throw new IllegalArgumentException("Fault " + fault + " on " + thingId
                        + " needs a magnitude >= 0, was " + magnitude);
            }
        }

        public boolean activeAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(until);
        }
    }

    public FaultPlan {
        entries = List.copyOf(entries);
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                if (entries.get(i).thingId().equals(entries.get(j).thingId())
                        && entries.get(i).fault() == entries.get(j).fault()) {
                    throw new IllegalArgumentException("Fault " + entries.get(i).fault() + " is planned twice on "
                            + entries.get(i).thingId());
                }
            }
        }
    }

    public static FaultPlan none() {
        return new FaultPlan(List.of());
    }

    /**
     * The faults for a demo starting at {@code now}, each only if enabled and a suitable meter exists. Meters are
     * picked by a Random seeded with {@code seed} from the meters sorted by thingId, and no meter gets two faults:
     * <ul>
     * <li>{@link Fault#HVAC_LEFT_ON}: every HVAC meter of building {@value #HVAC_BUILDING}, from 17:30 on the day
     * before {@code now} to 08:30 on the day after (local time), so both last night and tonight.</li>
     * <li>{@link Fault#LEAK}: one water meter, from 22:00 two days before {@code now}, open-ended.</li>
     * <li>{@link Fault#STUCK}: one floor lighting meter (else any electricity sub-meter, else any meter), from 2 to 4
     * hours before {@code now}, open-ended.</li>
     * <li>{@link Fault#SPIKE}: one electricity main (else any electricity meter) for one whole hour within the 12
     * hours before {@code now}.</li>
     * </ul>
     */
    public static FaultPlan plan(List<SimMeter> meters, Instant now, long seed, Set<Fault> enabled) {
        Objects.requireNonNull(now, "now");
        List<SimMeter> sorted = new ArrayList<>(meters);
        sorted.sort(Comparator.comparing(SimMeter::thingId));
        LocalDate today = LocalDate.ofInstant(now, SimulatorConstants.ZONE);
        List<Entry> entries = new ArrayList<>();
        Set<String> taken = new TreeSet<>();

        if (enabled.contains(Fault.HVAC_LEFT_ON)) {
            Instant from = today.minusDays(1).atTime(EVENING).atZone(SimulatorConstants.ZONE).toInstant();
            Instant until = today.plusDays(1).atTime(MORNING).atZone(SimulatorConstants.ZONE).toInstant();
            hvacBuilding(sorted, random(seed, Fault.HVAC_LEFT_ON)).ifPresent(building -> sorted.stream()
                    .filter(m -> m.kind() == MeterKind.HVAC && m.building().equals(building))
                    .forEach(m -> {
                        entries.add(new Entry(m.thingId(), Fault.HVAC_LEFT_ON, from, until, LEFT_ON_SHARE));
                        taken.add(m.thingId());
                    }));
        }
        if (enabled.contains(Fault.LEAK)) {
            Random random = random(seed, Fault.LEAK);
            Instant from = today.minusDays(LEAK_DAYS_BEFORE).atTime(LEAK_START).atZone(SimulatorConstants.ZONE)
                    .toInstant();
            double flow = LEAK_MIN + (LEAK_MAX - LEAK_MIN) * random.nextDouble();
            pick(sorted, taken, random, m -> m.kind().carrier() == MeterKind.Carrier.WATER)
                    .ifPresent(m -> add(entries, taken, new Entry(m.thingId(), Fault.LEAK, from, Instant.MAX, flow)));
        }
        if (enabled.contains(Fault.STUCK)) {
            Random random = random(seed, Fault.STUCK);
            Instant from = now.minus(STUCK_MIN_AGE).minus(Duration.ofMinutes(15L * random.nextInt(
                    STUCK_EXTRA_QUARTERS + 1)));
            pick(sorted, taken, random, m -> m.kind() == MeterKind.LIGHTING)
                    .or(() -> pick(sorted, taken, random, m -> m.kind().carrier() == MeterKind.Carrier.ELECTRICITY
                            && !m.kind().isMain()))
                    .or(() -> pick(sorted, taken, random, m -> true))
                    .ifPresent(m -> add(entries, taken, new Entry(m.thingId(), Fault.STUCK, from, Instant.MAX, 0)));
        }
        if (enabled.contains(Fault.SPIKE)) {
            Random random = random(seed, Fault.SPIKE);
            Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1 + random.nextInt(
                    SPIKE_LATEST_HOURS)));
            Instant until = from.plus(Duration.ofHours(1));
            pick(sorted, taken, random, m -> m.kind() == MeterKind.MAIN)
                    .or(() -> pick(sorted, taken, random, m -> m.kind().carrier() == MeterKind.Carrier.ELECTRICITY))
                    .ifPresent(m -> add(entries, taken,
                            new Entry(m.thingId(), Fault.SPIKE, from, until, SPIKE_FACTOR)));
        }
        return new FaultPlan(entries);
    }

    /** The faults planned for one meter. */
    public List<Entry> of(String thingId) {
        return entries.stream().filter(e -> e.thingId().equals(thingId)).toList();
    }

    /** The meters that have this fault. */
    public List<String> meters(Fault fault) {
        return entries.stream().filter(e -> e.fault() == fault).map(Entry::thingId).toList();
    }

    public Optional<Entry> find(String thingId, Fault fault) {
        return entries.stream().filter(e -> e.thingId().equals(thingId) && e.fault() == fault).findFirst();
    }

    /** One Random per fault, so enabling one fault does not move another. */
    private static Random random(long seed, Fault fault) {
        return new Random(LoadProfile.mix(seed + 0x9E3779B97F4A7C15L * (fault.ordinal() + 1)));
    }

    private static Optional<String> hvacBuilding(List<SimMeter> sorted, Random random) {
        TreeSet<String> buildings = new TreeSet<>();
        sorted.stream().filter(m -> m.kind() == MeterKind.HVAC && !m.building().isEmpty())
                .forEach(m -> buildings.add(m.building()));
        if (buildings.isEmpty()) {
            return Optional.empty();
        }
        if (buildings.contains(HVAC_BUILDING)) {
            return Optional.of(HVAC_BUILDING);
        }
        return Optional.of(new ArrayList<>(buildings).get(random.nextInt(buildings.size())));
    }

    private static Optional<SimMeter> pick(List<SimMeter> sorted, Set<String> taken, Random random,
            Predicate<SimMeter> fits) {
        List<SimMeter> candidates = sorted.stream().filter(m -> !taken.contains(m.thingId())).filter(fits).toList();
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private static void add(List<Entry> entries, Set<String> taken, Entry entry) {
        entries.add(entry);
        taken.add(entry.thingId());
    }
}
