package org.dayuan.ditto.bridge;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code GET /api/dayuan/ditto-bridge} shows: whether the bridge runs and is connected, where to, its durable
 * position and the journal's head, how far behind it is in events (journal positions, counting every event of the
 * county, mirrored or not) and in seconds (age of the oldest event not yet acknowledged upstream), how many commands
 * the upstream acknowledged, how many full resynchronisations ran, and the last error with its time.
 */
public record BridgeStatus(boolean enabled, boolean connected, String endpoint, long position, long journalHead,
                           double lagSeconds, long sent, long skipped, long resyncs, int queued, int inFlight,
                           Optional<String> lastError, Optional<Instant> lastErrorAt) {

    public static BridgeStatus disabled(String endpoint, long position, long journalHead) {
        return new BridgeStatus(false, false, endpoint, position, journalHead, 0, 0, 0, 0, 0, 0, Optional.empty(),
                Optional.empty());
    }

    public long lagEvents() {
        return Math.max(0, journalHead - position);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("enabled", enabled);
        json.put("connected", connected);
        json.put("endpoint", endpoint);
        json.put("position", position);
        json.put("journalHead", journalHead);
        ObjectNode lag = json.putObject("lag");
        lag.put("events", lagEvents());
        lag.put("seconds", Math.round(lagSeconds * 1000) / 1000.0);
        json.put("sent", sent);
        json.put("duplicatesSkipped", skipped);
        json.put("resyncs", resyncs);
        json.put("queued", queued);
        json.put("inFlight", inFlight);
        if (lastError.isPresent()) {
            ObjectNode error = json.putObject("lastError");
            error.put("message", lastError.get());
            lastErrorAt.ifPresent(at -> error.put("at", at.toString()));
        } else {
            json.putNull("lastError");
        }
        return json;
    }
}
