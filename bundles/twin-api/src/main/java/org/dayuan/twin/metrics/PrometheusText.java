package org.dayuan.twin.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Prometheus' text exposition format 0.0.4: gathers samples from any number of {@link MetricSource}s and renders
 * each metric once, with {@code # HELP} and {@code # TYPE}, metrics sorted by name. Not thread-safe: one per scrape.
 *
 * <p>Everything a scrape must not get wrong is checked when a sample is added, so a faulty source is refused whole
 * ({@link #include}) instead of producing text a parser rejects: metric and label names, {@code _total} on
 * counters, one type and help per name, no two samples with the same labels, no label {@code le} outside
 * histogram buckets.
 */
public final class PrometheusText implements MetricSink {
    /** The media type of the rendering, as Prometheus asks for it. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private record Family(String type, String help, List<String> lines, Set<String> series) {
    }

    private final Map<String, Family> families = new TreeMap<>();

    /**
     * Adds everything {@code source} writes, or, when the source throws or writes something invalid, nothing of it:
     * the exception is passed on and what other sources wrote stays as it was.
     */
    public void include(MetricSource source) {
        PrometheusText part = new PrometheusText();
        source.collect(part);
        for (Map.Entry<String, Family> e : part.families.entrySet()) {
            Family mine = families.get(e.getKey());
            if (mine != null) {
                requireSame(e.getKey(), mine, e.getValue().type(), e.getValue().help());
                for (String s : e.getValue().series()) {
                    if (mine.series().contains(s)) {
                        throw new IllegalArgumentException("Metric " + e.getKey() + " has two samples with labels {"
                                + s + "}.");
                    }
                }
            }
        }
        part.families.forEach((name, f) -> {
            Family mine = families.computeIfAbsent(name, n -> new Family(f.type(), f.help(), new ArrayList<>(),
                    new HashSet<>()));
            mine.lines().addAll(f.lines());
            mine.series().addAll(f.series());
        });
    }

    @Override
    public void counter(String name, String help, double value, String... labels) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("The counter " + name + " must be named ..._total.");
        }
        sample(family(name, "counter", help), name, labels, null, value);
    }

    @Override
    public void gauge(String name, String help, double value, String... labels) {
        sample(family(name, "gauge", help), name, labels, null, value);
    }

    @Override
    public void histogram(String name, String help, Histogram.Snapshot snapshot, String... labels) {
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                throw new IllegalArgumentException("The histogram " + name + " must not end in " + suffix + ".");
            }
        }
        Family family = family(name, "histogram", help);
        String series = labels(labels, null);
        if (!family.series().add(series)) {
            throw new IllegalArgumentException("Metric " + name + " has two samples with labels {" + series + "}.");
        }
        double[] bounds = snapshot.bounds();
        long[] cumulative = snapshot.cumulative();
        for (int i = 0; i < cumulative.length; i++) {
            String le = i < bounds.length ? number(bounds[i]) : "+Inf";
            family.lines().add(line(name + "_bucket", labels(labels, le), cumulative[i]));
        }
        family.lines().add(line(name + "_sum", series, snapshot.sum()));
        family.lines().add(line(name + "_count", series, snapshot.count()));
    }

    /** The text of every metric added so far. */
    public String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, f) -> {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(f.type()).append('\n');
            f.lines().forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    private Family family(String name, String type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a metric name.");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("Metric " + name + " needs a help text.");
        }
        Family f = families.computeIfAbsent(name, n -> new Family(type, help, new ArrayList<>(), new HashSet<>()));
        requireSame(name, f, type, help);
        return f;
    }

    private static void requireSame(String name, Family f, String type, String help) {
        if (!f.type().equals(type) || !f.help().equals(help)) {
            throw new IllegalArgumentException("Metric " + name + " is already a " + f.type() + " with help '"
                    + f.help() + "'; it cannot also be a " + type + " with help '" + help + "'.");
        }
    }

    private static void sample(Family family, String name, String[] labels, String le, double value) {
        String series = labels(labels, le);
        if (!family.series().add(series)) {
            throw new IllegalArgumentException("Metric " + name + " has two samples with labels {" + series + "}.");
        }
        family.lines().add(line(name, series, value));
    }

    private static String line(String name, String labels, double value) {
        return labels.isEmpty() ? name + ' ' + number(value) : name + '{' + labels + "} " + number(value);
    }

    /** {@code a="x",b="y"}, in the order given, with {@code le} last when given. */
    private static String labels(String[] pairs, String le) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("Labels come in name and value pairs, not " + pairs.length
                    + " strings.");
        }
        StringBuilder out = new StringBuilder();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String label = pairs[i];
            if (label == null || !LABEL_NAME.matcher(label).matches() || label.startsWith("__")
                    || label.equals("le")) {
                throw new IllegalArgumentException("'" + label + "' cannot be a label name.");
            }
            if (!names.add(label)) {
                throw new IllegalArgumentException("The label " + label + " is given twice.");
            }
            if (pairs[i + 1] == null) {
                throw new IllegalArgumentException("The label " + label + " has no value.");
            }
            append(out, label, pairs[i + 1]);
        }
        if (le != null) {
            append(out, "le", le);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String label, String value) {
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(label).append("=\"").append(escapeLabel(value)).append('"');
    }

    /** A label value: backslash, double quote and line feed escaped. */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A help text: backslash and line feed escaped. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Whole numbers without a fraction (counts read as counts), others as Java prints them, which Go parses. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
