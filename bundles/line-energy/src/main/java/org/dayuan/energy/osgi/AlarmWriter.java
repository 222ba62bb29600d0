package org.dayuan.energy.osgi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.energy.rules.Finding;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Alarm twins in step with the rules' findings: a new finding raises an alarm under the twin it is about
 * (id {@code <namespace>:alarm-<rule>-<name>}), a raised alarm whose finding is gone is cleared. Only changes are
 * written, so a steady condition costs nothing per evaluation.
 *
 * <p>An alarm is a child of the twin it is about, so deleting that twin (a meter taken out) deletes its alarms with
 * it (the registry deletes a twin with children only recursively): the line forgets the twin, its finding goes, and
 * the alarm, found gone when it is to be cleared, is forgotten too rather than tried again at every evaluation.
 */
final class AlarmWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ALARM = "dayuan:Alarm:1.0.0";
    static final String RAISED_FILTER = "and(eq(definition,\"" + ALARM + "\"),eq(attributes/line,\"energy\"),"
            + "eq(attributes/state,\"raised\"))";

    private final ProducerTemplate twins;
    private final Set<String> raised = new HashSet<>();

    AlarmWriter(ProducerTemplate twins) {
        this.twins = twins;
    }

    /** The alarms this line raised earlier and has not cleared, read back after a restart. */
    void load(List<JsonNode> alarms) {
        alarms.forEach(a -> raised.add(a.path("thingId").asText()));
    }

    static String alarmId(Finding f) {
        int colon = f.subject().indexOf(':');
        String rule = f.ruleId().startsWith("energy.") ? f.ruleId().substring("energy.".length()) : f.ruleId();
        return f.subject().substring(0, colon) + ":alarm-" + rule + "-" + f.subject().substring(colon + 1);
    }

    synchronized void reconcile(List<Finding> findings, Instant now) {
        Map<String, Finding> wanted = new HashMap<>();
        findings.forEach(f -> wanted.putIfAbsent(alarmId(f), f));
        wanted.forEach((id, f) -> {
            if (!raised.contains(id) && write("twin:put", id, raise(f))) {
                raised.add(id);
                LOG.info("Energy alarm raised: {} {}", id, f.message());
            }
        });
        for (String id : List.copyOf(raised)) {
            if (!wanted.containsKey(id)) {
                ObjectNode patch = JSON.createObjectNode();
                patch.put("state", "cleared");
                patch.put("clearedAt", now.toString());
                try {
                    send("twin:merge?path=/attributes", id, patch);
                    raised.remove(id);
                    LOG.info("Energy alarm cleared: {}", id);
                } catch (RuntimeException e) {
                    if (isNotFound(e)) {
                        raised.remove(id);
                        LOG.info("Energy alarm {} was deleted (with the twin it was about, or by hand)", id);
                    } else {
                        LOG.warn("Energy alarm {} not cleared: {}", id, reason(e));
                    }
                }
            }
        }
    }

    synchronized Set<String> raised() {
        return Set.copyOf(raised);
    }

    private static ObjectNode raise(Finding f) {
        ObjectNode a = JSON.createObjectNode();
        a.put("name", f.message().split(" / ")[0]);
        a.put("parent", f.subject());
        a.put("rule", f.ruleId());
        a.put("line", "energy");
        a.put("severity", f.severity());
        a.put("state", "raised");
        a.put("source", f.subject());
        a.put("raisedAt", f.at().toString());
        a.put("message", f.message());
        if (Double.isFinite(f.value())) {
            a.put("value", f.value());
        }
        if (Double.isFinite(f.threshold())) {
            a.put("threshold", f.threshold());
        }
        ObjectNode twin = JSON.createObjectNode();
        twin.put("definition", ALARM);
        twin.set("attributes", a);
        return twin;
    }

    private boolean write(String uri, String id, JsonNode body) {
        try {
            send(uri, id, body);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Energy alarm {} not written: {}", id, reason(e));
            return false;
        }
    }

    private void send(String uri, String id, JsonNode body) {
        twins.requestBodyAndHeader(uri, body, TwinConstants.THING_ID, id);
    }

    private static boolean isNotFound(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DayuanException d) {
                return ErrorCode.THING_NOT_FOUND.equals(d.errorCode());
            }
        }
        return false;
    }

    private static String reason(RuntimeException e) {
        return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }
}
