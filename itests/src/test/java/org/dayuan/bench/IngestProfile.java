package org.dayuan.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the MQTT ingestion's threads spend a run, from stack samples every 10 ms (in the Karaf JVM, so
 * the bench needs no profiler attached): its lanes (decode, the registry's write until durable, the acknowledgement,
 * idle), Paho's callback thread (handing over to the lanes) and its receiver (socket, or waiting for the callback).
 */
final class IngestProfile implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private IngestProfile() {
        sampler = new Thread(this::run, "bench-ingest-profile");
        sampler.setDaemon(true);
        sampler.start();
    }

    static IngestProfile start() {
        return new IngestProfile();
    }

    private void run() {
        while (running) {
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> group(t.getName()) != null).mapToLong(Thread::getId).toArray();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (running && System.nanoTime() < until) {
                for (ThreadInfo info : THREADS.getThreadInfo(ids, 64)) {
                    if (info != null) {
                        synchronized (counts) {
                            counts.computeIfAbsent(group(info.getThreadName()), g -> new TreeMap<>())
                                    .merge(state(info), 1, Integer::sum);
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static String group(String thread) {
        if (thread.startsWith("mqtt-lane-")) {
            return "lanes";
        }
        if (thread.startsWith("MQTT Call: dayuan-ingest")) {
            return "paho callback";
        }
        if (thread.startsWith("MQTT Rec: dayuan-ingest")) {
            return "paho receiver";
        }
        return null;
    }

    private static String state(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        boolean waiting = info.getThreadState() != Thread.State.RUNNABLE;
        if (has(stack, "messageArrivedComplete")) {
            return "ack";
        }
        if (has(stack, "MqttIngestion.write")) {
            return waiting ? "write: waiting (commit)" : "write: running";
        }
        if (has(stack, "Decoder.decode")) {
            return "decode + twin read";
        }
        if (has(stack, "DeadLetters.park")) {
            return "dead letter";
        }
        if (has(stack, "ThreadPoolExecutor.getTask")) {
            return "idle";
        }
        if (has(stack, "OrderedLanes")) {
            return waiting ? "waiting for a full lane" : "handing over";
        }
        if (has(stack, "CommsCallback.messageArrived")) {
            return "waiting for the callback thread";
        }
        if (has(stack, "CommsCallback.run") && waiting) {
            return "idle";
        }
        if (stack.length > 0 && stack[0].getMethodName().contains("read")
                && (stack[0].getClassName().contains("Socket") || stack[0].getClassName().contains("Net"))) {
            return "socket read";
        }
        return stack.length == 0 ? "?" : "other: " + stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    private static boolean has(StackTraceElement[] stack, String what) {
        for (StackTraceElement e : stack) {
            String frame = e.getClassName() + "." + e.getMethodName();
            if (frame.contains(what)) {
                return true;
            }
        }
        return false;
    }

    /** Per group, the share of samples in each state, largest first. */
    String report() {
        StringBuilder b = new StringBuilder();
        synchronized (counts) {
            counts.forEach((group, states) -> {
                int total = states.values().stream().mapToInt(Integer::intValue).sum();
                b.append(b.length() == 0 ? "" : "; ").append(group).append(':');
                states.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
                        .forEach(e -> b.append(' ').append(e.getKey()).append(' ')
                                .append(Math.round(100.0 * e.getValue() / total)).append('%'));
            });
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(5000);
    }
}
