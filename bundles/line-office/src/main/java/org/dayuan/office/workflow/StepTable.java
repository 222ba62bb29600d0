package org.dayuan.office.workflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;

/**
 * The steps of one workflow twin: from which states each may be taken, the state it leads to, and which roles may
 * take it; and the record every step leaves ({@code state} and a {@code log} entry {action, by, at, comment}). The
 * four office workflows share it; the fleet's trip orders could move onto it too.
 *
 * <p>Roles are checked on the user's own roles: through the line's grant ({@code integrator}) a manager acts as an
 * integrator, so the registry cannot tell them apart.
 */
public final class StepTable {
    public static final Set<String> USERS = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_MANAGER, Caller.ROLE_INTEGRATOR);
    public static final Set<String> MANAGERS = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_MANAGER);
    /** The name under which a table lists who may create the twin (the first log entry). */
    public static final String CREATE = "create";

    /** One step: legal from {@code from}, leading to {@code to} (empty: the state stays), taken by {@code roles}. */
    public record Step(String name, Set<String> from, Optional<String> to, Set<String> roles) {
        public static Step of(String name, Set<String> from, String to, Set<String> roles) {
            return new Step(name, Set.copyOf(from), Optional.ofNullable(to), Set.copyOf(roles));
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String what;
    private final ErrorCode illegal;
    private final Set<String> creators;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    /**
     * @param what     the twin's name in messages (调剂申请 / reallocation request)
     * @param illegal  the workflow's 409 for a step its state does not allow
     * @param creators who may create the twin
     */
    public StepTable(String what, ErrorCode illegal, Set<String> creators, List<Step> steps) {
        this.what = what;
        this.illegal = illegal;
        this.creators = Set.copyOf(creators);
        steps.forEach(s -> this.steps.put(s.name(), s));
    }

    public Set<String> names() {
        return steps.keySet();
    }

    public Optional<Step> step(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    public Set<String> creators() {
        return creators;
    }

    /** The step {@code name} if {@code caller}'s own roles allow it: 403 {@code dayuan:access.forbidden} otherwise. */
    public Step requireRole(Caller caller, String name) {
        Step step = steps.get(name);
        if (step == null) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("There is no step '" + name + "' of a " + what
                    + "; the steps are " + String.join(", ", names()) + ".");
        }
        require(caller, step.roles(), name);
        return step;
    }

    /** Refuses the creation of a twin to a caller whose own roles are not among {@link #creators()}. */
    public void requireCreator(Caller caller) {
        require(caller, creators, CREATE);
    }

    private void require(Caller caller, Set<String> allowed, String action) {
        if (caller.roles().stream().noneMatch(allowed::contains)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + caller.subject() + "' with role(s) " + caller.roles()
                    + " may not " + action + " a " + what + "; that needs " + String.join(" or ",
                    allowed.stream().sorted().toList()) + ".");
        }
    }

    /** The state {@code step} leads {@code twin} to; the workflow's 409 naming state and step when it is not legal. */
    public String next(Twin twin, Step step) {
        String state = state(twin);
        if (!step.from().contains(state)) {
            throw illegal.exception("The " + what + " " + twin.id() + " is " + (state.isEmpty() ? "without state"
                    : state) + "; '" + step.name() + "' needs it " + String.join(" or ",
                    step.from().stream().sorted().toList()) + ".");
        }
        return step.to().orElse(state);
    }

    /**
     * The merge patch of the twin's attributes that records {@code step}: the next state and the log with
     * {@code entry} appended. The caller adds what the step itself changes.
     */
    public ObjectNode patch(Twin twin, Step step, ObjectNode entry) {
        ObjectNode patch = NODES.objectNode();
        patch.put("state", next(twin, step));
        ArrayNode log = NODES.arrayNode();
        JsonNode kept = twin.toJson().path(Twin.ATTRIBUTES).path("log");
        if (kept.isArray()) {
            log.addAll((ArrayNode) kept);
        }
        log.add(entry);
        patch.set("log", log);
        return patch;
    }

    /** A log entry. */
    public static ObjectNode entry(String action, String by, Instant at, String comment) {
        ObjectNode e = NODES.objectNode();
        e.put("action", action).put("by", by).put("at", at.toString()).put("comment", comment);
        return e;
    }

    public static String state(Twin twin) {
        return twin.toJson().path(Twin.ATTRIBUTES).path("state").asText("");
    }
}
