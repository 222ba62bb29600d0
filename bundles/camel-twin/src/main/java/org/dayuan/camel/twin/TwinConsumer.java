package org.dayuan.camel.twin;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code twin:events}: each event the route's identity sees that passes the endpoint's namespaces, types and filter
 * (as the twin subscriptions select them: a filtered route also gets the deletion of a twin that matched) becomes one
 * exchange, in journal order, on the consumer's own thread. The registry's delivery thread only queues, so a slow
 * route never holds up the registry or other subscribers; beyond {@code queueSize} waiting events, events are
 * dropped, counted and logged rather than letting memory grow without bound.
 */
final class TwinConsumer extends DefaultConsumer implements SubscriptionListener {
    private static final Logger LOG = LoggerFactory.getLogger(TwinConsumer.class);
    private record Delivery(TwinEvent event, Optional<Twin> after) {
    }

    private final BlockingQueue<Delivery> queue;
    private final AtomicLong dropped = new AtomicLong();
    private Subscription subscription;
    private Thread worker;
    private volatile boolean running;

    TwinConsumer(TwinEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.queue = new ArrayBlockingQueue<>(endpoint.getQueueSize());
    }

    @Override
    public TwinEndpoint getEndpoint() {
        return (TwinEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        worker = new Thread(this::drain, "twin-events " + getEndpoint().getEndpointKey());
        worker.setDaemon(true);
        worker.start();
        String routeId = getRouteId();
        subscription = getEndpoint().getComponent().events().subscribe(getEndpoint().caller(routeId),
                getEndpoint().eventSelection(), -1, this);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(10));
            worker = null;
        }
        queue.clear();
        super.doStop();
    }

    /** Events dropped because the route fell more than {@code queueSize} events behind. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (!running) {
            return;
        }
        if (!queue.offer(new Delivery(event, after))) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8 ...: visible without flooding the log
                LOG.error("Route of {} is {} events behind; {} events dropped so far", getEndpoint(),
                        queue.size(), n);
            }
        }
    }

    /** Not sent to a route: it follows live events only. */
    @Override
    public void reset(String reason) {
        LOG.warn("Route of {} missed events: {}", getEndpoint(), reason);
    }

    private void drain() {
        while (running) {
            Delivery next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            Exchange exchange = createExchange(false);
            Message message = exchange.getMessage();
            TwinEvent event = next.event();
            message.setBody(event.toJson());
            message.setHeader(TwinConstants.THING_ID, event.thingId().toString());
            message.setHeader(TwinConstants.PATH, event.path().toString());
            message.setHeader(TwinConstants.EVENT_TYPE, event.type().jsonName());
            message.setHeader(TwinConstants.REVISION, event.revision());
            message.setHeader(TwinConstants.SEQ, event.seq());
            next.after().ifPresent(t -> message.setHeader(TwinConstants.TWIN, t));
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Route failed on event " + event.seq() + " of "
                        + event.thingId(), exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
