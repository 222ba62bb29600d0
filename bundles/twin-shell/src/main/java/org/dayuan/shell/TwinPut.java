package org.dayuan.shell;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.NestingLimit;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;

/**
 * {@code dayuan:twin-put <thingId> <pointer> <json>}: {@code PUT /api/2/things/{thingId}{pointer}} from the console,
 * validated like any write and recorded in the audit trail with origin {@code console twin-put}.
 */
@Service
@Command(scope = "dayuan", name = "twin-put", description = "Puts a JSON value at a pointer of a twin (/ creates or"
        + " replaces the whole twin), as the admin logged in to the console.")
public class TwinPut implements Action {
    @Reference
    TwinRegistry registry;

    @Argument(index = 0, name = "thingId", required = true, description = "The twin, <namespace>:<name>")
    @Completion(ThingIdCompleter.class)
    String thingId;

    @Argument(index = 1, name = "pointer", required = true, description = "Where: / for the whole twin,"
            + " /attributes/name, /features/power/properties/kw ...")
    String pointer;

    @Argument(index = 2, name = "json", required = true, description = "The value as JSON; quote it for the shell,"
            + " e.g. '\"C101\"' for a string or '{\"kw\":3}' for an object")
    String json;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            var caller = ConsoleCaller.current("twin-put");
            TwinId id = TwinId.of(thingId);
            JsonPointer path = "/".equals(pointer) ? JsonPointer.empty() : JsonPointer.parse(pointer);
            JsonNode value = Http.parseJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            NestingLimit.check(path, value);
            WriteResult result = registry.put(caller, id, path, value, WriteCondition.NONE);
            System.out.println((result.created() ? "Created " : "Modified ") + id + (path.isEmpty() ? "" : path)
                    + ", revision " + result.twin().map(t -> t.revision()).orElse(0L) + ".");
            return null;
        });
    }
}
