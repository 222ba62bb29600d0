package org.dayuan.alarms.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Twin;

/**
 * Alarm-management figures (after ANSI/ISA-18.2 and EEMUA 191) over Alarm twins ({@code dayuan:Alarm:2.0.0}), for
 * the range [{@code from}, {@code to}): for the whole set given (the county: every alarm the caller sees) and per
 * organisation (the alarm's namespace, which is its source's). Plain Java over the twins as they are now; nothing is
 * read from history.
 *
 * <p>Definitions, each over the range [from, to):
 * <ul>
 *   <li><b>annunciation</b>: one entry of an alarm's {@code seen} (its raise and each repeat) in the range. An alarm
 *   without {@code seen} counts its {@code raisedAt} once. {@code seen} keeps the last 20 instants only, so an alarm
 *   repeated more than 20 times since the range began counts 20 there: the figures are a floor for such a source,
 *   which is flagged as chattering long before.</li>
 *   <li><b>alarms per 10 minutes</b>: {@code average} = annunciations × 600 s / the range's length in seconds;
 *   {@code busiest} = the most annunciations in any sliding 10-minute window [t, t + 10 min) (t any instant; the
 *   maximum is reached at a window that starts with an annunciation, whose instant is given as {@code start}).
 *   EEMUA 191's benchmark is at most one per 10 minutes on average.</li>
 *   <li><b>flood period</b> (EEMUA 191: more than 10 annunciations in 10 minutes), on a <em>sliding</em> window, not
 *   aligned 10-minute buckets, so a burst across a bucket boundary is not missed: the rate at an instant x is the
 *   number of annunciations in (x − 10 min, x]; a flood is a maximal stretch of time in which that rate exceeds 10.
 *   It starts at the annunciation that is the 11th within 10 minutes and ends when the rate falls back to 10 or
 *   fewer (10 minutes after an annunciation, at most 10 minutes after the last one of the flood). Each is given with
 *   {@code start}, {@code end} and {@code peak} (the highest rate in it).</li>
 *   <li><b>standing alarm</b>: raised more than 24 h before {@code to} and not closed by {@code to} (no
 *   {@code closedAt} or one at or after {@code to}); with {@code to} = now, open and older than a day.</li>
 *   <li><b>chattering source</b>: a source (twin) with 3 or more annunciations, of any of its alarms, within 60 s,
 *   i.e. in some sliding window [t, t + 60 s); given with its {@code peak} (most annunciations in 60 s).</li>
 *   <li><b>most frequent sources</b>: the ten sources with the most annunciations (ties by source id), each with the
 *   {@code name} of its most frequent alarm and the alarm types it raised.</li>
 *   <li><b>time to acknowledge / verify</b>: over the alarms raised in the range ({@code raisedAt}) that have been
 *   acknowledged / verified since (at any time): {@code acknowledgedAt} − {@code raisedAt} and {@code verifiedAt} −
 *   {@code raisedAt}, in seconds: count, mean, median (middle value, or the mean of the two middle ones) and p90 (the
 *   nearest-rank 90th percentile: the value at rank ⌈0.9·n⌉). Null figures when there is none.</li>
 *   <li><b>verified results</b>: among the alarms raised in the range, how many were verified real, false and test;
 *   the {@code falseAlarmRate} is false / (real + false), tests left out, null when neither.</li>
 * </ul>
 * Values that do not parse (an instant that is not ISO-8601) are left out of the figure they belong to.
 */
public final class AlarmFigures {
    public static final String ALARM = org.dayuan.alarms.Alarms.DEFINITION;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final int FLOOD_ABOVE = 10;
    public static final Duration STANDING_AFTER = Duration.ofHours(24);
    public static final Duration CHATTER_WINDOW = Duration.ofSeconds(60);
    public static final int CHATTER_AT_LEAST = 3;
    public static final int TOP = 10;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AlarmFigures() {
    }

    /** One alarm twin, as the figures need it. */
    record Alarm(String id, String namespace, String source, String type, String name, String state,
                 Instant raisedAt, Instant acknowledgedAt, Instant verifiedAt, Instant closedAt, String result,
                 List<Instant> seen) {
    }

    /** The figures of each organisation and of all of them together, as JSON: {@code {county, organisations}}. */
    public static ObjectNode report(Collection<Twin> alarms, Instant from, Instant to) {
        return reportOf(alarms.stream().map(AlarmFigures::alarm).toList(), from, to);
    }

