package org.dayuan.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.auth.UserDirectory;

/** {@code dayuan:user-role-add} and {@code dayuan:user-role-remove}: a user's roles, organisations and groups. */
final class UserRoles {
    private UserRoles() {
    }

    @Service
    @Command(scope = "dayuan", name = "user-role-add", description = "Gives a user roles, organisations (ns:...) or"
            + " groups (_g_:...); its password stays.")
    public static class Add implements Action {
        @Reference
        UserDirectory users;

        @Argument(index = 0, name = "user", required = true, description = "The user")
        @Completion(UserCompleter.class)
        String user;

        @Argument(index = 1, name = "roles", required = true, multiValued = true, description = "Roles to give")
        @Completion(RoleCompleter.class)
        List<String> roles;

        @Override
        public Object execute() throws Exception {
            return Console.run(() -> {
                ConsoleCaller.current("user-role-add");
                if (!users.addRoles(user, roles)) {
                    throw new IllegalArgumentException("There is no user '" + user + "'.");
                }
                System.out.println("Gave " + user + " " + String.join(", ", roles) + ".");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "dayuan", name = "user-role-remove", description = "Takes roles, organisations or groups away"
            + " from a user (its tokens keep them until revoked or expired).")
    public static class Remove implements Action {
        @Reference
        UserDirectory users;

        @Argument(index = 0, name = "user", required = true, description = "The user")
        @Completion(UserCompleter.class)
        String user;

        @Argument(index = 1, name = "roles", required = true, multiValued = true, description = "Roles to take away")
        @Completion(RoleCompleter.class)
        List<String> roles;

        @Override
        public Object execute() throws Exception {
            return Console.run(() -> {
                ConsoleCaller.current("user-role-remove");
                if (!users.removeRoles(user, roles)) {
                    throw new IllegalArgumentException("There is no user '" + user + "'.");
                }
                System.out.println("Took " + String.join(", ", roles) + " from " + user + ".");
                return null;
            });
        }
    }
}
