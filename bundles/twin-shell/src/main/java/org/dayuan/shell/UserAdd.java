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
 * {@code dayuan:user-add <user> <roles...>}: a new user of the realm, its password asked for without echo (or given
 * with {@code --password}, which a shell history keeps).
 */
@Service
@Command(scope = "dayuan", name = "user-add", description = "Adds a user with roles and organisations, e.g."
        + " dayuan:user-add wujin-viewer viewer ns:cz.wujin; asks for the password.")
public class UserAdd implements Action {
    @Reference
    UserDirectory users;

    @Reference
    Session session;

    @Argument(index = 0, name = "user", required = true, description = "The new user's name")
    String user;

    @Argument(index = 1, name = "roles", required = true, multiValued = true, description = "Roles (admin, manager,"
            + " integrator, viewer, device, metrics), organisations ns:<namespace> or ns:*, groups _g_:<group>")
    @Completion(RoleCompleter.class)
    List<String> roles;

    @Option(name = "--password", description = "The password; asked for without echo when left out")
    String password;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            ConsoleCaller.current("user-add");
            if (users.exists(user)) {
                throw new IllegalArgumentException("There is a user '" + user + "' already; change it with"
                        + " dayuan:user-password, dayuan:user-role-add or dayuan:user-role-remove.");
            }
            users.addUser(user, password != null ? password : Passwords.ask(session), roles);
            System.out.println("Added user " + user + " with " + String.join(", ", roles) + ".");
            return null;
        });
    }
}