    static ObjectNode reportOf(List<Alarm> all, Instant from, Instant to) {
        ObjectNode out = JSON.objectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.set("county", figures(all, from, to));
        ObjectNode orgs = out.putObject("organisations");
        new TreeMap<>(all.stream().collect(Collectors.groupingBy(Alarm::namespace)))
                .forEach((ns, list) -> orgs.set(ns, figures(list, from, to)));
        return out;
    }

    /** The figures of one set of alarms (see the class comment). */
    public static ObjectNode figures(Collection<Twin> alarms, Instant from, Instant to) {
        return figures(alarms.stream().map(AlarmFigures::alarm).toList(), from, to);
    }

    static ObjectNode figures(List<Alarm> alarms, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to " + to + " must be after from " + from);
        }
        ObjectNode out = JSON.objectNode();
        List<Instant> times = new ArrayList<>();
        Map<String, List<Instant>> bySource = new TreeMap<>();
        Map<String, Map<Alarm, Integer>> perAlarm = new HashMap<>();
        for (Alarm a : alarms) {
            for (Instant t : a.seen()) {
                if (!t.isBefore(from) && t.isBefore(to)) {
                    times.add(t);
                    bySource.computeIfAbsent(a.source(), s -> new ArrayList<>()).add(t);
                    perAlarm.computeIfAbsent(a.source(), s -> new HashMap<>()).merge(a, 1, Integer::sum);
                }
            }
        }
        times.sort(null);
        out.put("alarms", alarms.size());
        out.put("raised", alarms.stream().filter(a -> in(a.raisedAt(), from, to)).count());
        out.put("annunciations", times.size());

        ObjectNode rate = out.putObject("per10Minutes");
        double windows = (double) Duration.between(from, to).toMillis() / WINDOW.toMillis();
        rate.put("average", round(times.size() / windows));
        Window busiest = busiest(times, WINDOW);
        ObjectNode b = rate.putObject("busiest");
        b.put("count", busiest.count());
        putInstant(b, "start", busiest.start());

        List<Flood> floods = floods(times);
        ObjectNode f = out.putObject("floods");
        f.put("count", floods.size());
        ArrayNode periods = f.putArray("periods");
        floods.forEach(p -> periods.addObject().put("start", p.start().toString()).put("end", p.end().toString())
                .put("peak", p.peak()));
        f.put("annunciationsInFloods", floods.stream().mapToInt(Flood::annunciations).sum());

        List<Alarm> standing = alarms.stream().filter(a -> standing(a, to))
                .sorted(Comparator.comparing(Alarm::raisedAt).thenComparing(Alarm::id)).toList();
        ObjectNode s = out.putObject("standing");
        s.put("count", standing.size());
        ArrayNode sl = s.putArray("alarms");
        standing.forEach(a -> sl.addObject().put("alarm", a.id()).put("source", a.source()).put("type", a.type())
                .put("raisedAt", a.raisedAt().toString()));

        ArrayNode chattering = out.putArray("chattering");
        bySource.forEach((src, list) -> {
            list.sort(null);
            int peak = busiest(list, CHATTER_WINDOW).count();
            if (peak >= CHATTER_AT_LEAST) {
                chattering.addObject().put("source", src).put("peak", peak).put("annunciations", list.size());
            }
        });

