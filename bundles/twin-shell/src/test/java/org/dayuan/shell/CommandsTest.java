package org.dayuan.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.dayuan.auth.UserDirectory;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/**
 * The commands as Karaf runs them: under the JAAS subject of the session's user, through the views the bundle gets
 * under its grant; what they print, and what the audit trail records.
 */
class CommandsTest {
    private static final String BSN = "org.dayuan.twin-shell";
    private final InMemoryTwins twins = new InMemoryTwins();
    private final InMemoryTwins.Views views = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "admin, ns:*"));

    private static Subject subject(String user, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        for (String r : roles) {
            s.getPrincipals().add(new RolePrincipal(r));
        }
        return s;
    }

    /** What {@code action} prints when run by {@code subject}. */
    @SuppressWarnings("removal")
    private static String run(Subject subject, Action action) throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) action::execute);
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        } finally {
            System.setOut(was);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private final Subject admin = subject("ops", "admin", "ns:*", "ssh");

    private TwinPut put(String id, String pointer, String json) {
        TwinPut put = new TwinPut();
        put.registry = views.registry();
        put.thingId = id;
        put.pointer = pointer;
        put.json = json;
        return put;
    }

    @Test
    void putThenGetAndTheAuditTrailNamesTheAdminAndTheConsole() throws Exception {
        assertEquals("Created cz.wujin:room-1, revision 1.\n",
                run(admin, put("cz.wujin:room-1", "/", "{\"attributes\":{\"name\":\"C101\"}}")));
        assertEquals("Created cz.wujin:room-1/attributes/area, revision 2.\n",
                run(admin, put("cz.wujin:room-1", "/attributes/area", "24.5")));
        TwinGet get = new TwinGet();
        get.registry = views.registry();
        get.thingId = "cz.wujin:room-1";
        get.pointer = "/attributes";
        assertEquals("{\n  \"name\" : \"C101\",\n  \"area\" : 24.5\n}", run(admin, get).strip());
        var audit = twins.journal.audit(new AuditQuery(null, null, null, null, Long.MAX_VALUE, 10, Set.of("*")));
        assertEquals("ops", audit.get(0).subject());
        assertEquals("console twin-put", audit.get(0).origin());
    }

    @Test
    void refusalsCarryTheirErrorCodeAndChangeNothing() throws Exception {
        CommandException e = assertThrows(CommandException.class,
                () -> run(admin, put("cz.wujin:room-1", "/attributes/area", "{not json")));
        assertTrue(e.getMessage().startsWith("json.invalid: "), e.getMessage());
        TwinGet get = new TwinGet();
        get.registry = views.registry();
        get.thingId = "cz.wujin:room-1";
        assertTrue(assertThrows(CommandException.class, () -> run(admin, get)).getMessage()
                .startsWith("things:thing.notfound: "));
        Subject scoped = subject("wujin-admin", "admin", "ns:cz.wujin");
        assertTrue(assertThrows(CommandException.class,
                () -> run(scoped, put("cz.jintan:x", "/", "{}"))).getMessage()
                .startsWith("things:thing.notmodifiable: "), "an admin bound to cz.wujin stays bound");
        Subject viewer = subject("li", "viewer", "ns:*");
        assertTrue(assertThrows(CommandException.class,
                () -> run(viewer, put("cz.wujin:x", "/", "{}"))).getMessage()
                .startsWith("dayuan:access.forbidden: "), "the console is for admins");
        assertEquals(0, twins.registry.count(Caller.fromGrants("t", List.of("admin", "ns:*"), "t")));
    }

    @Test
    void searchPrintsATableWithTheFieldsAskedForAndReindexCounts() throws Exception {
        for (int i = 1; i <= 3; i++) {
            run(admin, put("cz.wujin:room-" + i, "/", "{\"attributes\":{\"name\":\"R" + i + "\"}}"));
        }
        TwinSearchCommand search = new TwinSearchCommand();
        search.search = views.search();
        search.rql = "like(thingId,\"cz.wujin:room-*\")";
        search.fields = "attributes/name";
        String out = run(admin, search);
        assertTrue(out.contains("cz.wujin:room-2") && out.contains("R2"), out);
        assertTrue(out.contains("3 twin(s)."), out);
        Reindex reindex = new Reindex();
        reindex.search = views.search();
        assertTrue(run(admin, reindex).startsWith("Re-indexed 3 twins"));
    }

    @Test
    void usersAreListedWithRolesOrganisationsAndGroupsNeverPasswords() throws Exception {
        Map<String, UserDirectory.User> realm = new LinkedHashMap<>();
        realm.put("ops", new UserDirectory.User("ops", List.of("admin", "ns:*", "ssh"), List.of(), Map.of()));
        realm.put("li.ming", new UserDirectory.User("li.ming", List.of(), List.of("wujin-managers"),
                Map.of("wujin-managers", List.of("manager", "ns:cz.wujin"))));
        Users users = new Users();
        users.users = new UserDirectory() {
            @Override
            public boolean exists(String user) {
                return realm.containsKey(user);
            }

            @Override
            public void addUser(String user, String password, List<String> roles) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<User> users() {
                return new ArrayList<>(realm.values());
            }

            @Override
            public boolean settled() {
                return true;
            }
        };
        String out = run(admin, users);
        assertTrue(out.lines().anyMatch(l -> l.contains("li.ming") && l.contains("manager")
                && l.contains("cz.wujin") && l.contains("wujin-managers")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ops") && l.contains("admin") && l.contains("ssh")), out);
    }
}
