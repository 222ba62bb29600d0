package org.dayuan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Test;

/**
 * Prints what the bench runs of this build measured: one table of the figures beside their baselines (measured in
 * the same run, on the same machine), the ratio value / baseline, the target and whether it is met; then the notes,
 * the failures and the raw numbers. A figure that could not be measured is printed with the reason. The same text is
 * written to {@code target/bench/report.md}. Runs last in the {@code bench} profile; it never fails.
 */
public class BenchReport {
    static final String COMMAND = "mvn -Pbench verify -DskipTests";

    /**
     * One figure of the table: where it comes from, its unit and target, and for some the least share of the
     * baseline it must reach too ({@code minRatio}, NaN for none), as the throughput issue states them.
     */
    record Spec(String key, String run, String label, String unit, String baseline, String op, double target,
                double minRatio) {
        Spec(String key, String run, String label, String unit, String baseline, String op, double target) {
            this(key, run, label, unit, baseline, op, target, Double.NaN);
        }

        String format(double v) {
            if (Double.isNaN(v)) {
                return "-";
            }
            return switch (unit) {
                case "/s" -> String.format(Locale.ROOT, "%,.0f /s", v);
                case "ms" -> String.format(Locale.ROOT, "%.2f ms", v);
                case "MB" -> String.format(Locale.ROOT, "%.0f MB", v);
                case "s" -> String.format(Locale.ROOT, "%.1f s", v);
                default -> String.format(Locale.ROOT, "%.3g %s", v, unit);
            };
        }

        String targetText() {
            if (op == null) {
                return "-";
            }
            return op + " " + format(target) + (Double.isNaN(minRatio) ? ""
                    : String.format(Locale.ROOT, " and >= %.2fx", minRatio));
        }

        Boolean met(double v, double baseline) {
            if (op == null || Double.isNaN(v)) {
                return null;
            }
            boolean absolute = op.equals(">=") ? v >= target : v < target;
            return absolute && (Double.isNaN(minRatio) || !Double.isNaN(baseline) && v >= minRatio * baseline);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("reads", "h2", "Twin reads/s over HTTP (GET /api/2/things/{id})", "/s",
                    "fixed-JSON servlet", ">=", 20_000),
            new Spec("searches", "h2", "Indexed searches/s over 100k twins (HTTP, eq on attributes/organisation)",
                    "/s", "fixed-JSON servlet, same page", ">=", 10_000),
            new Spec("history.h2", "h2",
                    "Past-state reads/s over HTTP, H2 (GET /api/2/things/{id}?at-historical-revision=1)", "/s",
                    "current reads of the same twins", null, 0),
            new Spec("history.postgresql", "postgresql",
                    "Past-state reads/s over HTTP, PostgreSQL (GET /api/2/things/{id}?at-historical-revision=1)", "/s",
                    "current reads of the same twins", null, 0),
            new Spec("updates.h2.registry", "h2", "Acknowledged updates/s, H2, TwinRegistry.put in-process", "/s",
                    "raw batched JDBC inserts of events with audit records, H2", ">=", 25_000, 0.5),
            new Spec("updates.h2.http", "h2", "Acknowledged updates/s, H2, HTTP PUT", "/s",
                    "raw batched JDBC inserts of events with audit records, H2", ">=", 15_000),
            new Spec("updates.postgresql.registry", "postgresql",
                    "Acknowledged updates/s, PostgreSQL, TwinRegistry.put in-process", "/s",
                    "raw batched JDBC inserts, PostgreSQL", ">=", 15_000),
            new Spec("updates.postgresql.http", "postgresql", "Acknowledged updates/s, PostgreSQL, HTTP PUT", "/s",
                    "raw batched JDBC inserts, PostgreSQL", null, 0),
            new Spec("sse.h2.p50", "h2", "Update->SSE delivery p50, H2", "ms", "update->in-process listener p50",
                    null, 0),
            new Spec("sse.h2.p99", "h2", "Update->SSE delivery p99, H2", "ms", "update->in-process listener p99",
                    "<", 50),
            new Spec("sse.postgresql.p50", "postgresql", "Update->SSE delivery p50, PostgreSQL", "ms",
                    "update->in-process listener p50", null, 0),
            new Spec("sse.postgresql.p99", "postgresql", "Update->SSE delivery p99, PostgreSQL", "ms",
                    "update->in-process listener p99", "<", 50),
            new Spec("mqtt.readings", "mqtt", "MQTT readings/s, publish to durable twin update (H2, QoS 1)", "/s",
                    "raw MQTT round trip, same broker", ">=", 15_000, 0.5),
            new Spec("mqtt.readings.mosquitto20", "mqtt",
                    "MQTT readings/s as above, through Mosquitto with its default 20 messages in flight", "/s",
                    "raw MQTT round trip, same broker", null, 0),
            new Spec("mqtt.readings.mosquitto", "mqtt",
                    "MQTT readings/s as above, through Mosquitto with 1,000 messages in flight", "/s",
                    "raw MQTT round trip, same broker", ">=", 15_000),
            new Spec("mqtt.raw.mosquitto", "mqtt", "Raw MQTT round trip/s through the machine's Mosquitto", "/s",
                    "raw MQTT round trip through the embedded broker", null, 0),
            new Spec("mqtt.sse.p50", "mqtt", "MQTT publish->SSE delivery p50, H2", "ms",
                    "raw publish->subscriber p50", null, 0),
            new Spec("mqtt.sse.p99", "mqtt", "MQTT publish->SSE delivery p99, H2", "ms",
                    "raw publish->subscriber p99", null, 0),
            new Spec("panels.frames", "panels", "GB/T 26875.3 frames/s confirmed by the panel gateway (H2)", "/s",
                    "HTTP PUT of the same detectors' status, same clients", null, 0),
            new Spec("panels.alarms", "panels", "Alarm twin writes/s caused by panel frames (H2)", "/s",
                    "HTTP PUT of the same detectors' status, same clients", null, 0),
            new Spec("panels.sse.p50", "panels", "Panel frame->SSE delivery p50, H2", "ms",
                    "HTTP PUT->SSE delivery p50", null, 0),
            new Spec("panels.sse.p99", "panels", "Panel frame->SSE delivery p99, H2", "ms",
                    "HTTP PUT->SSE delivery p99", null, 0),
            new Spec("fleet.reports", "fleet", "JT/T 808 location reports/s acknowledged by the fleet gateway (H2)",
                    "/s", "echo server built from the codec, same terminals and frames", ">=", 10_000),
            new Spec("fleet.sse.p50", "fleet", "Vehicle report->SSE delivery p50, H2", "ms", "-", null, 0),
            new Spec("fleet.sse.p99", "fleet", "Vehicle report->SSE delivery p99, H2", "ms", "-", null, 0),
            new Spec("ws.commands", "ws", "Twin modify commands/s over the Ditto WebSocket /ws/2, acknowledged (H2)",
                    "/s", "HTTP PUT of the same property, as many connections", null, 0),
            new Spec("ws.events", "ws", "Events delivered/s to 100 WebSocket subscribers (H2)", "/s",
                    "100 SSE subscribers, same writes", null, 0),
            new Spec("bridge.events", "bridge", "Events/s mirrored county -> city by the Ditto bridge (H2, two distributions)",
                    "/s", "the county's acknowledged HTTP PUTs/s, same window", null, 0),
            new Spec("http.health", "http", "GET /api/health/s (wrk, 64 connections, H2, demo county)", "/s", "-",
                    null, 0),
            new Spec("http.basic.reads", "http", "Twin reads/s with HTTP Basic over 60 s (wrk, 64 connections)",
                    "/s", "GET /api/health, same run", null, 0),
            new Spec("http.basic.p50", "http", "Twin read with HTTP Basic, p50 (wrk)", "ms",
                    "GET /api/health p50", null, 0),
            new Spec("http.basic.p99", "http", "Twin read with HTTP Basic, p99 over 60 s (wrk)", "ms",
                    "GET /api/health p99", "<", 20),
            new Spec("http.basic.max", "http", "Twin read with HTTP Basic, slowest over 60 s (wrk)", "ms",
                    "GET /api/health max", null, 0),
            new Spec("http.bearer.reads", "http", "Twin reads/s with a bearer token (wrk, 64 connections)", "/s",
                    "GET /api/health, same run", null, 0),
            new Spec("http.search", "http", "Indexed searches/s, page of 25 of the demo twins (wrk)", "/s",
                    "GET /api/health, same run", null, 0),
            new Spec("http.put", "http", "Acknowledged property PUTs/s over 64 twins (wrk Lua, H2)", "/s",
                    "GET /api/health, same run", ">=", 15_000, 0.25),
            new Spec("creates", "h2", "Twins created/s through TwinRegistry.create, 64 threads (100k in 10 s = 10,000/s)",
                    "/s", "raw batched JDBC inserts of events with audit records, H2", ">=", 10_000),
            new Spec("creates.batch", "h2", "Twins created/s in batches of 1,000 through TwinRegistry.writeAll (the"
                    + " bulk import's path)", "/s", "raw batched JDBC inserts of events with audit records, H2", ">=",
                    10_000),
            new Spec("heap", "h2", "Heap per 100k twins", "MB", "same twins as JSON bytes in a map", "<", 250),
            new Spec("startup", "startup", "Distribution start-to-ready (fresh unpack, H2, demo county)", "s",
                    "bare Karaf + Jetty from the same archive", "<", 10));

    static final List<String> RUNS = List.of("h2", "postgresql", "mqtt", "panels", "fleet", "ws", "bridge", "http",
            "startup", "growth", "growth-startup");

    /** The rows of the growth table: the figure's key in growth.tsv, its label and unit. */
    static final List<String[]> GROWTH = List.of(
            new String[] {"reads", "Twin reads/s over HTTP, random bench twins", "/s"},
            new String[] {"searches", "Indexed searches/s (eq on attributes/organisation, 100 organisations, size(25))",
                    "/s"},
            new String[] {"updates", "Acknowledged updates/s, TwinRegistry.put, random bench twins", "/s"},
            new String[] {"creates", "Twins created/s in the stage, TwinRegistry.create", "/s"},
            new String[] {"heap", "Heap per 100k twins (live, after full GC)", "MB"});

    @Test
    public void print() throws IOException {
        Path dir = Results.dir();
        Map<String, List<String[]>> lines = new LinkedHashMap<>();
        for (String run : RUNS) {
            lines.put(run, Results.read(dir.resolve(run + ".tsv")));
        }
        String text = render(dir, lines);
        System.out.println(text);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), text, StandardCharsets.UTF_8);
        System.out.println("(also written to " + dir.resolve("report.md") + ")");
    }

    static String render(Path dir, Map<String, List<String[]>> lines) {
        StringBuilder out = new StringBuilder("\n");
        out.append("# Dayuan benchmarks\n\n");
        out.append("Command: `").append(COMMAND).append("`, ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append("\n\n");
        out.append("Baselines are measured in the same run on the same machine; ratio = value / baseline (for rates,"
                + " the share of the baseline reached; for latency, heap and time, how many times the baseline).\n\n");

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "value", "baseline", "ratio", "target", "met"});
        List<String> notes = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Spec spec : SPECS) {
            String[] figure = find(lines.get(spec.run()), "F", spec.key());
            List<String> errors = all(lines.get(spec.run()), "X", spec.key());
            if (figure == null) {
                String why = errors.isEmpty() ? "no result: the " + spec.run() + " bench did not run or crashed"
                        + " (see target/failsafe-reports/bench-" + spec.run() + "/ and " + dir.resolve("progress.log")
                        + ")" : String.join("; ", errors);
                rows.add(new String[] {spec.label(), "NOT MEASURED", spec.baseline(), "-", spec.targetText(),
                        spec.op() == null ? "-" : "n/a"});
                failures.add(spec.label() + ": " + why);
                if (spec.op() != null) {
                    missed.add(spec.label() + " (" + spec.targetText() + "): not measured");
                }
                continue;
            }
            double value = parse(figure, 2);
            double baseline = parse(figure, 3);
            String note = figure.length > 4 ? figure[4] : "";
            Boolean met = spec.met(value, baseline);
            String ratio = Double.isNaN(baseline) || baseline == 0 ? "-"
                    : String.format(Locale.ROOT, "%.2fx", value / baseline);
            rows.add(new String[] {spec.label(), spec.format(value), spec.baseline() + ": " + spec.format(baseline),
                    ratio, spec.targetText(), met == null ? "-" : met ? "yes" : "NO"});
            if (Boolean.FALSE.equals(met)) {
                missed.add(spec.label() + ": " + spec.format(value) + ", target " + spec.targetText());
            }
            if (!note.isBlank()) {
                notes.add(spec.label() + ": " + note);
            }
        }
        table(out, rows);
        growth(out, lines.getOrDefault("growth", List.of()), lines.getOrDefault("growth-startup", List.of()));

        out.append("\n## Targets not met\n\n");
        if (missed.isEmpty()) {
            out.append("None.\n");
        } else {
            missed.forEach(m -> out.append("- ").append(m).append('\n'));
        }
        if (!failures.isEmpty()) {
            out.append("\n## Not measured\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n## How each figure was measured\n\n");
        notes.forEach(n -> out.append("- ").append(n).append('\n'));

        out.append("\n## Raw numbers\n");
        for (Map.Entry<String, List<String[]>> run : lines.entrySet()) {
            out.append("\n### ").append(run.getKey()).append(" (").append(dir.resolve(run.getKey() + ".tsv"))
                    .append(")\n\n");
            if (run.getValue().isEmpty()) {
                out.append("- no results file: this run did not start or wrote nothing\n");
            }
            for (String[] l : run.getValue()) {
                switch (l[0]) {
                    case "R" -> out.append("- ").append(field(l, 1)).append(": ").append(field(l, 2)).append('\n');
                    case "X" -> out.append("- FAILED ").append(field(l, 1)).append(": ").append(field(l, 2))
                            .append('\n');
                    case "F" -> out.append("- figure ").append(field(l, 1)).append(" = ").append(field(l, 2))
                            .append(", baseline ").append(field(l, 3)).append('\n');
                    default -> out.append("- ").append(String.join(" ", l)).append('\n');
                }
            }
        }
        out.append("\nProgress log: ").append(dir.resolve("progress.log")).append('\n');
        return out.toString();
    }

    /**
     * Each growth figure at every stage the growth run reached, with its ratio to the first stage; then start-to-ready
     * with the last stage's twins beside the demo county's start of the same run.
     */
    static void growth(StringBuilder out, List<String[]> growth, List<String[]> startup) {
        java.util.TreeSet<Integer> stages = new java.util.TreeSet<>();
        for (String[] l : growth) {
            if (l.length > 1 && l[1].startsWith("growth.")) {
                try {
                    stages.add(Integer.parseInt(l[1].substring(l[1].lastIndexOf('.') + 1)));
                } catch (NumberFormatException notAStage) {
                    // a raw line such as growth.stopped
                }
            }
        }
        if (stages.isEmpty() && startup.isEmpty()) {
            return;
        }
        out.append("\n## Growth\n\nEach figure as the twins grow (bench twins, plus the demo county), in one"
                + " distribution (`-Dbench.growth`); in brackets the ratio to the first stage. ");
        String[] config = find(growth, "R", "growth.config");
        out.append(config == null ? "" : field(config, 2).replace("; ", "; JVM ") + ".").append("\n\n");
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("figure"));
        stages.forEach(n -> header.add(String.format(Locale.ROOT, "%,d twins", n)));
        rows.add(header.toArray(String[]::new));
        for (String[] g : GROWTH) {
            Spec spec = new Spec("growth." + g[0], "growth", g[1], g[2], "-", null, 0);
            List<String> row = new ArrayList<>(List.of(g[1]));
            for (int n : stages) {
                String[] f = find(growth, "F", spec.key() + "." + n);
                if (f == null) {
                    row.add(all(growth, "X", spec.key() + "." + n).isEmpty() ? "-" : "NOT MEASURED");
                    continue;
                }
                double v = parse(f, 2);
                double first = parse(f, 3);
                row.add(spec.format(v) + (Double.isNaN(first) || first == 0 ? ""
                        : String.format(Locale.ROOT, " (%.2fx)", v / first)));
            }
            rows.add(row.toArray(String[]::new));
        }
        table(out, rows);
        out.append('\n');
        Spec start = new Spec("growth.startup", "growth-startup", "", "s", "", null, 0);
        for (String[] k : new String[][] {
                {"growth.startup.snapshot", "Start-to-ready from the snapshot"},
                {"growth.startup", "Start-to-ready from the snapshot + journal (after kill -9)"}}) {
            String[] f = find(startup, "F", k[0]);
            if (f == null) {
                List<String> why = all(startup, "X", k[0]);
                out.append("- ").append(k[1]).append(": NOT MEASURED")
                        .append(why.isEmpty() ? "" : " (" + String.join("; ", why) + ")").append('\n');
                continue;
            }
            double v = parse(f, 2);
            double demo = parse(f, 3);
            out.append("- ").append(k[1]).append(": ").append(start.format(v)).append(", demo county start in the"
                    + " same run ").append(start.format(demo)).append(Double.isNaN(demo) ? "" : String.format(
                    Locale.ROOT, " (%.2fx)", v / demo)).append("; ").append(field(f, 4)).append('\n');
        }
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            out.append('|');
            for (int i = 0; i < r.length; i++) {
                out.append(' ').append(pad(r[i], width[i])).append(" |");
            }
            out.append('\n');
            if (n == 0) {
                out.append('|');
                for (int w : width) {
                    out.append(' ').append("-".repeat(w)).append(" |");
                }
                out.append('\n');
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String field(String[] l, int i) {
        return i < l.length ? l[i] : "";
    }

    private static double parse(String[] l, int i) {
        try {
            return Double.parseDouble(field(l, i));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The last line of {@code kind} for {@code key}. */
    private static String[] find(List<String[]> lines, String kind, String key) {
        String[] found = null;
        for (String[] l : lines) {
            if (l.length > 1 && l[0].equals(kind) && l[1].equals(key)) {
                found = l;
            }
        }
        return found;
    }

    private static List<String> all(List<String[]> lines, String kind, String key) {
        List<String> out = new ArrayList<>();
        for (String[] l : lines) {
            if (l.length > 2 && l[0].equals(kind) && (l[1].equals(key) || l[1].endsWith(".run"))) {
                out.add(l[2]);
            }
        }
        return out;
    }
}
