package org.dayuan.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;

/** {@code dayuan:twin-get <thingId> [pointer]}: a twin, or one value of it, as indented JSON. */
@Service
@Command(scope = "dayuan", name = "twin-get", description = "Prints a twin (Ditto Thing JSON with _revision,"
        + " _created, _modified) or the value at a JSON pointer in it.")
public class TwinGet implements Action {
    @Reference
    TwinRegistry registry;

    @Argument(index = 0, name = "thingId", required = true, description = "The twin, <namespace>:<name>")
    @Completion(ThingIdCompleter.class)
    String thingId;

    @Argument(index = 1, name = "pointer", description = "A JSON pointer into the twin, e.g. /attributes/name or"
            + " /features/power/properties; the whole twin when left out")
    String pointer;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            Caller caller = ConsoleCaller.current("twin-get");
            TwinId id = TwinId.of(thingId);
            Twin twin = registry.get(caller, id).orElseThrow(() -> ThingPaths.notFound(id, JsonPointer.empty()));
            JsonPointer path = pointer == null ? JsonPointer.empty() : JsonPointer.parse(pointer);
            Console.printJson(path.isEmpty() ? twin.toJsonWithMeta()
                    : twin.get(path).orElseThrow(() -> ThingPaths.notFound(id, path)));
            return null;
        });
    }
}
