package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class RoleMappingTest {

    @Test
    void dayuanRolesAndScopesAreTakenKarafRolesIgnored() {
        Caller caller = RoleMapping.caller("wujin-viewer", List.of("viewer", "ns:cz.wujin", "ssh", "systembundles",
                "group"), "10.0.0.1");

        assertEquals(new Caller("wujin-viewer", Set.of("viewer"), Set.of("cz.wujin"), "10.0.0.1"), caller);
        assertTrue(caller.sees(TwinId.of("cz.wujin.hutang:bldg-1")));
        assertFalse(caller.sees(TwinId.of("cz.liyang:bldg-1")));
    }

    @Test
    void starScopeCoversEverything() {
        Caller caller = RoleMapping.caller("admin", List.of("admin", "manager", "ns:*"), "x");

        assertEquals(Set.of("admin", "manager"), caller.roles());
        assertTrue(caller.seesAll());
    }

    @Test
    void badScopesAreDroppedNotWidened() {
        Caller caller = RoleMapping.caller("u", List.of("viewer", "ns:", "ns:cz..wujin", "ns:9cz", "ns:cz wujin",
                "ns:cz.wujin:x", "NS:cz.other", " ns:cz.ok "), "x");

        assertEquals(Set.of("cz.ok"), caller.namespaces());
    }

    @Test
    void roleNamesAreExact() {
        Caller caller = RoleMapping.caller("u", List.of("Admin", "VIEWER", "viewers", "admin "), "x");

        assertEquals(Set.of("admin"), caller.roles());
    }

    @Test
    void aLoginWithOnlyKarafRolesHasNoDayuanRole() {
        Caller caller = RoleMapping.caller("karaf", List.of("ssh", "systembundles", "ns:*"), "x");

        assertFalse(RoleMapping.hasDayuanRole(caller));
        assertTrue(RoleMapping.hasDayuanRole(RoleMapping.caller("d", List.of("device"), "x")));
    }
}
