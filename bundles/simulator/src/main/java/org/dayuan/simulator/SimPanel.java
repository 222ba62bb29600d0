package org.dayuan.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.ComponentStatus;

/**
 * One fire alarm panel the simulator plays, behind its user-information transmission device (用户信息传输装置).
 *
 * @param thingId     the FireAlarmPanel twin
 * @param transmitter the transmission device's address: the source address of every frame it sends
 * @param panelNumber the panel's number behind that device: the system address inside each information object
 * @param detectors   the components on its loops, in loop and address order
 */
public record SimPanel(String thingId, Address transmitter, int panelNumber, List<Detector> detectors) {
    public SimPanel {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(transmitter, "transmitter");
        if (panelNumber < 0 || panelNumber > 255) {
            throw new IllegalArgumentException("Panel number of " + thingId + " is one byte (0-255), was "
                    + panelNumber);
        }
        detectors = List.copyOf(detectors);
    }

    /**
     * A component on a loop.
     *
     * @param kind the twin's {@code kind} (smoke, heat, manualCallPoint, ...)
     */
    public record Detector(String thingId, int loop, int address, String kind) {
        public Detector {
            Objects.requireNonNull(thingId, "thingId");
            Objects.requireNonNull(kind, "kind");
            // ComponentStatus.address checks the ranges with the codec's own message
            ComponentStatus.address(loop, address);
        }

        /** The 4-byte component address of the frames (loop in the high, point in the low half, as the gateway reads it). */
        public long componentAddress() {
            return ComponentStatus.address(loop, address);
        }

        /** Only point smoke detectors get their own type code; the rest are sent as 0, "general" (通用). */
        public int componentType() {
            return "smoke".equals(kind) ? ComponentStatus.SMOKE_DETECTOR : 0;
        }
    }

    /**
     * A panel from its twin and the FireDetector twins naming it in {@code panel}, or empty when the twin has no usable
     * {@code transmitter} (12 hex digits) and {@code panelNumber} (0-255): the gateway could not place its frames.
     * Detectors in another namespace than the panel's, or without a numeric loop and address, are left out: the
     * gateway ignores them too.
     */
    public static Optional<SimPanel> from(JsonNode panel, List<JsonNode> detectorTwins) {
        String thingId = panel.path("thingId").asText("");
        JsonNode attributes = panel.path("attributes");
        String transmitter = attributes.path("transmitter").asText("");
        JsonNode number = attributes.path("panelNumber");
        if (thingId.isEmpty() || !transmitter.matches("[0-9A-Fa-f]{12}") || !number.canConvertToInt()
                || number.asInt() < 0 || number.asInt() > 255) {
            return Optional.empty();
        }
        String namespace = thingId.substring(0, thingId.indexOf(':') + 1);
        List<Detector> detectors = new ArrayList<>();
        for (JsonNode twin : detectorTwins) {
            String id = twin.path("thingId").asText("");
            JsonNode a = twin.path("attributes");
            if (!id.startsWith(namespace) || !thingId.equals(a.path("panel").asText())
                    || !a.path("loop").canConvertToInt() || !a.path("address").canConvertToInt()
                    || a.path("loop").asInt() < 0 || a.path("loop").asInt() > 0xFFFF
                    || a.path("address").asInt() < 0 || a.path("address").asInt() > 0xFFFF) {
                continue;
            }
            detectors.add(new Detector(id, a.path("loop").asInt(), a.path("address").asInt(),
                    a.path("kind").asText("")));
        }
        detectors.sort(Comparator.comparingInt(Detector::loop).thenComparingInt(Detector::address)
                .thenComparing(Detector::thingId));
        return Optional.of(new SimPanel(thingId, Address.parse(transmitter), number.asInt(), detectors));
    }
}
