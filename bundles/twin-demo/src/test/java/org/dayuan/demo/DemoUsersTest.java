package org.dayuan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.dayuan.auth.UserDirectory;
import org.junit.jupiter.api.Test;

class DemoUsersTest {
    /** A realm in a map: name to password and grants. */
    private static final class Realm implements UserDirectory {
        final Map<String, List<String>> users = new LinkedHashMap<>();
        volatile boolean settled;

        @Override
        public boolean exists(String user) {
            return users.containsKey(user);
        }

        @Override
        public void addUser(String user, String password, List<String> roles) {
            users.put(user, roles);
        }

        @Override
        public boolean settled() {
            return settled;
        }
    }

    @Test
    void readyOnlyOnceTheUsersAreWrittenAndTheRealmHasSettled() throws Exception {
        Realm realm = new Realm();
        realm.settled = true;
        CountDownLatch writing = new CountDownLatch(1);
        UserDirectory slow = new UserDirectory() {
            @Override
            public boolean exists(String user) {
                return realm.exists(user);
            }

            @Override
            public void addUser(String user, String password, List<String> roles) {
                try {
                    writing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                realm.addUser(user, password, roles);
            }

            @Override
            public boolean settled() {
                return realm.settled();
            }
        };
        DemoUsers demo = new DemoUsers(slow, DemoLoaderTest.config(true, true));
        assertFalse(demo.ready(), "not ready while the users are being written");
        realm.settled = false;
        writing.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (realm.users.size() < DemoUsers.USERS.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        assertFalse(demo.ready(), "written but the realm is not settled: a login could still fail");
        realm.settled = true;
        while (!demo.ready() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(demo.ready());
        realm.settled = false;
        assertTrue(demo.ready(), "a later change to the realm is not a start");
        Realm untouched = new Realm();
        untouched.settled = true;
        assertTrue(new DemoUsers(untouched, DemoLoaderTest.config(true, false)).ready(),
                "without demo users there is nothing to wait for");
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
