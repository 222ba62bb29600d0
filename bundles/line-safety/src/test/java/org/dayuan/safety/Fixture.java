package org.dayuan.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.WorkOrders;
import org.dayuan.alarms.core.AlarmLifecycle;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.alarms.workorders.WorkOrderService;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.Configs;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;

/**
 * A registry in memory with the real alarm and work-order services of bundle org.dayuan.alarms (built without their
 * timers, through their constructors for tests and embedding) and the views the safety line gets under its grant in
 * the distribution.
 */
public final class Fixture {
    public static final String BSN = "org.dayuan.line-safety";
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");

    public final InMemoryTwins twins = new InMemoryTwins();
    public final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*"));
    public final InMemoryTwins.Views alarmViews = twins.of("org.dayuan.alarms",
            InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*, name:alarms"));
    /** The alarm bundle's defaults: acknowledge within 5 min, verify within 30, shelve up to 24 h, 100 log entries. */
    public static final AlarmLifecycle.Settings SETTINGS = new AlarmLifecycle.Settings(Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(24), 100);

    public final MutableClock clock;
    public final Alarms alarms;
    public final WorkOrders workOrders;

    public Fixture(Instant start) {
        clock = new MutableClock(start);
        AlarmService service = new AlarmService(alarmViews.registry(), alarmViews.search(), clock, SETTINGS,
                Runnable::run);
        service.buildIndex();
        alarms = service;
        workOrders = new WorkOrderService(alarmViews.registry(), alarmViews.search(), clock, Duration.ofHours(24));
    }

    /** A configuration annotation with every attribute at its default, and the given overrides by method name. */
    public static <A> A config(Class<A> type, Map<String, Object> overrides) {
        return Configs.of(type, overrides);
    }

    public Twin create(String id, String json) {
        try {
            return twins.registry().create(ADMIN, TwinId.of(id), (ObjectNode) JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Twin get(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow();
    }

    /** A campus building's floor 1 with room 101 (camera inside) and room 102 (none), and a corridor camera. */
    public void place() {
        create("cz.wujin:bldg-a", "{\"definition\":\"dayuan:Building:1.0.0\",\"attributes\":{\"name\":\"主楼\"}}");
        create("cz.wujin:floor-a-01", "{\"definition\":\"dayuan:Floor:1.0.0\",\"attributes\":{\"name\":\"1层\","
                + "\"parent\":\"cz.wujin:bldg-a\",\"number\":1}}");
        create("cz.wujin:room-a-0101", "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"水泵房\","
                + "\"parent\":\"cz.wujin:floor-a-01\"}}");
        create("cz.wujin:room-a-0102", "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"水箱间\","
                + "\"parent\":\"cz.wujin:floor-a-01\"}}");
        create("cz.wujin:cam-a-0101", "{\"definition\":\"dayuan:Camera:1.0.0\",\"attributes\":{\"name\":\"泵房\","
                + "\"parent\":\"cz.wujin:room-a-0101\"}}");
        create("cz.wujin:cam-a-f01", "{\"definition\":\"dayuan:Camera:1.0.0\",\"attributes\":{\"name\":\"走廊\","
                + "\"parent\":\"cz.wujin:floor-a-01\"}}");
    }

    /** A level sensor in {@code room} with limits 1.2 / 2.6 m reading {@code level}. */
    public Twin tank(String id, String room, double level) {
        return create(id, "{\"definition\":\"dayuan:WaterTankSensor:1.0.0\",\"attributes\":{\"name\":\"消防水箱液位\","
                + "\"parent\":\"" + room + "\",\"measures\":\"level\",\"levelLow\":1.2,\"levelHigh\":2.6},"
                + "\"features\":{\"tank\":{\"properties\":{\"level\":" + level + "}}}}");
    }

    /** Writes a reading as a device would (through the registry, so the line gets the event). */
    public void reading(String id, String property, Object value) {
        ObjectNode patch = JSON.createObjectNode();
        patch.set(property, JSON.valueToTree(value));
        twins.registry().merge(ADMIN, TwinId.of(id), org.dayuan.twin.JsonPointer.of("features", "tank",
                "properties"), patch, org.dayuan.twin.WriteCondition.NONE);
    }
}
