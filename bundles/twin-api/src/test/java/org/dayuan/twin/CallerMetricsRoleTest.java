package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CallerMetricsRoleTest {
    private static Caller of(String... grants) {
        return Caller.fromGrants("u", List.of(grants), "test");
    }

    @Test
    void metricsRoleReadsMetricsAndNoTwin() {
        Caller monitor = of(Caller.ROLE_METRICS, "ns:*");
        assertEquals(Set.of(Caller.ROLE_METRICS), monitor.roles());
        assertTrue(monitor.may(Caller.Access.METRICS));
        for (Caller.Access access : List.of(Caller.Access.READ, Caller.Access.WRITE_FEATURES, Caller.Access.WRITE,
                Caller.Access.AUDIT, Caller.Access.ADMINISTER)) {
            assertFalse(monitor.may(access), access.name());
        }
        assertFalse(monitor.sees(TwinId.of("cz.wujin:room-1")));
        assertFalse(monitor.seesAll());
    }

    @Test
    void onlyAdminOfTheOtherRolesReadsMetrics() {
        assertTrue(of(Caller.ROLE_ADMIN).may(Caller.Access.METRICS));
        for (String role : List.of(Caller.ROLE_MANAGER, Caller.ROLE_INTEGRATOR, Caller.ROLE_DEVICE,
                Caller.ROLE_VIEWER)) {
            Caller caller = of(role, "ns:*");
            assertFalse(caller.may(Caller.Access.METRICS), role);
            DayuanException e = assertThrows(DayuanException.class,
                    () -> caller.require(Caller.Access.METRICS, "read the metrics"));
            assertEquals(403, e.status());
        }
    }

    @Test
    void metricsRoleGivesNothingInsideABundleGrant() {
        Caller monitor = of(Caller.ROLE_METRICS, "ns:*");
        assertEquals(Set.of(), monitor.within(of(Caller.ROLE_ADMIN, "ns:*")).roles());
        // and an admin bounded by a manager's grant loses the metrics with the administration
        assertFalse(of(Caller.ROLE_ADMIN, "ns:*").within(of(Caller.ROLE_MANAGER, "ns:*")).may(Caller.Access.METRICS));
    }
}
