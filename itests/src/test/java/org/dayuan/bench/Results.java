package org.dayuan.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What one bench run measured, appended line by line to {@code <dir>/<run>.tsv} as soon as it is known, so that a
 * crash keeps everything measured before it. {@link BenchReport} reads the files and prints the table. Lines:
 * {@code F key value baseline note} (a figure; NaN = not measured), {@code X key message} (the figure could not be
 * measured), {@code R name text} (a raw number for the record). Progress goes to {@code progress.log}. Public for
 * the benches that need the itests' package (two distributions as processes: org.dayuan.itests.BridgeBench).
 */
public final class Results {
    static final String DIR_PROPERTY = "dayuan.bench.dir";

    private final Path file;
    private final Path progress;
    private final String run;

    private Results(Path dir, String run) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve(run + ".tsv");
        this.progress = dir.resolve("progress.log");
        this.run = run;
        Files.deleteIfExists(file);
        Files.createFile(file);
    }

    /** The results of run {@code run} (h2, postgresql, startup) in the directory the build named. */
    public static Results open(String run) throws IOException {
        return new Results(dir(), run);
    }

    static Path dir() {
        return Path.of(System.getProperty(DIR_PROPERTY, "target/bench")).toAbsolutePath();
    }

    /** A bench's body; anything it throws fails the run once recorded. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a bench's body so that a crash is recorded under {@code key}, with its stack trace in the progress log, and
     * the build still fails (after the report prints what was measured); {@code done} is logged either way.
     */
    public void guard(String key, String done, Body body) throws Exception {
        try {
            body.run();
        } catch (Exception | Error t) {
            failure(key, "the bench stopped: " + describe(t));
            log(stackTrace(t));
            throw t;
        } finally {
            log(done);
        }
    }

    public synchronized void figure(String key, double value, double baseline, String note) {
        append("F", key, Double.toString(value), Double.toString(baseline), note == null ? "" : note);
        log("FIGURE " + key + " = " + value + " (baseline " + baseline + ") " + (note == null ? "" : note));
    }

    public synchronized void failure(String key, String message) {
        append("X", key, message);
        log("FAILED " + key + ": " + message);
    }

    public synchronized void raw(String name, String text) {
        append("R", name, text);
        log(name + ": " + text);
    }

    public synchronized void log(String message) {
        String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " [" + run + "] " + message;
        System.out.println(line);
        try {
            Files.writeString(progress, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("(progress.log not writable: " + e + ")");
        }
    }

    private void append(String... fields) {
        StringBuilder b = new StringBuilder();
        for (String f : fields) {
            if (b.length() > 0) {
                b.append('\t');
            }
            b.append(clean(f));
        }
        try {
            Files.writeString(file, b.append('\n').toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("Cannot write " + file + ": " + e + "; lost: " + b);
        }
    }

    static String clean(String s) {
        String t = s == null ? "" : s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
        return t.length() > 600 ? t.substring(0, 600) + "..." : t;
    }

    /** A short description of a failure: its type, message and where it came from, on one line. */
    public static String describe(Throwable t) {
        Throwable root = t;
        while ((root instanceof java.lang.reflect.InvocationTargetException
                || root instanceof java.lang.reflect.UndeclaredThrowableException) && root.getCause() != null) {
            root = root.getCause();
        }
        StringBuilder b = new StringBuilder(root.toString());
        StackTraceElement[] trace = root.getStackTrace();
        if (trace.length > 0) {
            b.append(" at ").append(trace[0]);
        }
        if (root.getCause() != null && root.getCause() != root) {
            b.append("; caused by ").append(root.getCause());
        }
        return b.toString();
    }

    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The lines of a results file, split into fields; empty when there is no such file. */
    static List<String[]> read(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(line.split("\t", -1));
            }
        }
        return out;
    }
}
