package org.dayuan.safety.grading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.safety.Searches;
import org.dayuan.safety.hazards.Hazards;
import org.dayuan.safety.water.WaterRule;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.WriteCondition;

/**
 * Grades every organisation (namespace) the line sees for one day: reads its safety alarms, fire components,
 * fire-water sensors and hazards, turns them into {@link Indicators}, grades them with {@link Grading}, ranks the
 * organisations by score and writes one {@code dayuan:SafetyGrade:1.0.0} twin per organisation and day,
 * {@code <namespace>:safety-grade-<yyyy-MM-dd>}, replacing an earlier grade of that day. Reads and writes as the
 * line (its grant); callers read the grades through their own view.
 */
public final class Grader {
    public static final String DEFINITION = "dayuan:SafetyGrade:1.0.0";
    public static final String ALARM = org.dayuan.alarms.Alarms.DEFINITION;
    public static final String DETECTOR = "dayuan:FireDetector:1.0.0";
    public static final String ORGANISATION = "dayuan:Organisation:1.0.0";
    private static final JsonPointer DISABLED = JsonPointer.of(Twin.FEATURES, "status", Twin.PROPERTIES, "disabled");
    private static final String FIRE = "safety.fire";

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final ZoneId zone;
    private final int days;
    private final Grading grading;
    private final Map<String, Double> weights;

    public Grader(TwinRegistry registry, TwinSearch search, ZoneId zone, int days, Grading.Settings settings) {
        if (days < 1) {
            throw new IllegalArgumentException("The grading window must be at least 1 day, not " + days);
        }
        this.registry = registry;
        this.search = search;
        this.zone = zone;
        this.days = days;
        this.grading = new Grading(settings);
        this.weights = settings.weights();
    }

    public ZoneId zone() {
        return zone;
    }

    public static TwinId gradeId(String namespace, LocalDate date) {
        return TwinId.of(namespace + ":safety-grade-" + date);
    }

    /** Grades every organisation as of {@code now}, filed under {@code now}'s day in the grading zone. */
    public List<Twin> gradeAll(Instant now) {
        Caller line = registry.identity();
        LocalDate date = now.atZone(zone).toLocalDate();
        Map<String, List<Twin>> alarms = byNamespace(Searches.all(search, line, "and(" + Searches.definition(ALARM)
                + ",like(attributes/type,\"safety.*\"))"));
        Map<String, List<Twin>> detectors = byNamespace(Searches.all(search, line, Searches.definition(DETECTOR)));
        Map<String, List<Twin>> sensors = byNamespace(Searches.all(search, line,
                Searches.definition(WaterRule.DEFINITION)));
        Map<String, List<Twin>> hazards = byNamespace(Searches.all(search, line,
                Searches.definition(Hazards.DEFINITION)));
        TreeSet<String> namespaces = new TreeSet<>();
        namespaces.addAll(byNamespace(Searches.all(search, line, Searches.definition(ORGANISATION))).keySet());
        namespaces.addAll(alarms.keySet());
        namespaces.addAll(detectors.keySet());
        namespaces.addAll(sensors.keySet());
        namespaces.addAll(hazards.keySet());

        record Graded(String namespace, Indicators indicators, Grading.Grade grade) {
        }
        List<Graded> graded = new ArrayList<>();
        for (String ns : namespaces) {
            Indicators i = indicators(alarms.getOrDefault(ns, List.of()), detectors.getOrDefault(ns, List.of()),
                    sensors.getOrDefault(ns, List.of()), hazards.getOrDefault(ns, List.of()), now);
            graded.add(new Graded(ns, i, grading.grade(i)));
        }
        graded.sort(Comparator.comparingDouble((Graded g) -> -g.grade().score()).thenComparing(Graded::namespace));
        List<Twin> out = new ArrayList<>();
        for (int k = 0; k < graded.size(); k++) {
            Graded g = graded.get(k);
            int rank = 1;
            while (rank - 1 < k && graded.get(rank - 1).grade().score() > g.grade().score()) {
                rank++;
            }
            ObjectNode thing = thing(g.namespace(), date, now, g.indicators(), g.grade(), rank, graded.size());
            out.add(registry.put(line, gradeId(g.namespace(), date), JsonPointer.empty(), thing, WriteCondition.NONE)
                    .twin().orElseThrow());
        }
        return out;
    }

    /** The grades of {@code date} that {@code caller} sees, best first. */
    public List<Twin> grades(Caller caller, LocalDate date) {
        return Searches.all(search, caller, "and(" + Searches.definition(DEFINITION) + ",eq(attributes/date,"
                        + Searches.quote(date.toString()) + "))").stream()
                .sorted(Comparator.comparingDouble((Twin t) -> -t.get(JsonPointer.of(Twin.ATTRIBUTES, "score"))
                        .map(JsonNode::asDouble).orElse(0.0)).thenComparing(t -> t.id().toString()))
                .toList();
    }