        ArrayNode top = out.putArray("topSources");
        bySource.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<Instant>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP)
                .forEach(e -> {
                    Map<Alarm, Integer> counts = perAlarm.get(e.getKey());
                    Alarm most = counts.entrySet().stream()
                            .sorted(Comparator.comparing((Map.Entry<Alarm, Integer> c) -> -c.getValue())
                                    .thenComparing(c -> c.getKey().id()))
                            .findFirst().orElseThrow().getKey();
                    ObjectNode o = top.addObject().put("source", e.getKey()).put("name", most.name())
                            .put("count", e.getValue().size());
                    ArrayNode types = o.putArray("types");
                    counts.keySet().stream().map(Alarm::type).distinct().sorted().forEach(types::add);
                });

        List<Alarm> raised = alarms.stream().filter(a -> in(a.raisedAt(), from, to)).toList();
        out.set("timeToAcknowledge", durations(raised.stream().filter(a -> a.acknowledgedAt() != null)
                .map(a -> Duration.between(a.raisedAt(), a.acknowledgedAt())).toList()));
        out.set("timeToVerify", durations(raised.stream().filter(a -> a.verifiedAt() != null)
                .map(a -> Duration.between(a.raisedAt(), a.verifiedAt())).toList()));

        ObjectNode v = out.putObject("verified");
        long real = raised.stream().filter(a -> "real".equals(a.result())).count();
        long falses = raised.stream().filter(a -> "false".equals(a.result())).count();
        long test = raised.stream().filter(a -> "test".equals(a.result())).count();
        v.put("real", real);
        v.put("false", falses);
        v.put("test", test);
        if (real + falses == 0) {
            v.putNull("falseAlarmRate");
        } else {
            v.put("falseAlarmRate", round((double) falses / (real + falses)));
        }
        return out;
    }

    /** The most instants of sorted {@code times} in a window [t, t + length), with the first instant of one such. */
    record Window(int count, Instant start) {
    }

    static Window busiest(List<Instant> times, Duration length) {
        int best = 0;
        Instant start = null;
        for (int i = 0, j = 0; i < times.size(); i++) {
            Instant end = times.get(i).plus(length);
            while (j < times.size() && times.get(j).isBefore(end)) {
                j++;
            }
            if (j - i > best) {
                best = j - i;
                start = times.get(i);
            }
        }
        return new Window(best, start);
    }

    /** A flood: when it started and ended, its highest 10-minute rate and the annunciations within it. */
    record Flood(Instant start, Instant end, int peak, int annunciations) {
    }

    /**
     * The flood periods of sorted {@code times}: a sweep over the instants where the trailing 10-minute rate changes
     * (+1 at each annunciation, −1 ten minutes after it, both applied before the rate at that instant is read).
     */
    static List<Flood> floods(List<Instant> times) {
        TreeMap<Instant, Integer> change = new TreeMap<>();
        TreeMap<Instant, Integer> arrivals = new TreeMap<>();
        for (Instant t : times) {
            change.merge(t, 1, Integer::sum);
            change.merge(t.plus(WINDOW), -1, Integer::sum);
            arrivals.merge(t, 1, Integer::sum);
        }
        List<Flood> out = new ArrayList<>();
        int rate = 0;
        Instant start = null;
        int peak = 0;
        int inFlood = 0;
        for (Map.Entry<Instant, Integer> e : change.entrySet()) {
            rate += e.getValue();
            int arrived = arrivals.getOrDefault(e.getKey(), 0);
            if (start == null && rate > FLOOD_ABOVE) {
                start = e.getKey();
                peak = rate;
                // the annunciations still in the window belong to the flood they built up
                inFlood = rate;
            } else if (start != null && rate > FLOOD_ABOVE) {
                peak = Math.max(peak, rate);
                inFlood += arrived;
            } else if (start != null) {
                // what arrives as the rate falls to 10 or fewer no longer belongs to the flood
                out.add(new Flood(start, e.getKey(), peak, inFlood));
                start = null;
            }
        }
        return out;
    }

    private static boolean standing(Alarm a, Instant to) {
        return a.raisedAt() != null && a.raisedAt().isBefore(to.minus(STANDING_AFTER))
                && (a.closedAt() == null ? !"closed".equals(a.state()) : !a.closedAt().isBefore(to));
    }

    private static ObjectNode durations(List<Duration> durations) {
        ObjectNode out = JSON.objectNode();
        double[] s = durations.stream().mapToDouble(d -> Math.max(0, d.toMillis()) / 1000.0).sorted().toArray();
        out.put("count", s.length);
        if (s.length == 0) {
            out.putNull("mean");
            out.putNull("median");
            out.putNull("p90");
            return out;
        }
        double sum = 0;
        for (double x : s) {
            sum += x;
        }
        out.put("mean", round(sum / s.length));
        out.put("median", round(s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2));
        out.put("p90", round(s[(int) Math.ceil(0.9 * s.length) - 1]));
        return out;
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void putInstant(ObjectNode o, String key, Instant t) {
        if (t == null) {
            o.putNull(key);
        } else {
            o.put(key, t.toString());
        }
    }

    static Alarm alarm(Twin twin) {
        Objects.requireNonNull(twin, "twin");
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        String source = a.path("source").isTextual() ? a.path("source").asText()
                : a.path(Twin.PARENT).isTextual() ? a.path(Twin.PARENT).asText() : twin.id().toString();
        Instant raisedAt = instant(a.path("raisedAt"));
        List<Instant> seen = new ArrayList<>();
        if (a.path("seen").isArray() && !a.path("seen").isEmpty()) {
            a.path("seen").forEach(n -> {
                Instant t = instant(n);
                if (t != null) {
                    seen.add(t);
                }
            });
        } else if (raisedAt != null) {
            seen.add(raisedAt);
        }
        return new Alarm(twin.id().toString(), twin.id().namespace(), source, a.path("type").asText(""),
                a.path("name").asText(""), a.path("state").asText(""), raisedAt, instant(a.path("acknowledgedAt")),
                instant(a.path("verifiedAt")), instant(a.path("closedAt")),
                a.path("result").isTextual() ? a.path("result").asText() : null, List.copyOf(seen));
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
