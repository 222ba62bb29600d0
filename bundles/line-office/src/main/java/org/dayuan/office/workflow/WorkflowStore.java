package org.dayuan.office.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;

/**
 * Carries the workflows' decisions to the registry, always as the caller (the audit trail names who). A step reads
 * the twin and what it concerns, is judged on them, and is written with {@link TwinRegistry#writeAll} only if every
 * twin it read is still at the revision it was read at; otherwise it is judged again on the new state (so the loser
 * of two concurrent steps gets the 409 the new state calls for) — a few times, then the conflict is reported.
 */
public final class WorkflowStore {
    public static final ErrorCode BUSY = new ErrorCode("office:workflow.busy", 409,
            "The twin or a room it concerns kept changing while the step was written; try the step again.");
    private static final ErrorCode CHANGED = new ErrorCode("office:workflow.changed", 409, "Read again.");
    private static final int ATTEMPTS = 5;
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final TwinRegistry registry;
    private final TwinSearch search;

    public WorkflowStore(TwinRegistry registry, TwinSearch search) {
        this.registry = registry;
        this.search = search;
    }

    /** Creates the twin {@code body} requests, under its organisation, as {@code <ns>:<kind>-<yyyyMMdd>-<8 hex>}. */
    public Twin create(Caller caller, Workflow flow, Body body, Instant now) {
        flow.steps().requireCreator(caller);
        LocalDate today = LocalDate.ofInstant(now, OfficeRoom.ZONE);
        Workflow.Draft draft = flow.request(body, new Reads(registry, caller), caller.subject(), now, today);
        TwinId id = TwinId.of(draft.organisation().namespace() + ":" + flow.kind() + "-" + today.format(DAY) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        return registry.writeAll(caller, List.of(TwinWrite.create(id, draft.thing()))).get(0).twin().orElseThrow();
    }

    /** Takes {@code step} on twin {@code id} as {@code caller}: the twin after it. */
    public Twin step(Caller caller, Workflow flow, TwinId id, String step, Body body, Instant now) {
        StepTable.Step s = flow.steps().requireRole(caller, step);
        LocalDate today = LocalDate.ofInstant(now, OfficeRoom.ZONE);
        for (int attempt = 1; ; attempt++) {
            Reads reads = new Reads(registry, caller);
            Twin twin = reads.twin(id, flow.model(), "office " + flow.kind());
            ObjectNode entry = StepTable.entry(step, caller.subject(), now, body.comment());
            ObjectNode patch = flow.steps().patch(twin, s, entry);
            List<TwinWrite> writes = new ArrayList<>();
            writes.add(TwinWrite.merge(id, ATTRIBUTES, patch));
            writes.addAll(flow.effects(twin, s, body, patch, entry, reads, caller.subject(), now, today));
            List<TwinWrite> guarded = writes.stream().map(w -> reads.revision(w.id())
                    .map(r -> w.when(unchanged(w.id(), r, w.condition()))).orElse(w)).toList();
            try {
                return registry.writeAll(caller, guarded).get(0).twin().orElseThrow();
            } catch (DayuanException e) {
                if (!CHANGED.equals(e.errorCode())) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw BUSY.exception("The " + flow.kind() + " " + id + " or a room it concerns changed "
                            + ATTEMPTS + " times while '" + step + "' was written.");
                }
            }
        }
    }

    private static WriteCondition unchanged(TwinId id, long revision, WriteCondition also) {
        return (twin, value) -> {
            if (twin.isEmpty() || twin.get().revision() != revision) {
                throw CHANGED.exception(id + " changed since it was read.");
            }
            also.check(twin, value);
        };
    }

    public Twin find(Caller caller, Workflow flow, TwinId id) {
        return new Reads(registry, caller).twin(id, flow.model(), "office " + flow.kind());
    }

    /** The twins of {@code flow} the caller sees, newest first, optionally of one state, room and organisation. */
    public List<Twin> list(Caller caller, Workflow flow, Optional<String> state, Optional<TwinId> room,
                           Optional<TwinId> organisation) {
        List<String> terms = new ArrayList<>(List.of("eq(definition," + TwinSearch.literal(flow.model()) + ")"));
        state.ifPresent(s -> terms.add("eq(attributes/state," + TwinSearch.literal(s) + ")"));
        room.ifPresent(r -> {
            List<String> any = flow.roomFields().stream()
                    .map(f -> "eq(" + f + "," + TwinSearch.literal(r.toString()) + ")").toList();
            terms.add(any.size() == 1 ? any.get(0) : "or(" + String.join(",", any) + ")");
        });
        organisation.ifPresent(o -> terms.add("eq(attributes/organisation," + TwinSearch.literal(o.toString()) + ")"));
        return search.all(caller, "and(" + String.join(",", terms) + ")").stream()
                .sorted(Comparator.comparing(Twin::created).reversed().thenComparing(t -> t.id().toString()))
                .toList();
    }

    /** The organisation a request names: 404 when the caller sees no such organisation. */
    static Twin organisation(Reads reads, TwinId id) {
        return reads.twin(id, OfficeRoom.ORGANISATION, "organisation");
    }
}
