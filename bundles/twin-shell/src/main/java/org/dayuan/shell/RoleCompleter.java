package org.dayuan.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dayuan.twin.Caller;

/** Completes a grant: a role Dayuan knows (from the kit's list, so a new role is offered too) or every organisation. */
@Service
public class RoleCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter grants = new StringsCompleter(Caller.ROLES);
        grants.getStrings().add(Caller.SCOPE_PREFIX + Caller.ALL_NAMESPACES);
        return grants.complete(session, commandLine, candidates);
    }
}
