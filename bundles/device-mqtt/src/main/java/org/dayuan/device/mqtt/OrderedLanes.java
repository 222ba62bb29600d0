package org.dayuan.device.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs writes on {@code n} single-threaded lanes chosen by a key, the thingId: many twins are written at once (so the journal
 * can commit them together), while the messages of one twin keep the order the broker delivered them in. A full
 * lane blocks the caller, which pushes back on the MQTT connection instead of buffering without bound.
 */
final class OrderedLanes implements AutoCloseable {
    private final ExecutorService[] lanes;

    OrderedLanes(int n, int queuePerLane) {
        lanes = new ExecutorService[n];
        for (int i = 0; i < n; i++) {
            String name = "mqtt-lane-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queuePerLane),
                    r -> new Thread(r, name), (r, pool) -> {
                        try {
                            if (!pool.isShutdown()) {
                                ((BlockingQueue<Runnable>) pool.getQueue()).put(r);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new RejectedExecutionException(e);
                        }
                    });
        }
    }

    /** Runs {@code work} after everything submitted before with the same key (a {@code null} key: the first lane's). */
    void submit(String key, Runnable work) {
        lanes[Math.floorMod(key == null ? 0 : key.hashCode(), lanes.length)].execute(work);
    }

    @Override
    public void close() throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
