package org.dayuan.twin.http;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;

import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.osgi.service.component.annotations.Component;

/** The JVM Dayuan runs in: memory, garbage collection, threads and uptime, from the platform's MXBeans. */
@Component(service = MetricSource.class)
public final class JvmMetrics implements MetricSource {

    @Override
    public void collect(MetricSink sink) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory(sink, "heap", memory.getHeapMemoryUsage());
        memory(sink, "nonheap", memory.getNonHeapMemoryUsage());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // -1 where the collector does not count
            sink.counter("dayuan_jvm_gc_collections_total", "Garbage collections, by collector.",
                    Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
            sink.counter("dayuan_jvm_gc_collection_seconds_total", "Time spent in garbage collections, by collector.",
                    Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        sink.gauge("dayuan_jvm_threads", "Live threads.", threads.getThreadCount());
        sink.gauge("dayuan_jvm_threads_daemon", "Live daemon threads.", threads.getDaemonThreadCount());
        sink.gauge("dayuan_jvm_threads_peak", "The most live threads at once since the start.",
                threads.getPeakThreadCount());
        sink.gauge("dayuan_process_uptime_seconds", "Seconds since the JVM started.",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    private static void memory(MetricSink sink, String area, MemoryUsage usage) {
        sink.gauge("dayuan_jvm_memory_used_bytes", "Memory in use, heap or non-heap.", usage.getUsed(), "area", area);
        sink.gauge("dayuan_jvm_memory_committed_bytes", "Memory the JVM holds from the system, heap or non-heap.",
                usage.getCommitted(), "area", area);
        // -1 when there is no limit: left out rather than reported as a size
        if (usage.getMax() >= 0) {
            sink.gauge("dayuan_jvm_memory_max_bytes", "The most memory the JVM may use, heap or non-heap.",
                    usage.getMax(), "area", area);
        }
    }
}
