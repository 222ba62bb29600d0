package org.dayuan.simulator;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Body;
import org.dayuan.jtt808.Heartbeat;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationBatch;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.Register;
import org.dayuan.jtt808.RegisterResponse;
import org.dayuan.simulator.device.TerminalConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vehicle's JT/T 808 terminal on its own thread. On each connection it registers first if it holds no
 * authentication code (the code lives in memory only, so a restarted simulator registers again), then
 * authenticates; a refused registration or authentication drops the connection and is tried again with the backoff
 * (a refused authentication forgets the code, so the next attempt registers). Then it sends the locations queued by
 * {@link #report}, and a heartbeat after {@code heartbeat} without anything to send. Every message waits for its
 * answer; a location whose connection fails is kept and sent again on the next connection, several at once as a
 * blind-area batch (0x0704), as a terminal keeps what it could not deliver. Connecting again (after a failed link
 * too) waits {@code backoffMin}, doubling up to {@code backoffMax} while the platform is unreachable or refuses.
 */
public final class VehicleClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VehicleClient.class);
    /** Jiangsu (GB/T 2260 32xxxx) and Wujin district of Changzhou (320412). */
    static final int PROVINCE = 32;
    static final int CITY = 412;
    /** Reports a blind-area batch carries at most: 20 bodies with their items stay well below the 1023-byte body. */
    static final int BATCH = 20;
    /** Reports kept while the platform is unreachable; older ones are dropped, as a terminal's memory is finite. */
    static final int KEPT = 10_000;

    /** Where and how to connect; the same for every terminal. */
    public record Settings(String host, int port, Duration heartbeat, Duration replyTimeout, Duration backoffMin,
                           Duration backoffMax) {
        public Settings {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Gateway port must be 1-65535, was " + port);
            }
            for (Duration d : new Duration[] {heartbeat, replyTimeout, backoffMin, backoffMax}) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("Heartbeat, reply timeout and backoff must be positive, were "
                            + heartbeat + ", " + replyTimeout + ", " + backoffMin + ", " + backoffMax);
                }
            }
            if (backoffMax.compareTo(backoffMin) < 0) {
                throw new IllegalArgumentException("Longest backoff " + backoffMax + " is below the shortest "
                        + backoffMin);
            }
        }
    }

    /** What happened so far. {@code acknowledged} counts locations the platform answered with result 0. */
    public record Stats(long registrations, long refusedRegistrations, long authentications, long refusedAuthentications,
                        long acknowledged, long failed, long heartbeats, long connects, long connectFailures,
                        long linkFailures, boolean online) {
    }

    private final SimVehicle vehicle;
    private final Settings settings;
    private final BlockingDeque<Location> pending = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final AtomicLong registrations = new AtomicLong();
    private final AtomicLong refusedRegistrations = new AtomicLong();
    private final AtomicLong authentications = new AtomicLong();
    private final AtomicLong refusedAuthentications = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong linkFailures = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean online;
    private volatile boolean broken;
    private volatile String authCode;
    private volatile TerminalConnection connection;

    public VehicleClient(SimVehicle vehicle, Settings settings) {
        this.vehicle = Objects.requireNonNull(vehicle, "vehicle");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.thread = new Thread(this::run, "dayuan-simulator-vehicle-" + vehicle.thingId());
        thread.setDaemon(true);
    }

    public VehicleClient start() {
        thread.start();
        return this;
    }

    public SimVehicle vehicle() {
        return vehicle;
    }

    /** Queues a location report for sending. */
    public void report(Location location) {
        if (pending.size() >= KEPT) {
            pending.pollFirst();
        }
        pending.add(location);
    }

    /** Locations not yet acknowledged. */
    public int backlog() {
        return pending.size();
    }

    /** The authentication code the platform gave at registration, or null before it (or after it was refused). */
    public String authCode() {
        return authCode;
    }

    public Stats stats() {
        return new Stats(registrations.get(), refusedRegistrations.get(), authentications.get(),
                refusedAuthentications.get(), acknowledged.get(), failed.get(), heartbeats.get(), connects.get(),
                connectFailures.get(), linkFailures.get(), online);
    }

    /** The registration this terminal sends: its plate without the separator dot, as plates go on the wire. */
    Register registration() {
        String id = vehicle.terminalId();
        String plate = vehicle.plate().replace("·", "");
        int colour = vehicle.energy().hasBattery() ? 5 : 1; // green plates for new energy (JT/T 415), else blue
        return new Register(PROVINCE, CITY, "DYSIM", "DY-808-SIM", id.substring(Math.max(0, id.length() - 7)),
                colour, plate);
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
                if (connection == null) {
                    if (broken) {
                        // a link that just failed is not hammered: a gateway may accept and drop at once
                        broken = false;
                        sleep(backoff);
                    }
                    if (!connect() || !logIn()) {
                        disconnect();
                        sleep(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(settings.backoffMax()) > 0
                                ? settings.backoffMax() : backoff.multipliedBy(2);
                        continue;
                    }
                    backoff = settings.backoffMin();
                }
                Location next = pending.pollFirst(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    exchange(List.of());
                } else if (pending.isEmpty()) {
                    exchange(List.of(next));
                } else {
                    List<Location> batch = new ArrayList<>(List.of(next));
                    while (batch.size() < BATCH && !pending.isEmpty()) {
                        batch.add(pending.pollFirst());
                    }
                    exchange(batch);
                }
            } catch (InterruptedException e) {
                // close(): the loop looks again
            }
        }
    }

    /** Registers if needed and authenticates; false (logged) when the platform refuses or the link fails. */
    private boolean logIn() {
        TerminalConnection c = connection;
        if (c == null) {
            return false;
        }
        try {
            if (authCode == null) {
                RegisterResponse r = c.register(registration());
                if (r.result() != RegisterResponse.OK) {
                    refusedRegistrations.incrementAndGet();
                    LOG.warn("Gateway refused the registration of {} (terminal {}) with result {}; trying again",
                            vehicle.thingId(), vehicle.terminalId(), r.result());
                    return false;
                }
                registrations.incrementAndGet();
                authCode = r.authCode();
            }
            PlatformResponse a = c.send(Authenticate.v2013(authCode));
            if (a.result() != PlatformResponse.OK) {
                refusedAuthentications.incrementAndGet();
                LOG.warn("Gateway refused the authentication of {} (terminal {}) with result {}; registering again",
                        vehicle.thingId(), vehicle.terminalId(), a.result());
                authCode = null;
                return false;
            }
            authentications.incrementAndGet();
            online = true;
            return true;
        } catch (IOException e) {
            linkFailures.incrementAndGet();
            if (!closed) {
                LOG.info("Terminal {} lost the gateway while logging in: {}", vehicle.terminalId(), e.toString());
            }
            return false;
        }
    }

    /** Sends the locations (none: a heartbeat) and counts the answer; on a failed link keeps them for later. */
    private void exchange(List<Location> locations) {
        TerminalConnection c = connection;
        Body body = locations.isEmpty() ? new Heartbeat()
                : locations.size() == 1 ? locations.get(0) : new LocationBatch(LocationBatch.BLIND_AREA, locations);
        try {
            if (c == null) {
                throw new EOFException("the link was closed");
            }
            PlatformResponse answer = c.send(body);
            if (locations.isEmpty()) {
                heartbeats.incrementAndGet();
            } else if (answer.result() == PlatformResponse.OK) {
                acknowledged.addAndGet(locations.size());
            } else {
                // resending would fail again: a terminal drops what the platform refused
                failed.addAndGet(locations.size());
                LOG.warn("Gateway answered {} location(s) of terminal {} with result {}", locations.size(),
                        vehicle.terminalId(), answer.result());
            }
        } catch (IOException e) {
            linkFailures.incrementAndGet();
            broken = true;
            for (int i = locations.size() - 1; i >= 0; i--) {
                pending.addFirst(locations.get(i));
            }
            if (!closed) {
                LOG.info("Link of terminal {} failed, connecting again: {}", vehicle.terminalId(), e.toString());
            }
            disconnect();
        }
    }

    private boolean connect() {
        try {
            connection = TerminalConnection.open(settings.host(), settings.port(), vehicle.terminalId(),
                    settings.replyTimeout());
            connects.incrementAndGet();
            return true;
        } catch (IOException e) {
            if (connectFailures.incrementAndGet() == 1) {
                LOG.info("Terminal {} cannot reach the gateway at {}:{} yet ({}); trying again with backoff",
                        vehicle.terminalId(), settings.host(), settings.port(), e.toString());
            }
            return false;
        }
    }

    private void disconnect() {
        online = false;
        TerminalConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // it is gone either way
            }
        }
    }

    /** Sleeps {@code d}; close() interrupts it. */
    private static void sleep(Duration d) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(Math.max(1, d.toMillis()));
    }
}
