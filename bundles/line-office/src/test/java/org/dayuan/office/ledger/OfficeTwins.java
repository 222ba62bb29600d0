package org.dayuan.office.ledger;

import java.util.List;
import java.util.Set;

import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * A real registry in memory with two organisations of the demo county and one of another, their rooms, and the views
 * the office line gets under its shipped grant ({@code integrator, ns:*}).
 */
final class OfficeTwins {
    static final String BSN = "org.dayuan.line-office";
    static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final Caller MANAGER = new Caller("wujin-manager", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    static final Caller VIEWER = new Caller("wujin-viewer", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    static final Caller XINBEI_MANAGER = new Caller("xinbei-manager", Set.of(Caller.ROLE_MANAGER),
            Set.of("cz.xinbei"), "test");
    static final String FGJ = "cz.wujin:org-fgj";
    static final String FGJ_CODE = "11320412014235869X";

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-office"));

    OfficeTwins() {
        create(FGJ, "{'definition':'dayuan:Organisation:1.0.0','attributes':{'name':'区发改局','code':'" + FGJ_CODE
                + "','level':'county'}}");
        create("cz.wujin:org-czj", "{'definition':'dayuan:Organisation:1.0.0','attributes':{'name':'区财政局'}}");
        create("cz.wujin:bldg-a-f03", "{'definition':'dayuan:Floor:1.0.0','attributes':{'name':'A 3F'}}");
        create("cz.xinbei:floor-1", "{'definition':'dayuan:Floor:1.0.0','attributes':{'name':'1F'}}");
        create("cz.xinbei:org-a", "{'definition':'dayuan:Organisation:1.0.0','attributes':{'name':'新北区某局'}}");
        room("cz.wujin:room-a-0305", "320412-XZZX-A-0305", FGJ, "'number':'305','name':'A305 办公室',"
                + "'category':'office','use':'office','usableArea':18,'ownership':'owned','status':'inUse',"
                + "'occupants':[{'id':'F017','name':'王建国','rank':'副科','level':'county'}]");
        room("cz.wujin:room-a-0306", "320412-XZZX-A-0306", FGJ, "'number':'306','name':'A306 办公室',"
                + "'category':'office','use':'office','usableArea':24.5,'status':'idle','vacantSince':'2026-09-01'");
        room("cz.wujin:room-a-0307", "320412-XZZX-A-0307", FGJ, "'number':'307','name':'A307 会议室',"
                + "'category':'service','use':'meeting','usableArea':40,'ownership':'leasedIn','status':'inUse',"
                + "'lease':{'counterparty':'某银行, 武进支行','start':'2025-02-05','end':'2027-02-04',"
                + "'annualRent':86400,'paidUntil':'2026-10-31'}");
        room("cz.wujin:room-b-0101", "320412-XZZX-B-0101", "cz.wujin:org-czj", "'name':'B101 办公室',"
                + "'category':'office','usableArea':20");
        room("cz.xinbei:room-1", "320411-X-0001", "cz.xinbei:org-a", "'name':'新北 101','usableArea':20");
    }

    void create(String id, String json) {
        twins.registry().create(ADMIN, TwinId.of(id), Json.object(json.replace('\'', '"')));
    }

    void room(String id, String code, String organisation, String attributes) {
        create(id, "{'definition':'dayuan:Room:1.0.0','attributes':{'parent':'" + id.substring(0, id.indexOf(':'))
                + (id.startsWith("cz.wujin") ? ":bldg-a-f03" : ":floor-1") + "','code':'" + code
                + "','organisation':'" + organisation + "'," + attributes + "}}");
    }

    Twin get(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElseThrow();
    }

    /** Every room's revision, to show that a refused file changed nothing. */
    List<Long> revisions() {
        return twins.registry().list(ADMIN).stream().map(Twin::revision).toList();
    }
}
