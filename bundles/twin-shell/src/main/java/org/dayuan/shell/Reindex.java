package org.dayuan.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.twin.TwinSearch;

/** {@code dayuan:reindex}: rebuilds the search indexes from the registry's twins while searches go on. */
@Service
@Command(scope = "dayuan", name = "reindex", description = "Rebuilds the twin search indexes from the registry;"
        + " searches answer from the old ones until the new ones are complete.")
public class Reindex implements Action {
    @Reference
    TwinSearch search;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            long start = System.nanoTime();
            int twins = search.reindex(ConsoleCaller.current("reindex"));
            System.out.println("Re-indexed " + twins + " twins in " + (System.nanoTime() - start) / 1_000_000
                    + " ms.");
            return null;
        });
    }
}
