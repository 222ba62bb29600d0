package org.dayuan.auth.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;

/**
 * Turns the role names a JAAS login yields into a {@link Caller}. Karaf's realm has one flat list of role names per
 * user, shared with Karaf's own roles ({@code ssh}, {@code systembundles}), so organisation scopes ride along as
 * roles named {@code ns:<namespace>}; anything that is neither a Dayuan role nor a scope is left to Karaf.
 */
public final class RoleMapping {
    public static final String SCOPE_PREFIX = "ns:";
    public static final Set<String> DAYUAN_ROLES = Set.of(Caller.ROLE_ADMIN, Caller.ROLE_MANAGER,
            Caller.ROLE_INTEGRATOR, Caller.ROLE_VIEWER, Caller.ROLE_DEVICE);

    private RoleMapping() {
    }

    public static Caller caller(String subject, Collection<String> roleNames, String origin) {
        Set<String> roles = new HashSet<>();
        Set<String> namespaces = new HashSet<>();
        for (String name : roleNames) {
            if (name == null) {
                continue;
            }
            String role = name.trim();
            if (DAYUAN_ROLES.contains(role)) {
                roles.add(role);
            } else if (role.startsWith(SCOPE_PREFIX)) {
                String scope = role.substring(SCOPE_PREFIX.length()).trim();
                // A misspelt scope must not widen anything, so it is dropped rather than matched loosely.
                if (isScope(scope)) {
                    namespaces.add(scope);
                }
            }
        }
        return new Caller(subject, roles, namespaces, origin);
    }

    /** Whether {@code scope} is {@code *} or a non-empty Ditto namespace. */
    public static boolean isScope(String scope) {
        return Caller.ALL_NAMESPACES.equals(scope) || (!scope.isEmpty() && TwinId.isValidNamespace(scope));
    }

    /** Whether the caller has at least one Dayuan role; without one it may only be told so (403). */
    public static boolean hasDayuanRole(Caller caller) {
        return caller.roles().stream().anyMatch(DAYUAN_ROLES::contains);
    }
}
