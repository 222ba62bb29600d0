package org.dayuan.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.auth.UserDirectory;

/**
 * {@code dayuan:user-password <user>}: sets a user's password. Tokens issued before stay valid until they expire;
 * {@code POST /api/dayuan/auth/revoke} ends them.
 */
@Service
@Command(scope = "dayuan", name = "user-password", description = "Sets a user's password; asks for it.")
public class UserPassword implements Action {
    @Reference
    UserDirectory users;

    @Reference
    Session session;

    @Argument(index = 0, name = "user", required = true, description = "The user")
    @Completion(UserCompleter.class)
    String user;

    @Option(name = "--password", description = "The password; asked for without echo when left out")
    String password;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            ConsoleCaller.current("user-password");
            if (!users.exists(user)) {
                throw new IllegalArgumentException("There is no user '" + user + "'.");
            }
            users.addUser(user, password != null ? password : Passwords.ask(session), List.of());
            System.out.println("Set the password of " + user + ".");
            return null;
        });
    }
}
