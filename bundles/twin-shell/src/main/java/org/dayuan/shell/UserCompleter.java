package org.dayuan.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dayuan.auth.UserDirectory;

/** Completes a user name from the realm Dayuan logs users in against. */
@Service
public class UserCompleter implements Completer {
    @Reference
    UserDirectory users;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        try {
            users.users().forEach(u -> names.getStrings().add(u.name()));
        } catch (RuntimeException e) {
            return -1; // no realm to read: nothing to offer
        }
        return names.complete(session, commandLine, candidates);
    }
}
