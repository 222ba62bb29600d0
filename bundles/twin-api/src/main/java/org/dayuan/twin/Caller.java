package org.dayuan.twin;

import java.util.Set;

/**
 * Who is calling the registry. Every registry call carries one, so access rules can be enforced inside the
 * registry without changing call sites. {@code namespaces} are the organisation namespace prefixes the caller may
 * act on; the empty set with role {@code admin} means everything.
 */
public record Caller(String subject, Set<String> roles, Set<String> namespaces, String origin) {
    public static final String ROLE_ADMIN = "admin";

    /** The registry itself and the loaders it runs at start-up. */
    public static final Caller SYSTEM = new Caller("system", Set.of(ROLE_ADMIN), Set.of(), "internal");

    public Caller {
        roles = Set.copyOf(roles);
        namespaces = Set.copyOf(namespaces);
    }

    /** A caller that may do everything, named {@code subject}, calling from {@code origin} (address or route). */
    public static Caller unrestricted(String subject, String origin) {
        return new Caller(subject, Set.of(ROLE_ADMIN), Set.of(), origin);
    }
}
