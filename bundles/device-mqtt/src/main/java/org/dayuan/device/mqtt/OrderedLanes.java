package org.dayuan.device.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Runs writes on {@code n} single-threaded lanes chosen by a key, the thingId: many twins are written at once (so the journal
 * can commit them together), while the messages of one twin keep the order the broker delivered them in. A full
 * lane blocks the caller, which pushes back on the MQTT connection instead of buffering without bound.
 */
final class OrderedLanes extends AsyncProcessorSupport {
    private final ExecutorService[] lanes;
    private final Function<Exchange, String> key;
    private final Consumer<Exchange> work;

    OrderedLanes(int n, int queuePerLane, Function<Exchange, String> key, Consumer<Exchange> work) {
        this.key = key;
        this.work = work;
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

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String k = key.apply(exchange);
        int lane = Math.floorMod(k == null ? 0 : k.hashCode(), lanes.length);
        lanes[lane].execute(() -> {
            work.accept(exchange);
            callback.done(false);
        });
        return false;
    }

    @Override
    protected void doStop() throws Exception {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(10, TimeUnit.SECONDS);
        }
        super.doStop();
    }
}
