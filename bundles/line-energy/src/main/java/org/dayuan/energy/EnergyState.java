package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.energy.rules.Finding;
import org.dayuan.energy.rules.NightBaseloadRule;
import org.dayuan.energy.rules.NightWaterRule;
import org.dayuan.energy.rules.QuotaRule;
import org.dayuan.energy.rules.SpikeRule;
import org.dayuan.energy.rules.StaleMeterRule;

/**
 * What the energy line knows, built from twins as they arrive: meters and the subjects they feed (organisations,
 * buildings), each meter's consumption tracker, the ledger of 15-minute consumption, and imported bills. It turns
 * readings into intervals, subjects and periods into indicators, and runs the alarm rules. Plain Java: the
 * component feeds it twins and readings from {@code twin:}; it never writes anything itself.
 */
public final class EnergyState {
    static final String ENERGY_METER = "dayuan:EnergyMeter:1.0.0";
    static final String WATER_METER = "dayuan:WaterMeter:1.0.0";
    static final String ORGANISATION = "dayuan:Organisation:1.0.0";
    static final String BUILDING = "dayuan:Building:1.0.0";
    /** The organisation twin's feature that keeps its imported bills: {@code {"2026-10": {"gas": {"quantity": ..}}}}. */
    public static final String BILLS_FEATURE = "energyBills";

    /** What the rules and indicators make of the settings; replaced whole when they change, nothing replayed. */
    private record Rules(CarbonFactors factors, String region, IndicatorCalculator calculator, StaleMeterRule stale,
                         NightBaseloadRule nightBaseload, SpikeRule spike, NightWaterRule nightWater, QuotaRule quota,
                         Set<String> excludedEndUses) {
        static Rules of(Settings settings, ZoneId zone) {
            WorkCalendar calendar = WorkCalendar.fromConfig(settings);
            return new Rules(CarbonFactors.fromConfig(settings), settings.string("region", "east-china"),
                    new IndicatorCalculator(Targets.fromConfig(settings), zone), StaleMeterRule.fromConfig(settings),
                    NightBaseloadRule.fromConfig(settings, calendar), SpikeRule.fromConfig(settings, zone),
                    NightWaterRule.fromConfig(settings, zone), QuotaRule.fromConfig(settings),
                    Set.copyOf(settings.list("nightBaseload.excludeEndUses").isEmpty()
                            ? List.of("special") : settings.list("nightBaseload.excludeEndUses")));
        }
    }

    /**
     * The settings that shape the consumption itself: the zone its days are cut in, the longest interval spread over
     * the ledger, each carrier's plausibility limit. A change to any of them means rebuilding from the history.
     */
    private record Shape(ZoneId zone, Duration maxInterval, Map<Carrier, Double> maxPerHour) {
        static Shape of(Settings settings) {
            Map<Carrier, Double> maxPerHour = new EnumMap<>(Carrier.class);
            for (Carrier c : Carrier.values()) {
                maxPerHour.put(c, settings.number("maxPerHour." + c.id(), 0));
            }
            return new Shape(WorkCalendar.fromConfig(settings).zone(),
                    Duration.ofMinutes(Math.round(settings.positive("maxIntervalHours", 24) * 60)), maxPerHour);
        }
    }

    private volatile Rules rules;
    private volatile Shape shape;
    private volatile Ledger ledger;
    private final Map<String, ConsumptionTracker> trackers = new ConcurrentHashMap<>();
    private final Map<String, Subject> subjects = new ConcurrentHashMap<>();
    /** Bills per organisation, then month, then carrier. */
    private final Map<String, Map<YearMonth, Map<Carrier, Double>>> bills = new ConcurrentHashMap<>();
    private final Map<Quality, AtomicLong> quality = new EnumMap<>(Quality.class);
    private final AtomicLong gaps = new AtomicLong();
    /** Each meter's end use; meters of an excluded one run day and night by design (computer rooms). */
    private final Map<String, String> endUses = new ConcurrentHashMap<>();

    public EnergyState(Settings settings) {
        this.shape = Shape.of(settings);
        this.rules = Rules.of(settings, shape.zone());
        this.ledger = new Ledger(shape.zone());
        for (Quality q : Quality.values()) {
            quality.put(q, new AtomicLong());
        }
    }

    /** Whether going from {@code before} to {@code after} changes the consumption, so the history must be replayed. */
    public static boolean reshapes(Settings before, Settings after) {
        return !Shape.of(before).equals(Shape.of(after));
    }

    /**
     * Applies changed settings. Thresholds, factors, targets and the calendar take effect at once, with the
     * consumption kept; a change that {@link #reshapes reshapes} the consumption forgets it (meters, subjects and
     * bills stay), and the caller replays the history. A setting that does not parse throws and changes nothing.
     *
     * @return whether the consumption was forgotten and must be replayed
     */
    public boolean reconfigure(Settings settings) {
        Shape next = Shape.of(settings);
        Rules nextRules = Rules.of(settings, next.zone());
        boolean reshaped = !next.equals(shape);
        rules = nextRules;
        if (reshaped) {
            shape = next;
            ledger = new Ledger(next.zone());
            trackers.replaceAll((id, t) -> new ConsumptionTracker(withLimit(t.meter())));
            quality.values().forEach(n -> n.set(0));
            gaps.set(0);
        }
        return reshaped;
    }

