package org.dayuan.safety.panels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.AlarmStep;
import org.dayuan.alarms.Alarms;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The calls the gateway makes on {@link Alarms}, with the one-open-alarm-per-(source, type) bookkeeping the service
 * promises; the alarm twins themselves are the alarms bundle's and tested there.
 */
final class RecordingAlarms implements Alarms {
    record Call(String op, TwinId source, String type, AlarmCondition condition) {
    }

    final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    /** (source|type) → active. */
    final Map<String, Boolean> open = new ConcurrentHashMap<>();

    @Override
    public Twin raise(Caller caller, AlarmCondition condition) {
        calls.add(new Call("raise", condition.source(), condition.type(), condition));
        open.put(condition.source() + "|" + condition.type(), true);
        return null;
    }

    @Override
    public Optional<Twin> normal(Caller caller, TwinId source, String type, Instant at) {
        calls.add(new Call("normal", source, type, null));
        open.computeIfPresent(source + "|" + type, (k, v) -> false);
        return Optional.empty();
    }

    @Override
    public Twin act(Caller caller, TwinId alarm, AlarmStep step) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Twin> open(Caller caller, TwinId source, String type) {
        return Optional.empty();
    }

    @Override
    public List<Twin> openAlarms(Caller caller, String typePrefix) {
        return List.of();
    }

    List<Call> raised() {
        return calls.stream().filter(c -> c.op().equals("raise")).toList();
    }

    boolean active(TwinId source, String type) {
        return open.getOrDefault(source + "|" + type, false);
    }
}
