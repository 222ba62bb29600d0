package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.IntNode;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.FakeHttp;
import org.junit.jupiter.api.Test;

class AuditServletTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private final List<AuditRecord> stored = new ArrayList<>();
    private final List<AuditQuery> asked = new ArrayList<>();
    private final AuditServlet servlet = new AuditServlet((caller, q) -> {
        caller.require(Caller.Access.AUDIT, "read the audit trail");
        asked.add(q);
        AuditQuery scoped = new AuditQuery(q.thingId(), q.subject(), q.from(), q.to(), q.beforeSeq(), q.limit(),
                caller.namespaces());
        return stored.stream().filter(r -> scoped.matches(r.seq(), r.timestamp(), r.subject(), r.thingId()))
                .limit(q.limit()).toList();
    });

    AuditServletTest() {
        for (int i = 5; i >= 1; i--) {
            stored.add(new AuditRecord(i, T0.plusSeconds(i), "alice", "10.0.0.1", TwinId.of("cz.wujin:m" + i),
                    TwinEvent.Type.MODIFIED, JsonPointer.parse("/attributes/x"), i, IntNode.valueOf(i - 1),
                    IntNode.valueOf(i)));
        }
    }

    @Test
    void pagesNewestFirstWithACursor() throws Exception {
        FakeHttp first = new FakeHttp(AuditServlet.BASE).parameter("limit", "2").send(servlet);
        assertEquals(200, first.status);
        assertEquals(5, first.json().path("items").get(0).path("seq").asLong());
        assertEquals(1, first.json().path("items").get(0).path("after").asInt() - 4);
        assertEquals("4", first.json().path("cursor").asText());
        FakeHttp last = new FakeHttp(AuditServlet.BASE).parameter("limit", "10").parameter("cursor", "2")
                .parameter("thingId", "cz.wujin:m1").parameter("from", "2026-12-01T08:00:00Z").send(servlet);
        assertEquals(1, last.json().path("items").size());
        assertFalse(last.json().has("cursor"));
        AuditQuery q = asked.get(asked.size() - 1);
        assertEquals(TwinId.of("cz.wujin:m1"), q.thingId());
        assertEquals(T0, q.from());
        assertEquals(2, q.beforeSeq());
    }

    @Test
    void isReadOnlyAndRefusesBadParameters() throws Exception {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            FakeHttp r = new FakeHttp(method, AuditServlet.BASE).send(servlet);
            assertEquals(405, r.status, method);
            assertEquals("GET, HEAD", r.responseHeader("Allow"));
        }
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "1001"}, {"limit", "x"}, {"cursor", "-1"},
                {"from", "yesterday"}, {"to", "2026-13-01T00:00:00Z"}, {"thingId", "no-namespace"}}) {
            FakeHttp r = new FakeHttp(AuditServlet.BASE).parameter(bad[0], bad[1]).send(servlet);
            assertEquals(400, r.status, bad[0] + "=" + bad[1] + ": " + r.body);
        }
        assertEquals(404, new FakeHttp(AuditServlet.BASE + "/x").send(servlet).status);
        assertTrue(asked.isEmpty(), "nothing reached the trail");
    }

    @Test
    void needsTheAuditRight() throws Exception {
        FakeHttp viewer = new FakeHttp(AuditServlet.BASE);
        viewer.caller(new Caller("v", Set.of(Caller.ROLE_VIEWER), Set.of("*"), "t"));
        assertEquals(403, viewer.send(servlet).status);
        FakeHttp nobody = new FakeHttp(AuditServlet.BASE);
        nobody.caller(null);
        assertEquals(401, nobody.send(servlet).status);
    }
}