    private MeterInfo withLimit(MeterInfo m) {
        return new MeterInfo(m.id(), m.carrier(), m.main(), m.multiplier(), m.feeds(), m.registerMax(),
                shape.maxPerHour().get(m.carrier()));
    }

    public ZoneId zone() {
        return shape.zone();
    }

    public String region() {
        return rules.region();
    }

    public CarbonFactors factors() {
        return rules.factors();
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Takes note of a twin: a meter or a subject is added or updated, anything else ignored. */
    public void twin(JsonNode twin) {
        String id = twin.path("thingId").asText();
        String definition = twin.path("definition").asText();
        JsonNode a = twin.path("attributes");
        switch (definition) {
            case ENERGY_METER, WATER_METER -> meter(id, definition, a).ifPresent(m -> {
                trackers.compute(id, (k, old) -> old != null && old.meter().equals(m) ? old : new ConsumptionTracker(m));
                endUses.put(id, a.path("endUse").asText());
            });
            case ORGANISATION -> {
                subjects.put(id, subject(id, a, a.path("buildingArea").asDouble(0), a.path("energyHeadcount").asInt(0)));
                bills(id, twin.path("features").path(BILLS_FEATURE).path("properties"));
            }
            case BUILDING -> subjects.put(id, subject(id, a, a.path("grossArea").asDouble(0),
                    a.path("energyHeadcount").asInt(0)));
            default -> {
            }
        }
    }

    /**
     * Forgets a deleted twin: a meter is no longer read, counted or judged (no stale finding for a meter taken out),
     * a subject no longer reported.
     */
    public void deleted(String id) {
        trackers.remove(id);
        endUses.remove(id);
        subjects.remove(id);
        bills.remove(id);
    }

    public boolean isMeter(String id) {
        return trackers.containsKey(id);
    }

    private Optional<MeterInfo> meter(String id, String definition, JsonNode a) {
        Carrier carrier;
        try {
            carrier = WATER_METER.equals(definition) ? Carrier.WATER : Carrier.parse(a.path("carrier").asText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> feeds = new ArrayList<>();
        a.path("relations").path("feeds").forEach(f -> feeds.add(f.asText()));
        double maxPerHour = shape.maxPerHour().get(carrier);
        return Optional.of(new MeterInfo(id, carrier, "main".equals(a.path("role").asText()),
                Math.max(1, a.path("ctMultiplier").asDouble(1)), feeds, a.path("registerMax").asDouble(0),
                maxPerHour));
    }

    private static Subject subject(String id, JsonNode a, double area, int headcount) {
        JsonNode b = a.path("energyBaseline");
        Baseline baseline = b.isObject() ? new Baseline(b.path("year").asInt(2020), number(b, "kgcePerM2"),
                number(b, "kgcePerPerson"), number(b, "waterM3PerPerson"), number(b, "co2PerM2")) : null;
        Double quota = number(a.path("energyQuota"), "kgce");
        return new Subject(id, a.path("name").asText(id), area, headcount, baseline, quota);
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    /**
     * A meter's reading as its feature holds it ({@code reading} and {@code timestamp}); what is not a reading of a
     * known meter is ignored. Returns the intervals it produced.
     */
    public List<Interval> reading(String meterId, JsonNode properties) {
        ConsumptionTracker tracker = trackers.get(meterId);
        JsonNode reading = properties.path("reading");
        if (tracker == null || !reading.isNumber()) {
            return List.of();
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(properties.path("timestamp").asText()).toInstant();
        } catch (DateTimeParseException e) {
            quality.get(Quality.INVALID).incrementAndGet();
            return List.of();
        }
        List<Interval> intervals;
        synchronized (tracker) {
            intervals = tracker.accept(time, reading.asDouble());
        }
        for (Interval interval : intervals) {
            quality.get(interval.quality()).incrementAndGet();
            if (!interval.quality().counted()) {
                continue;
            }
            if (Duration.between(interval.from(), interval.to()).compareTo(shape.maxInterval()) > 0) {
                // After a long silence nobody knows when the energy was used: spreading it evenly would invent
                // months of flat load for the rules to compare against, so it stays out of the 15-minute ledger.
                gaps.incrementAndGet();
            } else {
                ledger.add(interval);
            }
        }
        return intervals;
    }

    /** Intervals left out of the ledger because they spanned more than {@code maxIntervalHours}. */
    public long gaps() {
        return gaps.get();
    }

    public Map<Quality, Long> qualityCounts() {
        Map<Quality, Long> out = new EnumMap<>(Quality.class);
        quality.forEach((q, n) -> out.put(q, n.get()));
        return out;
    }

    private void bills(String organisation, JsonNode months) {
        months.fields().forEachRemaining(month -> {
            try {
                YearMonth period = YearMonth.parse(month.getKey());
                month.getValue().fields().forEachRemaining(c -> bill(new Bill(organisation,
                        Carrier.parse(c.getKey()), period, c.getValue().path("quantity").asDouble(), null)));
            } catch (RuntimeException ignored) {
                // written by hand, not by the import: not a bill this line can read
            }
        });
    }

    /** Records a bill, replacing an earlier one of the same organisation, month and carrier. */
    public void bill(Bill bill) {
        bills.computeIfAbsent(bill.organisation(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(bill.period(), k -> new ConcurrentHashMap<>())
                .put(bill.carrier(), bill.quantity());
    }

    public Collection<Subject> subjects() {
        return new TreeMap<>(subjects).values();
    }

    public Optional<Subject> subject(String id) {
        return Optional.ofNullable(subjects.get(id));
    }

    public List<MeterInfo> meters() {
        return trackers.values().stream().map(ConsumptionTracker::meter).sorted(
                java.util.Comparator.comparing(MeterInfo::id)).toList();
    }

    /**
     * The meters that count for a subject: per carrier, the main meters that feed it, or where none does, its
     * sub-meters, so a building's main meter and the sub-meters below it are never added together.
     */
    public List<MeterInfo> metersOf(String subjectId) {
        Map<Carrier, List<MeterInfo>> main = new EnumMap<>(Carrier.class);
        Map<Carrier, List<MeterInfo>> sub = new EnumMap<>(Carrier.class);
        for (MeterInfo m : meters()) {
            if (m.feeds().contains(subjectId)) {
                (m.main() ? main : sub).computeIfAbsent(m.carrier(), c -> new ArrayList<>()).add(m);
            }
        }
        List<MeterInfo> out = new ArrayList<>();
        for (Carrier c : Carrier.values()) {
            out.addAll(main.containsKey(c) ? main.get(c) : sub.getOrDefault(c, List.of()));
        }
        return out;
    }

    /** Metered quantity per carrier of a subject between two instants. */
    public Map<Carrier, Double> metered(String subjectId, Instant from, Instant to) {
        Map<Carrier, Double> out = new EnumMap<>(Carrier.class);
        for (MeterInfo m : metersOf(subjectId)) {
            if (!ledger.days(m.id()).isEmpty()) {
                out.merge(m.carrier(), ledger.sum(m.id(), from, to), Double::sum);
            }
        }
        return out;
    }

    public Indicators indicators(Subject subject, YearMonth month) {
        ZoneId zone = zone();
        Rules r = rules;
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return r.calculator().compute(subject, month, metered(subject.id(), from, to),
                billed(subject.id(), List.of(month)), r.factors(), r.region());
    }

    public Indicators indicators(Subject subject, Year year, Instant asOf) {
        ZoneId zone = zone();
        Rules r = rules;
        Instant from = year.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = year.plusYears(1).atDay(1).atStartOfDay(zone).toInstant();
        List<YearMonth> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(year.atMonth(m));
        }
        return r.calculator().compute(subject, year, metered(subject.id(), from, to), billed(subject.id(), months),
                r.factors(), r.region(), asOf);
    }

    private Map<Carrier, Double> billed(String subjectId, List<YearMonth> months) {
        Map<Carrier, Double> out = new EnumMap<>(Carrier.class);
        Map<YearMonth, Map<Carrier, Double>> of = bills.getOrDefault(subjectId, Map.of());
        for (YearMonth m : months) {
            of.getOrDefault(m, Map.of()).forEach((c, q) -> out.merge(c, q, Double::sum));
        }
        return out;
    }

    /** Every rule's findings at {@code now}. */
    public List<Finding> findings(Instant now) {
        List<MeterInfo> meters = meters();
        Map<String, Instant> last = new HashMap<>();
        trackers.forEach((id, t) -> {
            if (t.lastTime() != null) {
                last.put(id, t.lastTime());
            }
        });
        Rules r = rules;
        Ledger l = ledger;
        YearMonth month = YearMonth.from(now.atZone(zone()));
        List<Indicators> monthly = subjects().stream().filter(s -> s.yearlyQuotaKgce() != null)
                .map(s -> indicators(s, month)).toList();
        List<Finding> out = new ArrayList<>(r.stale().evaluate(last, now));
        out.addAll(r.nightBaseload().evaluate(meters.stream()
                .filter(m -> !r.excludedEndUses().contains(endUses.getOrDefault(m.id(), ""))).toList(), l, now));
        out.addAll(r.spike().evaluate(meters, l, now));
        out.addAll(r.nightWater().evaluate(meters, l, now));
        out.addAll(r.quota().evaluate(monthly, now));
        return out;
    }

    /** Drops ledger days older than {@code keepDays}. */
    public void prune(Instant now, int keepDays) {
        ledger.prune(LocalDate.ofInstant(now.minus(Duration.ofDays(keepDays)), zone()));
    }
}
