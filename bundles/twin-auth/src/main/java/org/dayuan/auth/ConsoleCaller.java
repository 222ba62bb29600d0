package org.dayuan.auth;

import java.security.AccessController;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;

/**
 * Who runs a Karaf console command: the user its session logged in with (realm {@code dayuan-admin} for SSH and
 * {@code bin/client}), with that user's roles and organisation scopes, so a console write is that admin's write and
 * the audit trail names both the user and the console.
 */
public final class ConsoleCaller {
    /** The origin the audit trail records for a console command, followed by the command's name. */
    public static final String ORIGIN = "console";

    private ConsoleCaller() {
    }

    /**
     * The caller of the command running on this thread, calling from {@code console <command>}. Refused (403) when
     * the session has no logged-in user or the user is no Dayuan admin: the console is for admins only.
     */
    @SuppressWarnings("removal") // Karaf runs commands under Subject.doAs; this is how its own commands read it
    public static Caller current(String command) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String user = null;
        List<String> roles = new ArrayList<>();
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                if (p instanceof UserPrincipal) {
                    user = p.getName();
                } else if (p instanceof RolePrincipal) {
                    roles.add(p.getName());
                }
            }
        }
        if (user == null) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("The console session has no logged-in user; Dayuan's console"
                    + " commands run only for an admin logged in over SSH or bin/client.");
        }
        Caller caller = Caller.fromGrants(user, roles, ORIGIN + " " + command);
        caller.require(Caller.Access.ADMINISTER, "use Dayuan's console commands");
        return caller;
    }
}
