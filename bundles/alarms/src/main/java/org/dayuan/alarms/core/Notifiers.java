package org.dayuan.alarms.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.Severity;
import org.dayuan.twin.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link AlarmNotifier}s with what their service properties say they want: which alarms go to which
 * notifier. A notifier whose properties cannot be read is left out and logged, not guessed at.
 */
final class Notifiers {
    private static final Logger LOG = LoggerFactory.getLogger(Notifiers.class);

    /** One notifier and its reading of the whiteboard properties; {@code namespaces} empty: all. */
    record Registered(AlarmNotifier notifier, String name, Severity minSeverity, Set<String> namespaces) {
        boolean wants(Severity severity, String namespace) {
            return severity.compareTo(minSeverity) >= 0
                    && (namespaces.isEmpty() || Caller.covers(namespaces, namespace));
        }
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    void add(AlarmNotifier notifier, Map<String, ?> properties) {
        try {
            registered.add(read(notifier, properties));
        } catch (IllegalArgumentException e) {
            LOG.warn("Alarm notifier {} left out: {}", notifier.getClass().getName(), e.getMessage());
        }
    }

    void remove(AlarmNotifier notifier) {
        registered.removeIf(r -> r.notifier() == notifier);
    }

    /** The notifiers that want an alarm of {@code severity} in {@code namespace}. */
    List<Registered> matching(Severity severity, String namespace) {
        List<Registered> out = new ArrayList<>();
        for (Registered r : registered) {
            if (r.wants(severity, namespace)) {
                out.add(r);
            }
        }
        return out;
    }

    static Registered read(AlarmNotifier notifier, Map<String, ?> properties) {
        Object name = properties.get(AlarmNotifier.NAME);
        if (!(name instanceof String n) || n.isBlank()) {
            throw new IllegalArgumentException("it has no " + AlarmNotifier.NAME + " service property");
        }
        Object min = properties.get(AlarmNotifier.MIN_SEVERITY);
        Severity minSeverity;
        try {
            minSeverity = min == null ? Severity.INFO : Severity.of(min.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AlarmNotifier.MIN_SEVERITY + " '" + min
                    + "' is none of info, warning, major, critical");
        }
        Set<String> namespaces = new LinkedHashSet<>();
        for (String ns : strings(properties.get(AlarmNotifier.NAMESPACES))) {
            if (!ns.isBlank()) {
                namespaces.add(ns.strip());
            }
        }
        if (namespaces.contains(Caller.ALL_NAMESPACES)) {
            namespaces.clear();
        }
        return new Registered(notifier, n, minSeverity, Set.copyOf(namespaces));
    }

    /** A String (comma-separated), String[] or collection property as its values. */
    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.addAll(Arrays.asList(s.split(",")));
        } else if (value instanceof String[] a) {
            for (String s : a) {
                out.addAll(Arrays.asList(s.split(",")));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(o -> out.addAll(Arrays.asList(String.valueOf(o).split(","))));
        }
        return out;
    }
}
