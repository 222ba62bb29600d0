package org.dayuan.auth.internal;

import java.util.Collection;

import org.dayuan.twin.Caller;

/**
 * Turns the role names a JAAS login yields into a {@link Caller}. Karaf's realm has one flat list of role names per
 * user, shared with Karaf's own roles ({@code ssh}, {@code systembundles}), so organisation scopes ride along as
 * roles named {@code ns:<namespace>}; anything that is neither a Dayuan role nor a scope is left to Karaf.
 */
public final class RoleMapping {
    private RoleMapping() {
    }

    public static Caller caller(String subject, Collection<String> roleNames, String origin) {
        return Caller.fromGrants(subject, roleNames, origin);
    }

    /** Whether the caller has at least one Dayuan role; without one it may only be told so (403). */
    public static boolean hasDayuanRole(Caller caller) {
        return caller.roles().stream().anyMatch(Caller.ROLES::contains);
    }
}
