package org.dayuan.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.auth.UserDirectory;
import org.dayuan.twin.Caller;

/**
 * {@code dayuan:users}: the realm's users with what Dayuan makes of their roles: Dayuan roles, organisations
 * ({@code ns:} scopes), groups, and the roles Dayuan ignores (Karaf's own); never a password or its hash.
 */
@Service
@Command(scope = "dayuan", name = "users", description = "Lists the users of the realm with their Dayuan roles,"
        + " organisations and groups (roles through a group included); never passwords.")
public class Users implements Action {
    @Reference
    UserDirectory users;

    @Override
    public Object execute() throws Exception {
        return Console.run(() -> {
            ConsoleCaller.current("users");
            ShellTable table = new ShellTable();
            table.column("User");
            table.column("Roles");
            table.column("Organisations");
            table.column("Groups");
            table.column("Other roles");
            for (UserDirectory.User u : users.users()) {
                List<String> all = new ArrayList<>(u.roles());
                u.groupRoles().values().forEach(all::addAll);
                table.addRow().addContent(u.name(),
                        join(all.stream().filter(Caller.ROLES::contains).distinct().sorted().toList()),
                        join(all.stream().filter(r -> r.startsWith(Caller.SCOPE_PREFIX))
                                .map(r -> r.substring(Caller.SCOPE_PREFIX.length())).distinct().sorted().toList()),
                        join(u.groups()),
                        join(all.stream().filter(r -> !Caller.ROLES.contains(r) && !r.startsWith(Caller.SCOPE_PREFIX))
                                .distinct().sorted().toList()));
            }
            table.print(System.out);
            return null;
        });
    }

    private static String join(List<String> items) {
        return String.join(", ", items);
    }
}
