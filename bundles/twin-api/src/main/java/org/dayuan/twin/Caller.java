package org.dayuan.twin;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling the registry, and what they may do there. Every registry call carries one, so the access rules are
 * applied inside the registry, once, whichever way the call came in (HTTP, a route, a loader).
 *
 * <p>{@code namespaces} are the organisation subtrees the caller is bound to: {@code cz.wujin} covers
 * {@code cz.wujin} and every namespace below it ({@code cz.wujin.hutang}), not {@code cz.wujinx}; {@code *} covers
 * all. {@code roles} decide what the caller may do inside those subtrees:
 * <ul>
 *   <li>{@value #ROLE_VIEWER}: read, search, count, stream and history;</li>
 *   <li>{@value #ROLE_DEVICE}: read, and write the {@code properties} and {@code desiredProperties} of features
 *   that exist, of twins that exist (telemetry): at or below {@code /features/<id>/properties} or
 *   {@code /features/<id>/desiredProperties}, never a feature itself, its definition or anything else;</li>
 *   <li>{@value #ROLE_INTEGRATOR}: read, create, change and delete twins;</li>
 *   <li>{@value #ROLE_MANAGER}: as integrator, and read the audit trail of its subtrees;</li>
 *   <li>{@value #ROLE_ADMIN}: everything, including other users' tokens.</li>
 *   <li>{@value #ROLE_METRICS}: read the operational metrics ({@code GET /api/dayuan/metrics}), nothing of any
 *   twin, so a monitoring system's login reveals no data.</li>
 * </ul>
 * Outside its subtrees a caller sees nothing: twins there read as not found and never count.
 */
public record Caller(String subject, Set<String> roles, Set<String> namespaces, String origin) {
    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_MANAGER = "manager";
    public static final String ROLE_INTEGRATOR = "integrator";
    public static final String ROLE_VIEWER = "viewer";
    public static final String ROLE_DEVICE = "device";
    public static final String ROLE_METRICS = "metrics";
    /** The scope that covers every namespace. */
    public static final String ALL_NAMESPACES = "*";
    /** The request attribute under which the HTTP authentication leaves the authenticated caller. */
    public static final String REQUEST_ATTRIBUTE = "org.dayuan.twin.Caller";

    /** What a role allows inside the caller's subtrees. */
    public enum Access {
        READ, WRITE_FEATURES, WRITE, AUDIT, ADMINISTER, METRICS
    }

    public Caller {
        roles = Set.copyOf(roles);
        namespaces = Set.copyOf(namespaces);
    }

    /** The prefix of a grant that binds to an organisation subtree rather than naming a role. */
    public static final String SCOPE_PREFIX = "ns:";

    /** The roles Dayuan knows; other role names (a realm's own, such as Karaf's {@code ssh}) grant nothing here. */
    public static final Set<String> ROLES = Set.of(ROLE_ADMIN, ROLE_MANAGER, ROLE_INTEGRATOR, ROLE_VIEWER, ROLE_DEVICE,
            ROLE_METRICS);

    /**
     * A caller from grants as a realm or a config file lists them: {@code ns:<namespace>} (or {@code ns:*}) binds
     * to a subtree, one of {@link #ROLES} is a role, anything else is left out. A misspelt scope is dropped rather
     * than matched loosely, so it can never widen what the caller sees.
     */
    public static Caller fromGrants(String subject, Collection<String> grants, String origin) {
        Set<String> roles = new HashSet<>();
        Set<String> namespaces = new HashSet<>();
        for (String g : grants) {
            String grant = g == null ? "" : g.trim();
            if (ROLES.contains(grant)) {
                roles.add(grant);
            } else if (grant.startsWith(SCOPE_PREFIX)) {
                String scope = grant.substring(SCOPE_PREFIX.length()).trim();
                if (ALL_NAMESPACES.equals(scope) || !scope.isEmpty() && TwinId.isValidNamespace(scope)) {
                    namespaces.add(scope);
                }
            }
        }
        return new Caller(subject, roles, namespaces, origin);
    }

    /**
     * The caller the HTTP authentication left in request attribute {@link #REQUEST_ATTRIBUTE}, given that
     * attribute's value. Without one the request is refused: should the filter be missing, the API is closed
     * rather than open.
     */
    public static Caller authenticated(Object requestAttribute) {
        if (requestAttribute instanceof Caller caller) {
            return caller;
        }
        throw ErrorCode.UNAUTHENTICATED.exception("The request is not authenticated.");
    }

    /** The same caller calling from {@code newOrigin}. */
    public Caller from(String newOrigin) {
        return new Caller(subject, roles, namespaces, newOrigin);
    }

    /**
     * This caller bounded by {@code ceiling}: what both may do. Namespaces: the caller's subtrees that lie inside one
     * of the ceiling's, and the ceiling's that lie inside one of the caller's (so {@code *} within {@code cz.wujin}
     * is {@code cz.wujin}, and {@code cz.wujin} within {@code *} stays {@code cz.wujin}). Roles: those of the
     * caller, each reduced to the strongest role that grants nothing beyond it and nothing beyond the ceiling (an
     * admin within an integrator's grant acts as an integrator; a role the ceiling allows nothing of is dropped).
     * Subject and origin stay the caller's. The registry applies it to every call a bundle
     * makes, with the bundle's configured grant as the ceiling, so no Caller a bundle builds can exceed that grant.
     */
    public Caller within(Caller ceiling) {
        Set<String> narrowed = new HashSet<>();
        for (String scope : namespaces) {
            if (ALL_NAMESPACES.equals(scope) ? ceiling.namespaces.contains(ALL_NAMESPACES)
                    : covers(ceiling.namespaces, scope)) {
                narrowed.add(scope);
            }
        }
        for (String scope : ceiling.namespaces) {
            if (ALL_NAMESPACES.equals(scope) ? namespaces.contains(ALL_NAMESPACES) : covers(namespaces, scope)) {
                narrowed.add(scope);
            }
        }
        Set<String> kept = new HashSet<>();
        for (String role : roles) {
            // The strongest role that grants nothing beyond either: the roles form a chain, so this is what both allow.
            for (String candidate : STRONGEST_FIRST) {
                if (allowsOnly(candidate, role) && ceiling.allowsAll(candidate)) {
                    kept.add(candidate);
                    break;
                }
            }
        }
        return new Caller(subject, kept, narrowed, origin);
    }

    /** The roles from the most to the least they allow; each allows everything the next one does. */
    private static final List<String> STRONGEST_FIRST =
            List.of(ROLE_ADMIN, ROLE_MANAGER, ROLE_INTEGRATOR, ROLE_DEVICE, ROLE_VIEWER);

    /** Whether role {@code narrower} grants no access that role {@code wider} does not. */
    private static boolean allowsOnly(String narrower, String wider) {
        for (Access access : Access.values()) {
            if (grants(narrower, access) && !grants(wider, access)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this caller may do everything {@code role} grants. */
    private boolean allowsAll(String role) {
        for (Access access : Access.values()) {
            if (grants(role, access) && !may(access)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any of the caller's roles grants {@code access}. */
    public boolean may(Access access) {
        for (String role : roles) {
            if (grants(role, access)) {
                return true;
            }
        }
        return false;
    }

    private static boolean grants(String role, Access access) {
        return switch (role) {
            case ROLE_ADMIN -> true;
            case ROLE_MANAGER -> access != Access.ADMINISTER && access != Access.METRICS;
            case ROLE_INTEGRATOR -> access == Access.READ || access == Access.WRITE_FEATURES || access == Access.WRITE;
            case ROLE_DEVICE -> access == Access.READ || access == Access.WRITE_FEATURES;
            case ROLE_VIEWER -> access == Access.READ;
            case ROLE_METRICS -> access == Access.METRICS;
            default -> false;
        };
    }

    /** Whether the caller covers every namespace. */
    public boolean seesAll() {
        return namespaces.contains(ALL_NAMESPACES) && may(Access.READ);
    }

    /** Whether {@code namespace} lies in one of the caller's subtrees (whatever the roles). */
    public boolean inScope(String namespace) {
        return covers(namespaces, namespace);
    }

    /** Whether {@code namespace} lies in one of the organisation subtrees {@code scopes} (dot boundary, {@code *}). */
    public static boolean covers(Set<String> scopes, String namespace) {
        if (scopes.contains(ALL_NAMESPACES) || scopes.contains(namespace)) {
            return true;
        }
        for (String scope : scopes) {
            if (namespace.length() > scope.length() && namespace.startsWith(scope)
                    && namespace.charAt(scope.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller may read twin {@code id}; when not, the twin must look as if it did not exist. */
    public boolean sees(TwinId id) {
        return inScope(id.namespace()) && may(Access.READ);
    }

    /**
     * Refuses a write at {@code path} of twin {@code id} that the caller may not make: outside its subtrees
     * (decided by the namespace alone, so the answer tells nothing about whether the twin exists) or beyond its
     * role.
     */
    public void checkWrite(TwinId id, JsonPointer path) {
        if (!inScope(id.namespace())) {
            throw ErrorCode.THING_NOT_MODIFIABLE.exception("'" + subject + "' may not change twins in namespace '"
                    + id.namespace() + "': it is outside the organisations it is bound to.");
        }
        if (may(Access.WRITE)) {
            return;
        }
        if (may(Access.WRITE_FEATURES) && isFeatureData(path)) {
            return;
        }
        throw ErrorCode.THING_NOT_MODIFIABLE.exception("'" + subject + "' with role(s) " + roles
                + " may not change '" + path + "' of '" + id + "'.");
    }

    /**
     * Whether {@code path} is at or below {@code /features/<id>/properties} or {@code /features/<id>/desiredProperties}:
     * what {@link Access#WRITE_FEATURES} alone may write. That the feature exists is the registry's to check.
     */
    public static boolean isFeatureData(JsonPointer path) {
        return path.size() >= 3 && Twin.FEATURES.equals(path.get(0))
                && (Twin.PROPERTIES.equals(path.get(2)) || Twin.DESIRED_PROPERTIES.equals(path.get(2)));
    }

    /** Refuses the call unless the caller's roles grant {@code access}. */
    public void require(Access access, String what) {
        if (!may(access)) {
            throw ErrorCode.ACCESS_FORBIDDEN.exception("'" + subject + "' with role(s) " + roles + " may not "
                    + what + ".");
        }
    }
}
