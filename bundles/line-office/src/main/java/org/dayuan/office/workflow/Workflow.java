package org.dayuan.office.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinWrite;

/**
 * One kind of office workflow twin (调剂, 租赁, 处置, 检查): its model, steps, what a request becomes, and what each
 * step writes besides the twin's own state and log. Plain Java: {@link WorkflowStore} carries it to the registry.
 */
public interface Workflow {
    /** Singular, for ids and messages: {@code reallocation}. */
    String kind();

    /** The path segment under {@code /api/dayuan/office/}: {@code reallocations}. */
    String collection();

    String model();

    StepTable steps();

    Set<String> states();

    /** The attributes that name the rooms a twin concerns, for the list's {@code room=} filter. */
    List<String> roomFields();

    /** What a request becomes: the twin's organisation (its parent and namespace) and its Thing JSON. */
    record Draft(TwinId organisation, ObjectNode thing) {
        /**
         * A new request of {@code model}: {@code attributes} (the request's own facts) with what every workflow twin
         * starts with: its organisation as parent, the requester, the first state and the log's creation entry.
         */
        static Draft of(String model, TwinId organisation, ObjectNode attributes, String state, String by,
                        Instant now, String comment) {
            attributes.put("parent", organisation.toString()).put("organisation", organisation.toString());
            attributes.put("requester", by).put("state", state);
            attributes.putArray("log").add(StepTable.entry(StepTable.CREATE, by, now, comment));
            ObjectNode thing = JsonNodeFactory.instance.objectNode();
            thing.put(Twin.DEFINITION, model);
            thing.set(Twin.ATTRIBUTES, attributes);
            return new Draft(organisation, thing);
        }
    }

    /** The twin {@code by} requests at {@code now}; rooms and organisations read through {@code reads}. */
    Draft request(Body body, Reads reads, String by, Instant now, LocalDate today);

    /**
     * The writes of {@code step} on {@code twin} besides its own patch (rooms and the like), judged on twins read
     * through {@code reads}. May add what the step records to {@code patch} (the twin's attributes) and {@code entry}
     * (its log entry). Empty when the step changes nothing else.
     */
    List<TwinWrite> effects(Twin twin, StepTable.Step step, Body body, ObjectNode patch, ObjectNode entry,
                            Reads reads, String by, Instant now, LocalDate today);
}
