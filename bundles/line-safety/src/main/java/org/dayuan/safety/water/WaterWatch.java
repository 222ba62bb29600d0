package org.dayuan.safety.water;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.WorkOrders;
import org.dayuan.safety.Places;
import org.dayuan.safety.Searches;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link WaterRule}'s decisions to the alarm service: raises {@code safety.water-low} and the like (major),
 * with the value, the limit, the room, the floor and the cameras that show the sensor, opens a work order for a low
 * level or pressure, and records the return to normal. Which conditions are raised is kept per sensor; at
 * {@link #start} it is read back from the open alarms (an open alarm that is still active counts as raised), so a
 * restart neither raises a standing condition twice nor forgets one. Not thread-safe: the line calls it from one
 * thread.
 */
public final class WaterWatch {
    private static final Logger LOG = LoggerFactory.getLogger(WaterWatch.class);
    public static final String LINE = "safety";
    private static final JsonPointer ACTIVE = JsonPointer.of(Twin.ATTRIBUTES, "active");

    private final Caller identity;
    private final TwinSearch search;
    private final Places places;
    private final Alarms alarms;
    private final WorkOrders workOrders;
    private final Clock clock;
    private volatile WaterRule rule;
    private final Map<TwinId, Set<WaterCondition>> raised = new HashMap<>();
    /** The last reason a sensor's reading was ignored, so a sensor that keeps sending junk is logged once. */
    private final Map<TwinId, String> ignored = new HashMap<>();

    public WaterWatch(Caller identity, TwinSearch search, Places places, Alarms alarms, WorkOrders workOrders,
                      WaterRule rule, Clock clock) {
        this.identity = identity;
        this.search = search;
        this.places = places;
        this.alarms = alarms;
        this.workOrders = workOrders;
        this.rule = rule;
        this.clock = clock;
    }

    public void rule(WaterRule next) {
        rule = next;
    }

    /** Reads back what is raised from the open alarms, then judges every sensor's current reading once. */
    public void start() {
        raised.clear();
        for (Twin sensor : Searches.all(search, identity, Searches.definition(WaterRule.DEFINITION))) {
            Set<WaterCondition> now = EnumSet.noneOf(WaterCondition.class);
            for (WaterCondition c : WaterCondition.values()) {
                alarms.open(identity, sensor.id(), c.type())
                        .filter(a -> a.get(ACTIVE).map(JsonNode::asBoolean).orElse(false))
                        .ifPresent(a -> now.add(c));
            }
            raised.put(sensor.id(), now);
            sensor(sensor);
        }
    }

    /** Judges a sensor twin as it is now (after an event), raising and clearing what its reading calls for. */
    public void sensor(Twin sensor) {
        if (!WaterRule.isSensor(sensor)) {
            return;
        }
        Set<WaterCondition> now = raised.computeIfAbsent(sensor.id(), id -> EnumSet.noneOf(WaterCondition.class));
        WaterRule.Evaluation e = rule.evaluate(sensor, now);
        if (e.ignored().isPresent()) {
            if (!e.ignored().get().equals(ignored.put(sensor.id(), e.ignored().get()))) {
                LOG.warn("Fire-water sensor {}: reading ignored, {}", sensor.id(), e.ignored().get());
            }
            return;
        }
        ignored.remove(sensor.id());
        Instant at = clock.instant();
        for (WaterRule.Transition t : e.transitions()) {
            if (t.raise()) {
                raise(sensor, t, at, now);
            } else {
                alarms.normal(identity, sensor.id(), t.condition().type(), at);
                now.remove(t.condition());
            }
        }
    }

    /** A sensor deleted: nothing of it is kept (its open alarms stay for people to close). */
    public void forget(TwinId sensor) {
        raised.remove(sensor);
        ignored.remove(sensor);
    }

    /** Raises the alarm, counts the condition raised, then opens the work order it calls for. */
    private void raise(Twin sensor, WaterRule.Transition t, Instant at, Set<WaterCondition> raisedNow) {
        WaterCondition c = t.condition();
        Places.Place place = places.of(identity, sensor);
        String name = sensor.get(JsonPointer.of(Twin.ATTRIBUTES, "name")).map(JsonNode::asText)
                .orElse(sensor.id().toString());
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("value", t.value()).put("threshold", t.threshold()).put("unit", c.unit())
                .put("measure", c.measure());
        place.room().ifPresent(r -> details.put("room", r.toString()));
        place.floor().ifPresent(f -> details.put("floor", f.toString()));
        ArrayNode cameras = details.putArray("cameras");
        place.cameras().forEach(cam -> cameras.add(cam.toString()));
        String message = String.format(Locale.ROOT, "%s：%s %s %s，%s %s %s", name, c.measure().equals("level")
                        ? "液位" : "压力", fmt(t.value()), c.unit(), c.low() ? "低于下限" : "高于上限", fmt(t.threshold()),
                c.unit());
        Twin alarm = alarms.raise(identity, new AlarmCondition(sensor.id(), c.type(), LINE, Severity.MAJOR,
                c.title(), message, at, details));
        // raised even if the order fails below: the next reading must not count a repeat of the same condition
        raisedNow.add(c);
        if (c.needsWork()) {
            workOrders.open(identity, sensor.id(), c.title() + "：" + name,
                    message + "。请检查补水或稳压设备，恢复后复核读数。", alarm.id(), null);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
