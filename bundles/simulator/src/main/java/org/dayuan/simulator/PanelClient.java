package org.dayuan.simulator;

import java.io.EOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.ComponentStatus;
import org.dayuan.gbt26875.DataUnit;
import org.dayuan.simulator.device.PanelConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A panel's transmission device on its own thread: keeps one connection to the centre, sends what the panel reports
 * and, when it has had nothing to say for {@code keepAlive}, a send-data frame without data (the link test the
 * gateway confirms without touching any twin) so the centre knows the link is alive. Each frame waits for its answer: a confirmed or denied frame is done (a denied one is logged, as
 * resending it would be denied again); a frame whose connection fails first is sent again on the next connection,
 * as a device keeps events until the centre has them. Connecting again waits {@code backoffMin}, doubling up to
 * {@code backoffMax} while the centre stays unreachable. While {@link #silence silenced} it sends nothing at all,
 * keep-alives included, and keeps what the panel reports for afterwards.
 */
public final class PanelClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PanelClient.class);
    /** System type flag of a fire alarm system (火灾报警系统). */
    public static final int FIRE_ALARM_SYSTEM = 1;

    /** Where and how to connect; the same for every panel. */
    public record Settings(String host, int port, Address centre, Duration keepAlive, Duration replyTimeout,
                           Duration backoffMin, Duration backoffMax) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(centre, "centre");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Gateway port must be 1-65535, was " + port);
            }
            for (Duration d : new Duration[] {keepAlive, replyTimeout, backoffMin, backoffMax}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("Keep-alive, reply timeout and backoff must be positive, were "
                            + keepAlive + ", " + replyTimeout + ", " + backoffMin + ", " + backoffMax);
                }
            }
            if (backoffMax.compareTo(backoffMin) < 0) {
                throw new IllegalArgumentException("Longest backoff " + backoffMax + " is below the shortest "
                        + backoffMin);
            }
        }
    }

    /** What happened on the link so far. */
    public record Stats(long confirmed, long denied, long keepAlives, long connects, long connectFailures,
                        long linkFailures, boolean connected) {
    }

    private final SimPanel panel;
    private final Settings settings;
    private final Clock clock;
    private final BlockingDeque<DataUnit> pending = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicLong keepAlives = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong linkFailures = new AtomicLong();
    private volatile boolean closed;
    private volatile Instant silentUntil = Instant.MIN;
    private volatile PanelConnection connection;

    /** @param clock the device's clock: frame times are its local time in the simulator's zone */
    public PanelClient(SimPanel panel, Settings settings, Clock clock) {
        this.panel = Objects.requireNonNull(panel, "panel");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = new Thread(this::run, "dayuan-simulator-panel-" + panel.thingId());
        thread.setDaemon(true);
    }

    public PanelClient start() {
        thread.start();
        return this;
    }

    public SimPanel panel() {
        return panel;
    }

    /** Queues a component's status (the bits of {@link ComponentStatus}) for sending. */
    public void report(SimPanel.Detector detector, int status) {
        pending.add(DataUnit.of(new ComponentStatus(FIRE_ALARM_SYSTEM, panel.panelNumber(), detector.componentType(),
                detector.componentAddress(), status, "", now())));
    }

    /** Sends nothing before {@code until}; what the panel reports meanwhile goes afterwards. */
    public void silence(Instant until) {
        silentUntil = until;
        thread.interrupt();
    }

    public boolean isSilent() {
        return clock.instant().isBefore(silentUntil);
    }

    /** Reports not yet confirmed or denied. */
    public int backlog() {
        return pending.size();
    }

    public Stats stats() {
        return new Stats(confirmed.get(), denied.get(), keepAlives.get(), connects.get(), connectFailures.get(),
                linkFailures.get(), connection != null);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        disconnect();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = settings.backoffMin();
        while (!closed) {
            try {
                Instant silent = silentUntil;
                if (clock.instant().isBefore(silent)) {
                    sleep(Duration.between(clock.instant(), silent));
                    continue;
                }
                if (connection == null) {
                    if (!connect()) {
                        sleep(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(settings.backoffMax()) > 0
                                ? settings.backoffMax() : backoff.multipliedBy(2);
                        continue;
                    }
                    backoff = settings.backoffMin();
                }
                DataUnit next = pending.pollFirst(settings.keepAlive().toMillis(), TimeUnit.MILLISECONDS);
                boolean keepAlive = next == null;
                if (!keepAlive && isSilent()) {
                    pending.addFirst(next);
                    continue;
                }
                exchange(next, keepAlive);
            } catch (InterruptedException e) {
                // silence(), close(): the loop looks again
            }
        }
    }

    private void exchange(DataUnit data, boolean keepAlive) {
        PanelConnection c = connection;
        try {
            if (c == null) {
                // closed meanwhile
                throw new EOFException("the link was closed");
            }
            PanelConnection.Answer answer = c.send(data, now());
            if (answer.confirmed()) {
                (keepAlive ? keepAlives : confirmed).incrementAndGet();
            } else {
                denied.incrementAndGet();
                LOG.warn("Gateway denied frame {} of panel {}", answer.sent().serial(), panel.thingId());
            }
        } catch (IOException e) {
            linkFailures.incrementAndGet();
            if (!keepAlive) {
                pending.addFirst(data);
            }
            if (!closed) {
                LOG.info("Link of panel {} failed, connecting again: {}", panel.thingId(), e.toString());
            }
            disconnect();
        }
    }

    private boolean connect() {
        try {
            connection = PanelConnection.open(settings.host(), settings.port(), panel.transmitter(), settings.centre(),
                    settings.replyTimeout());
            connects.incrementAndGet();
            return true;
        } catch (IOException e) {
            if (connectFailures.incrementAndGet() == 1) {
                LOG.info("Panel {} cannot reach the gateway at {}:{} yet ({}); trying again with backoff",
                        panel.thingId(), settings.host(), settings.port(), e.toString());
            }
            return false;
        }
    }

    private void disconnect() {
        PanelConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // it is gone either way
            }
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), SimulatorConstants.ZONE).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Sleeps {@code d}, at most a second at a time: the loop looks at the clock and the silence again. */
    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isNegative() && !d.isZero()) {
            TimeUnit.MILLISECONDS.sleep(d.compareTo(Duration.ofSeconds(1)) > 0 ? 1000 : Math.max(1, d.toMillis()));
        }
    }
}
