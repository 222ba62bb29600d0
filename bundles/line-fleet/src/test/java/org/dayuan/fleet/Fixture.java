package org.dayuan.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.core.AlarmLifecycle;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.WriteCondition;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;

/**
 * A registry in memory with the real alarm service (without its timers) and the views and history the fleet line gets
 * under its grant in the distribution; vehicles and their reports written as the gateway writes them.
 */
public final class Fixture {
    public static final String BSN = "org.dayuan.line-fleet";
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    public static final String CAMPUS = "cz.wujin:campus-xzzx";
    public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    /** The alarm bundle's defaults: acknowledge within 5 min, verify within 30, shelve up to 24 h, 100 log entries. */
    static final AlarmLifecycle.Settings SETTINGS = new AlarmLifecycle.Settings(Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(24), 100);

    public final InMemoryTwins twins = new InMemoryTwins();
    public final InMemoryTwins.Views line = twins.of(BSN,
            InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*, name:line-fleet"));
    public final TwinHistory history = twins.history(BSN,
            InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*, name:line-fleet"));
    public final MutableClock clock;
    public final Alarms alarms;

    public Fixture(Instant start) {
        clock = new MutableClock(start);
        InMemoryTwins.Views alarmViews = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*, name:alarms"));
        AlarmService service = new AlarmService(alarmViews.registry(), alarmViews.search(), clock, SETTINGS,
                Runnable::run);
        service.buildIndex();
        alarms = service;
        create(CAMPUS, "{\"attributes\":{\"name\":\"行政中心\"}}");
    }

    public Twin create(String id, String json) {
        try {
            return twins.registry().create(ADMIN, TwinId.of(id), (ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Twin get(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow();
    }

    /** A vehicle of organisation {@code org} with terminal {@code terminal}, parked at its home space. */
    public Twin vehicle(String id, String org, String terminal) {
        return create(id, "{\"definition\":\"dayuan:Vehicle:1.0.0\",\"attributes\":{\"name\":\"" + id
                + "\",\"parent\":\"" + CAMPUS + "\",\"plate\":\"苏D·12345\",\"organisation\":\"" + org
                + "\",\"energyType\":\"gasoline\",\"terminalId\":\"" + terminal + "\"}}");
    }

    /** A location report as the gateway writes it: measured at {@code at} (terminal time, +08:00). */
    public void report(String vehicle, Instant at, double lat, double lon, double speed, boolean acc,
                       double odometer) {
        ObjectNode location = JSON.createObjectNode();
        location.put("lat", lat).put("lon", lon).put("speed", speed).put("acc", acc).put("odometer", odometer)
                .put("online", true).put("timestamp", OffsetDateTime.ofInstant(at, CHINA).toString());
        twins.registry().merge(ADMIN, TwinId.of(vehicle), JsonPointer.parse("/features/location/properties"),
                location, WriteCondition.NONE);
    }
}
