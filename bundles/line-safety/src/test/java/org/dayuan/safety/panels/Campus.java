package org.dayuan.safety.panels;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.core.AlarmTwins;
import org.dayuan.safety.Fixture;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;

/**
 * Two organisations in a registry in memory, each with a panel, detectors, rooms and cameras; the gateway on it, with
 * the real alarm service writing its alarm twins into the same registry.
 */
final class Campus {
    static final String TX_A = "320412000001";
    static final String TX_B = "320412000099";
    static final TwinId PANEL_A = TwinId.of("cz.wujin:fap-a");
    static final TwinId PANEL_B = TwinId.of("cz.other:fap-x");
    static final TwinId FLOOR = TwinId.of("cz.wujin:floor-a-03");
    static final TwinId ROOM = TwinId.of("cz.wujin:room-a-0305");
    static final TwinId ROOM_NO_CAMERA = TwinId.of("cz.wujin:room-a-0306");
    static final TwinId DETECTOR = TwinId.of("cz.wujin:fd-a-0305-1");
    static final TwinId DETECTOR_2 = TwinId.of("cz.wujin:fd-a-0306-1");
    static final TwinId CAMERA_ROOM = TwinId.of("cz.wujin:cam-a-0305");
    static final TwinId CAMERA_FLOOR = TwinId.of("cz.wujin:cam-a-03");
    /** In another organisation, but naming panel A at loop 2 address 7. */
    static final TwinId INTRUDER = TwinId.of("cz.other:fd-x-1");
    static final Caller ADMIN = Fixture.ADMIN;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Fixture fixture = new Fixture(Instant.parse("2026-12-06T02:05:31Z"));
    final InMemoryTwins twins = fixture.twins;
    final InMemoryTwins.Views view = fixture.line;
    final MutableClock clock = fixture.clock;
    /** The real alarm service of bundle org.dayuan.alarms, writing alarm twins into the same registry. */
    final Alarms alarms = fixture.alarms;
    final PanelGateway gateway = new PanelGateway(view.registry(), view.search(), view.subscriptions(), alarms, clock,
            ZoneId.of("Asia/Shanghai"));

    Campus() {
        create(FLOOR, "dayuan:Floor:1.0.0", "A座3层", null);
        create(ROOM, "dayuan:Room:1.0.0", "305", FLOOR);
        create(ROOM_NO_CAMERA, "dayuan:Room:1.0.0", "306", FLOOR);
        panel(PANEL_A, TX_A, 1);
        panel(PANEL_B, TX_B, 1);
        detector(DETECTOR, ROOM, PANEL_A, 2, 5);
        detector(DETECTOR_2, ROOM_NO_CAMERA, PANEL_A, 2, 6);
        detector(INTRUDER, null, PANEL_A, 2, 7);
        create(CAMERA_ROOM, PanelGateway.CAMERA_MODEL, "305摄像机", ROOM);
        create(CAMERA_FLOOR, PanelGateway.CAMERA_MODEL, "3层走廊", FLOOR);
    }

    void create(TwinId id, String definition, String name, TwinId parent) {
        ObjectNode thing = NODES.objectNode().put("definition", definition);
        ObjectNode attrs = thing.putObject("attributes").put("name", name);
        if (parent != null) {
            attrs.put("parent", parent.toString());
        }
        twins.registry.create(ADMIN, id, thing);
    }

    private void panel(TwinId id, String transmitter, int number) {
        ObjectNode thing = NODES.objectNode().put("definition", PanelGateway.PANEL_MODEL);
        thing.putObject("attributes").put("name", id.name() + "控制器").put("transmitter", transmitter)
                .put("panelNumber", number);
        thing.putObject("features").putObject("status").putObject("properties").put("fire", false)
                .put("fault", false).put("disabled", false);
        twins.registry.create(ADMIN, id, thing);
    }

    private void detector(TwinId id, TwinId room, TwinId panel, int loop, int address) {
        ObjectNode thing = NODES.objectNode().put("definition", PanelGateway.DETECTOR_MODEL);
        ObjectNode attrs = thing.putObject("attributes").put("name", id.name() + "烟感").put("kind", "smoke")
                .put("panel", panel.toString()).put("loop", loop).put("address", address);
        if (room != null) {
            attrs.put("parent", room.toString());
        }
        thing.putObject("features").putObject("status").putObject("properties").put("fire", false)
                .put("fault", false).put("disabled", false);
        twins.registry.create(ADMIN, id, thing);
    }

    Twin get(TwinId id) {
        return twins.registry.get(ADMIN, id).orElseThrow();
    }

    boolean status(TwinId id, String property) {
        return get(id).get(org.dayuan.twin.JsonPointer.parse("/features/status/properties/" + property))
                .orElseThrow().asBoolean();
    }

    /** Every twin as JSON with revision: equal before and after means nothing changed. */
    List<String> snapshot() {
        return twins.registry.list(ADMIN).stream().map(t -> t.toJsonWithMeta().toString()).toList();
    }

    /** Every alarm twin in the registry, whatever its state. */
    List<Twin> alarmTwins() {
        return twins.registry.list(ADMIN).stream().filter(AlarmTwins::isAlarm).toList();
    }

    /** The one alarm twin of {@code (source, type)}; fails when there are several. */
    Optional<Twin> alarm(TwinId source, String type) {
        List<Twin> found = alarmTwins().stream()
                .filter(t -> source.toString().equals(AlarmTwins.text(t, AlarmTwins.SOURCE))
                        && type.equals(AlarmTwins.text(t, AlarmTwins.TYPE)))
                .toList();
        if (found.size() > 1) {
            throw new AssertionError("several alarm twins for " + source + " " + type + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** Whether the alarm of {@code (source, type)} exists and its condition is present now. */
    boolean active(TwinId source, String type) {
        return alarm(source, type).map(t -> AlarmTwins.attribute(t, AlarmTwins.ACTIVE).asBoolean()).orElse(false);
    }

    static JsonNode attr(Twin alarm, String name) {
        return AlarmTwins.attribute(alarm, name);
    }

    void advance(Duration d) {
        clock.advance(d);
    }
}
