package org.dayuan.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dayuan.gbt26875.ComponentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link PanelPlan} on one {@link PanelClient} per panel. A detector's status is the sum of what is going on
 * at it: a fault arriving during a fire keeps the fire bit, and the reset clears only its own bit, so the centre
 * always gets the whole state of the component, as a panel sends it. Not thread-safe: one thread advances it.
 */
public final class PanelPlayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PanelPlayer.class);

    private final PanelPlan plan;
    private final Map<String, PanelClient> clients = new LinkedHashMap<>();
    private final Map<String, Integer> bits = new HashMap<>();
    private Instant time;

    /** Starts a client per panel; events before {@code start} are not played. */
    public PanelPlayer(List<SimPanel> panels, PanelPlan plan, PanelClient.Settings settings, Clock clock,
                       Instant start) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.time = Objects.requireNonNull(start, "start");
        for (SimPanel panel : panels) {
            clients.put(panel.thingId(), new PanelClient(panel, settings, clock).start());
        }
    }

    public Map<String, PanelClient> clients() {
        return clients;
    }

    /** Plays the events up to {@code now}; an instant not after the last one does nothing. */
    public void advanceTo(Instant now) {
        if (!now.isAfter(time)) {
            return;
        }
        for (PanelPlan.Event e : plan.due(time, now)) {
            PanelClient client = clients.get(e.panel());
            switch (e.kind()) {
                case SILENT -> {
                    LOG.info("Simulator: link of panel {} goes silent until {}", e.panel(), e.until());
                    client.silence(e.until());
                }
                case FIRE -> {
                    LOG.info("Simulator: {} at {} ({}:{})", e.real() ? "fire" : "false alarm",
                            e.detector().thingId(), e.detector().loop(), e.detector().address());
                    report(client, e.detector(), ComponentStatus.FIRE, true);
                }
                case FIRE_RESET -> report(client, e.detector(), ComponentStatus.FIRE, false);
                case FAULT -> report(client, e.detector(), ComponentStatus.FAULT, true);
                case FAULT_CLEARED -> report(client, e.detector(), ComponentStatus.FAULT, false);
            }
        }
        time = now;
    }

    private void report(PanelClient client, SimPanel.Detector detector, int bit, boolean on) {
        int old = bits.getOrDefault(detector.thingId(), 0);
        int now = on ? old | bit : old & ~bit;
        bits.put(detector.thingId(), now);
        client.report(detector, ComponentStatus.NORMAL | now);
    }

    @Override
    public void close() {
        clients.values().forEach(PanelClient::close);
    }
}
