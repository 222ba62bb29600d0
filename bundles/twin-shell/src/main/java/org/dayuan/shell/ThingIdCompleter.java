package org.dayuan.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.twin.Caller;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinSearch;

/**
 * Completes a thingId from the registry: the first page of twins the console's admin sees whose id starts with what
 * is typed, looked up by the search's thingId index rather than by listing every twin.
 */
@Service
public class ThingIdCompleter implements Completer {
    /** Enough to choose from; more would scroll past the typed line. */
    private static final int MAX = 50;

    @Reference
    TwinSearch search;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String typed = commandLine.getCursorArgument() == null ? ""
                : commandLine.getCursorArgument().substring(0, commandLine.getArgumentPosition());
        Caller caller;
        try {
            caller = ConsoleCaller.current("complete");
        } catch (RuntimeException e) {
            return -1;
        }
        String filter = typed.isEmpty() ? null : "like(thingId," + TwinSearch.literal(escapeLike(typed) + "*") + ")";
        StringsCompleter ids = new StringsCompleter();
        try {
            for (Twin t : search.search(caller, new SearchQuery(filter, List.of(), "sort(+thingId),size(" + MAX + ")"))
                    .items()) {
                ids.getStrings().add(t.id().toString());
            }
        } catch (RuntimeException e) {
            return -1; // what is typed is no id prefix the search takes: nothing to offer
        }
        return ids.complete(session, commandLine, candidates);
    }

    /** {@code like} takes {@code *} and {@code ?} as wildcards; a thingId holds neither, so nothing to escape. */
    private static String escapeLike(String typed) {
        return typed.replace("*", "").replace("?", "");
    }
}
