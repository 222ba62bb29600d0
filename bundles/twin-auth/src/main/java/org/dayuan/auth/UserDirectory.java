package org.dayuan.auth;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The users of the JAAS realm that Dayuan authenticates against (Karaf's {@code etc/users.properties} by default).
 * Roles are JAAS role names: the Dayuan roles ({@code admin}, {@code manager}, {@code integrator}, {@code viewer},
 * {@code device}), organisation scopes {@code ns:<namespace>} or {@code ns:*}, Karaf's own roles such as
 * {@code ssh}, and group memberships written {@code _g_:<group>}.
 */
@ProviderType
public interface UserDirectory {

    /** Whether the realm has a user named {@code user}. */
    boolean exists(String user);

    /**
     * Creates {@code user} with {@code password} (hashed by the realm when its encryption is on) and {@code roles};
     * for an existing user, sets the password and adds the roles it lacks.
     *
     * @throws IllegalArgumentException for a name, password or role the realm's file format cannot hold
     * @throws IllegalStateException    when the realm is not there or cannot be written
     */
    void addUser(String user, String password, List<String> roles);

    /**
     * Every user of the realm, sorted by name, each with its roles (scopes included) and groups, never a password.
     * Groups are the realm's own entries {@code _g_:<group>} and are not listed as users.
     *
     * @throws IllegalStateException when the realm is not there or cannot be read
     */
    default List<User> users() {
        throw new IllegalStateException("This user directory cannot list its users.");
    }

    /**
     * Removes {@code user}; false when there was none.
     *
     * @throws IllegalStateException when the realm is not there or cannot be written
     */
    default boolean removeUser(String user) {
        throw new IllegalStateException("This user directory cannot remove users.");
    }

    /**
     * Gives {@code user} the {@code roles} it lacks ({@code _g_:<group>} joins that group), leaving its password as it
     * is. False when there is no such user.
     *
     * @throws IllegalArgumentException for a role the realm's file format cannot hold
     */
    default boolean addRoles(String user, List<String> roles) {
        throw new IllegalStateException("This user directory cannot change roles.");
    }

    /**
     * Takes {@code roles} away from {@code user} (a role {@code _g_:<group>} leaves that group); roles it lacks are
     * ignored. False when there is no such user.
     */
    default boolean removeRoles(String user, List<String> roles) {
        throw new IllegalStateException("This user directory cannot change roles.");
    }

    /** A user as {@link #users()} lists it: its own roles, its groups, and the roles it has through them. */
    record User(String name, List<String> roles, List<String> groups, Map<String, List<String>> groupRoles) {
        public User {
            roles = List.copyOf(roles);
            groups = List.copyOf(groups);
            groupRoles = Map.copyOf(groupRoles);
        }
    }

    /**
     * Whether no write is under way and the realm's store has been left alone for a moment. Karaf rewrites its
     * users file by itself after a change and a login that reads it mid-write fails, even for a user that was there
     * all along; once settled, a login reads every user written so far.
     */
    boolean settled();
}
