package org.dayuan.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.auth.UserDirectory;

/** {@code dayuan:user-remove <user>}: removes a user; its tokens stay valid until revoked or expired. */
@Service
@Command(scope = "dayuan", name = "user-remove", description = "Removes a user from the realm (revoke its tokens with"
        + " POST /api/dayuan/auth/revoke).")
public class UserRemove implements Action {
    @Reference
    UserDirectory users;

    @Argument(index = 0, name = "user", required = true, description = "The user")
    @Completion(UserCompleter.class)
    String user;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            var caller = ConsoleCaller.current("user-remove");
            if (user.equals(caller.subject())) {
                throw new IllegalArgumentException("The console's own user cannot remove itself; log in as another"
                        + " admin.");
            }
            if (!users.removeUser(user)) {
                throw new IllegalArgumentException("There is no user '" + user + "'.");
            }
            System.out.println("Removed user " + user + ".");
            return null;
        });
    }
}
