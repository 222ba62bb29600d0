package org.dayuan.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them: the diagnostic command
 * runs a full collection first, so two histograms taken in a quiet JVM differ only by what was retained in between,
 * unlike the used heap, which also counts garbage a collector chose not to reclaim yet.
 */
record HeapHistogram(long totalBytes, long totalInstances, Map<String, long[]> byClass) {

    /** One class's change between two histograms. */
    record Delta(String className, long instances, long bytes) {
    }

    /** Takes the histogram; throws when the JVM offers no DiagnosticCommand MBean (not HotSpot). */
    static HeapHistogram take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return parse(text);
    }

    /** Reads lines such as {@code "   1:   123   4567  [B (java.base@17)"} and {@code "Total   123   4567"}. */
    static HeapHistogram parse(String text) {
        Map<String, long[]> byClass = new HashMap<>();
        long total = 0;
        long instances = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            try {
                if (f.length >= 4 && f[0].endsWith(":")) {
                    // Classes of the same name from different bundles are summed: what matters is the kind of object.
                    long[] sum = byClass.computeIfAbsent(f[3], k -> new long[2]);
                    sum[0] += Long.parseLong(f[1]);
                    sum[1] += Long.parseLong(f[2]);
                } else if (f.length == 3 && "Total".equals(f[0])) {
                    instances = Long.parseLong(f[1]);
                    total = Long.parseLong(f[2]);
                }
            } catch (NumberFormatException notARow) {
                // header or a line this parser does not know
            }
        }
        return new HeapHistogram(total, instances, byClass);
    }

    /** The classes that grew most from {@code before} to this one, by bytes. */
    List<Delta> growthSince(HeapHistogram before, int top) {
        List<Delta> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            long[] was = before.byClass.getOrDefault(e.getKey(), new long[2]);
            out.add(new Delta(e.getKey(), e.getValue()[0] - was[0], e.getValue()[1] - was[1]));
        }
        out.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return out.subList(0, Math.min(top, out.size()));
    }
}