    /** Whether the line has graded anyone on {@code date}. */
    public boolean graded(LocalDate date) {
        return !grades(registry.identity(), date).isEmpty();
    }

    /** One organisation's indicators from its twins, as of {@code now}. */
    public Indicators indicators(List<Twin> alarms, List<Twin> detectors, List<Twin> sensors, List<Twin> hazards,
                                 Instant now) {
        Instant from = now.minus(Duration.ofDays(days));
        int verified = 0;
        int falseOnes = 0;
        List<Double> ack = new ArrayList<>();
        List<Double> ver = new ArrayList<>();
        int openFaults = 0;
        double faultDays = 0;
        double oldest = 0;
        for (Twin a : alarms) {
            String type = text(a, "type").orElse("");
            Optional<Instant> raised = instant(a, "raisedAt");
            Optional<Instant> verifiedAt = instant(a, "verifiedAt");
            String result = text(a, "result").orElse("");
            if (FIRE.equals(type) && verifiedAt.filter(v -> !v.isBefore(from)).isPresent()
                    && ("real".equals(result) || "false".equals(result))) {
                verified++;
                falseOnes += "false".equals(result) ? 1 : 0;
            }
            if (raised.isPresent() && !raised.get().isBefore(from)) {
                instant(a, "acknowledgedAt").ifPresent(t -> ack.add(minutes(raised.get(), t)));
                verifiedAt.ifPresent(t -> ver.add(minutes(raised.get(), t)));
            }
            if (("safety.fault".equals(type) || "safety.link".equals(type))
                    && !"closed".equals(text(a, "state").orElse("")) && raised.isPresent()) {
                double age = Math.max(0, Duration.between(raised.get(), now).toMinutes() / 1440.0);
                openFaults++;
                faultDays += age;
                oldest = Math.max(oldest, age);
            }
        }
        int disabled = (int) detectors.stream().filter(d -> d.get(DISABLED).map(JsonNode::asBoolean).orElse(false))
                .count();
        int withReading = 0;
        int inRange = 0;
        for (Twin s : sensors) {
            Optional<Boolean> r = WaterRule.inRange(s);
            if (r.isPresent()) {
                withReading++;
                inRange += r.get() ? 1 : 0;
            }
        }
        int open = 0;
        int overdue = 0;
        for (Twin h : hazards) {
            if (Hazards.open(h)) {
                open++;
                overdue += Hazards.overdue(h, now) ? 1 : 0;
            }
        }
        return new Indicators(verified, falseOnes, mean(ack), mean(ver), openFaults, faultDays, oldest, disabled,
                detectors.size(), withReading, inRange, open, overdue);
    }

    private ObjectNode thing(String ns, LocalDate date, Instant now, Indicators i, Grading.Grade g, int rank,
                             int of) {
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.DEFINITION, DEFINITION);
        ObjectNode a = thing.putObject(Twin.ATTRIBUTES);
        a.put("name", "安全评级 " + date).put("organisation", ns).put("date", date.toString())
                .put("computedAt", now.toString()).put("windowDays", days).put("score", g.score())
                .put("colour", g.colour()).put("rank", rank).put("organisations", of);
        ObjectNode in = a.putObject("indicators");
        in.put("fireVerified", i.fireVerified()).put("fireFalse", i.fireFalse())
                .put("falseAlarmRate", round(i.falseAlarmRate(), 1000));
        i.acknowledgeMinutes().ifPresent(m -> in.put("acknowledgeMinutes", round(m, 10)));
        i.verifyMinutes().ifPresent(m -> in.put("verifyMinutes", round(m, 10)));
        in.put("openFaults", i.openFaults()).put("oldestFaultDays", round(i.oldestFaultDays(), 10))
                .put("faultDays", round(i.faultDays(), 10)).put("disabledComponents", i.disabledComponents())
                .put("components", i.components()).put("waterSensors", i.waterSensors())
                .put("waterInRange", i.waterInRange())
                .put("waterInRangePercent", round(i.waterInRangePercent(), 10))
                .put("openHazards", i.openHazards()).put("overdueHazards", i.overdueHazards());
        ObjectNode sub = a.putObject("subScores");
        new TreeMap<>(g.subScores()).forEach(sub::put);
        ObjectNode w = a.putObject("weights");
        new TreeMap<>(weights).forEach(w::put);
        return thing;
    }

    private static Map<String, List<Twin>> byNamespace(List<Twin> twins) {
        return twins.stream().collect(Collectors.groupingBy(t -> t.id().namespace(), TreeMap::new,
                Collectors.mapping(Function.identity(), Collectors.toList())));
    }

    private static Optional<String> text(Twin t, String attribute) {
        return t.get(JsonPointer.of(Twin.ATTRIBUTES, attribute)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    private static Optional<Instant> instant(Twin t, String attribute) {
        return text(t, attribute).flatMap(s -> {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static double minutes(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 60_000.0);
    }

    private static OptionalDouble mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average();
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
