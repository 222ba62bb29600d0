package org.dayuan.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory consumption per meter in 15-minute slots of the local day, the base every roll-up and rule reads.
 *
 * <p>Storage is one {@code float[]} per meter-day (96 slots, 92 or 100 on a DST change day) plus a 128-bit mask
 * of which slots received data, about 0.5 kB per meter-day: 1,000 meters kept for a year take some 180 MB, so
 * the wiring prunes to its retention. A float keeps 7 significant digits, ample for one slot of one meter;
 * sums are taken in double.
 *
 * <p>Thread safety: all methods may be called from any thread. Each meter's days are guarded by that meter's
 * own lock, so the single writer never blocks readers of other meters, and a reader sees each meter either
 * before or after a whole {@link #add}.
 */
public final class Ledger {
    public static final Duration SLOT = Duration.ofMinutes(15);
    static final double SLOT_HOURS = 0.25;
    private static final long SLOT_SECONDS = SLOT.toSeconds();

    private final ZoneId zone;
    private final Map<String, MeterDays> meters = new ConcurrentHashMap<>();

    public Ledger(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Spreads a counted interval over the slots it overlaps, in proportion to time; an interval inside one slot
     * goes wholly to it. Gaps and ignored readings ({@link Quality#counted()} false) add nothing.
     */
    public void add(Interval interval) {
        if (!interval.quality().counted()) {
            return;
        }
        MeterDays days = meters.computeIfAbsent(interval.meterId(), id -> new MeterDays());
        synchronized (days) {
            Instant from = interval.from();
            Instant to = interval.to();
            long total = Duration.between(from, to).toMillis();
            if (total == 0) {
                days.add(from, interval.quantity());
                return;
            }
            for (Instant s = slotStart(from, zone); s.isBefore(to); s = s.plus(SLOT)) {
                Instant overlapFrom = s.isAfter(from) ? s : from;
                Instant slotEnd = s.plus(SLOT);
                Instant overlapTo = slotEnd.isBefore(to) ? slotEnd : to;
                days.add(s, interval.quantity() * Duration.between(overlapFrom, overlapTo).toMillis() / total);
            }
        }
    }

    /** Total of the slots that start in {@code [from, to)}; 0 when there is no data. */
    public double sum(String meterId, Instant from, Instant to) {
        return usage(meterId, from, to).quantity();
    }

    /** Total and coverage of the slots that start in {@code [from, to)}. */
    public Usage usage(String meterId, Instant from, Instant to) {
        double[] sum = {0};
        int[] covered = {0};
        visit(meterId, from, to, (start, quantity) -> {
            covered[0]++;
            sum[0] += quantity;
        });
        return new Usage(sum[0], covered[0], (int) Resolution.QUARTER_HOUR.buckets(from, to, zone));
    }

    /**
     * Sums per calendar bucket: the first bucket is the one containing {@code from}, the last the one containing
     * the instant just before {@code to}. A bucket with no data at all is NaN, so a chart shows a gap, not a zero.
     */
    public double[] series(String meterId, Instant from, Instant to, Resolution resolution) {
        List<Instant> starts = new ArrayList<>();
        for (Instant s = resolution.floor(from, zone); s.isBefore(to); s = resolution.next(s, zone)) {
            starts.add(s);
        }
        double[] out = new double[starts.size()];
        if (starts.isEmpty()) {
            return out;
        }
        Arrays.fill(out, Double.NaN);
        Instant end = resolution.next(starts.get(starts.size() - 1), zone);
        int[] bucket = {0};
        visit(meterId, starts.get(0), end, (start, quantity) -> {
            while (bucket[0] + 1 < starts.size() && !start.isBefore(starts.get(bucket[0] + 1))) {
                bucket[0]++;
            }
            int b = bucket[0];
            out[b] = Double.isNaN(out[b]) ? quantity : out[b] + quantity;
        });
        return out;
    }

    /** Totals per carrier over the main meters among {@code meterInfos}; sub-meters would count twice. */
    public Map<Carrier, Double> totals(Collection<MeterInfo> meterInfos, Instant from, Instant to) {
        Map<Carrier, Double> out = new EnumMap<>(Carrier.class);
        for (MeterInfo m : meterInfos) {
            if (m.main()) {
                out.merge(m.carrier(), sum(m.id(), from, to), Double::sum);
            }
        }
        return out;
    }

    /** Drops every day before {@code before}, and meters left with no days. */
    public void prune(LocalDate before) {
        meters.entrySet().removeIf(e -> {
            MeterDays days = e.getValue();
            synchronized (days) {
                days.byDate.headMap(before).clear();
                return days.byDate.isEmpty();
            }
        });
    }

    public SortedSet<String> meters() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(meters.keySet()));
    }

    /** The local days that hold data for the meter, oldest first. */
    public SortedSet<LocalDate> days(String meterId) {
        MeterDays days = meters.get(meterId);
        if (days == null) {
            return Collections.emptySortedSet();
        }
        synchronized (days) {
            return Collections.unmodifiableSortedSet(new TreeSet<>(days.byDate.keySet()));
        }
    }

    /** Start of the 15-minute slot, counted from local midnight, that contains {@code t}. */
    static Instant slotStart(Instant t, ZoneId zone) {
        Instant dayStart = t.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        long seconds = Duration.between(dayStart, t).getSeconds();
        return dayStart.plusSeconds(seconds / SLOT_SECONDS * SLOT_SECONDS);
    }

    private interface SlotVisitor {
        void slot(Instant start, double quantity);
    }

    /**
     * Calls the visitor for every slot with data starting in {@code [floor(from), to)}, in order. It walks only the
     * days that hold data, so the meter's lock is held for as long as its data takes, whatever range is asked.
     */
    private void visit(String meterId, Instant from, Instant to, SlotVisitor visitor) {
        MeterDays days = meters.get(meterId);
        Instant start = slotStart(from, zone);
        if (days == null || !start.isBefore(to)) {
            return;
        }
        LocalDate first = start.atZone(zone).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        synchronized (days) {
            for (Map.Entry<LocalDate, Day> e : days.byDate.subMap(first, true, last, true).entrySet()) {
                Instant dayStart = e.getKey().atStartOfDay(zone).toInstant();
                Day day = e.getValue();
                for (int index = 0; index < day.quantities.length; index++) {
                    Instant s = dayStart.plusSeconds(index * SLOT_SECONDS);
                    if (!s.isBefore(to)) {
                        break;
                    }
                    if (day.covered(index) && !s.isBefore(start)) {
                        visitor.slot(s, day.quantities[index]);
                    }
                }
            }
        }
    }

    /** One meter's days; guarded by its own monitor. */
    private final class MeterDays {
        final NavigableMap<LocalDate, Day> byDate = new TreeMap<>();

        void add(Instant instant, double quantity) {
            Instant start = slotStart(instant, zone);
            LocalDate date = start.atZone(zone).toLocalDate();
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            Day day = byDate.computeIfAbsent(date, d -> new Day(slotsIn(d)));
            day.add((int) (Duration.between(dayStart, start).getSeconds() / SLOT_SECONDS), quantity);
        }

        private int slotsIn(LocalDate date) {
            long seconds = Duration.between(date.atStartOfDay(zone), date.plusDays(1).atStartOfDay(zone)).getSeconds();
            return (int) ((seconds + SLOT_SECONDS - 1) / SLOT_SECONDS);
        }
    }

    private static final class Day {
        final float[] quantities;
        final long[] coveredBits;

        Day(int slots) {
            quantities = new float[slots];
            coveredBits = new long[(slots + 63) / 64];
        }

        void add(int index, double quantity) {
            quantities[index] = (float) (quantities[index] + quantity);
            coveredBits[index >> 6] |= 1L << (index & 63);
        }

        boolean covered(int index) {
            return (coveredBits[index >> 6] & (1L << (index & 63))) != 0;
        }
    }
}
