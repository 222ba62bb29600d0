package org.dayuan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dayuan.auth.UserDirectory;
import org.junit.jupiter.api.Test;

class DemoUsersTest {
    /** A realm in a map: name to password and grants. */
    private static final class Realm implements UserDirectory {
        final Map<String, List<String>> users = new LinkedHashMap<>();

        @Override
        public boolean exists(String user) {
            return users.containsKey(user);
        }

        @Override
        public void addUser(String user, String password, List<String> roles) {
            users.put(user, roles);
        }
    }

    @Test
    void oneUserPerRoleIsCreatedOnlyWhenAskedAndOnlyWhenMissing() throws Exception {
        Realm realm = new Realm();
        new DemoUsers(realm, DemoLoaderTest.config(true, false));
        assertTrue(realm.users.isEmpty(), "users=false creates nobody");

        realm.users.put("wujin-viewer", List.of("viewer", "ns:cz.wujin", "changed-by-an-admin"));
        DemoUsers.create(realm);
        assertEquals(List.of("viewer", "ns:cz.wujin", "changed-by-an-admin"), realm.users.get("wujin-viewer"),
                "an existing user is left as it is");
        Set<String> roles = realm.users.values().stream().flatMap(List::stream)
                .filter(g -> !g.startsWith("ns:")).collect(Collectors.toSet());
        assertTrue(roles.containsAll(Set.of("manager", "viewer", "device", "integrator")), roles.toString());
        assertEquals(6, realm.users.size());
        assertEquals(List.of("device", "ns:cz.wujin", "ns:load.test"), realm.users.get("demo-simulator"),
                "the simulator's device login covers the meters it plays");
    }
}
