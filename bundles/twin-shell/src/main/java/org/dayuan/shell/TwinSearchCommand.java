package org.dayuan.shell;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/**
 * {@code dayuan:twin-search [rql]}: Ditto's thing search from the console, one twin per row with the fields asked
 * for, as {@code GET /api/2/search/things} would find them for the admin logged in.
 */
@Service
@Command(scope = "dayuan", name = "twin-search", description = "Searches twins with Ditto's RQL and prints one row per"
        + " twin with the fields asked for.")
public class TwinSearchCommand implements Action {
    @Reference
    TwinSearch search;

    @Argument(index = 0, name = "rql", description = "The RQL filter, e.g. 'eq(definition,\"dayuan:Room:1.0.0\")'"
            + " or 'like(thingId,\"cz.wujin:*\")'; all twins when left out")
    String rql;

    @Option(name = "--fields", description = "Comma-separated JSON pointers to show, e.g."
            + " attributes/name,features/power/properties/kw", valueToShowInHelp = "definition,attributes/parent")
    String fields = "definition,attributes/parent";

    @Option(name = "--namespaces", description = "Comma-separated namespaces to look in")
    String namespaces;

    @Option(name = "--size", description = "How many twins to show (at most what org.dayuan.search allows per page)")
    int size = 25;

    @Option(name = "--cursor", description = "Where the previous page left off (printed under it)")
    String cursor;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            var caller = ConsoleCaller.current("twin-search");
            List<JsonPointer> pointers = new ArrayList<>();
            for (String f : fields.split(",")) {
                if (!f.isBlank()) {
                    pointers.add(JsonPointer.parse(f.strip().startsWith("/") ? f.strip() : "/" + f.strip()));
                }
            }
            List<String> ns = namespaces == null ? List.of()
                    : List.of(namespaces.split(",")).stream().map(String::strip).toList();
            String option = "sort(+thingId),size(" + size + ")" + (cursor == null ? "" : ",cursor(" + cursor + ")");
            SearchResult page = search.search(caller, new SearchQuery(rql, ns, option));
            ShellTable table = new ShellTable();
            table.column("thingId");
            pointers.forEach(p -> table.column(p.toString().substring(1)));
            for (Twin t : page.items()) {
                Row row = table.addRow();
                row.addContent(t.id().toString());
                for (JsonPointer p : pointers) {
                    row.addContent(t.get(p).map(TwinSearchCommand::cell).orElse(""));
                }
            }
            table.print(System.out);
            System.out.println(page.items().size() + " twin(s)" + page.cursor().map(c -> "; more with --cursor " + c)
                    .orElse("."));
            return null;
        });
    }

    private static String cell(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
