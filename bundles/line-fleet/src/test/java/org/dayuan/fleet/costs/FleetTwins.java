package org.dayuan.fleet.costs;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * A real registry in memory holding two counties' organisations and vehicles, and the views the fleet line gets
 * under its shipped grant ({@code integrator, ns:*}).
 */
public final class FleetTwins {
    public static final String BSN = "org.dayuan.line-fleet";
    public static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    public static final Caller MANAGER = new Caller("wujin-manager", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"),
            "test");
    public static final Caller VIEWER = new Caller("wujin-viewer", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"),
            "test");
    public static final Caller XINBEI_VIEWER = new Caller("xinbei-viewer", Set.of(Caller.ROLE_VIEWER),
            Set.of("cz.xinbei"), "test");
    public static final Caller XINBEI_MANAGER = new Caller("xinbei-manager", Set.of(Caller.ROLE_MANAGER),
            Set.of("cz.xinbei"), "test");

    public final InMemoryTwins twins = new InMemoryTwins();
    public final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-fleet"));

    public FleetTwins() {
        organisation("cz.wujin:org-jgswj", "区机关事务管理局", 2);
        organisation("cz.wujin:org-zfb", "区政府办", 1);
        organisation("cz.xinbei:org-a", "新北区某局", null);
        vehicle("cz.wujin:vehicle-01", "苏D·12345", "cz.wujin:org-jgswj", "gasoline", 1.4, 1000);
        vehicle("cz.wujin:vehicle-02", "苏D·D08127", "cz.wujin:org-jgswj", "electric", 0, 2000);
        vehicle("cz.wujin:vehicle-03", "苏D·7C551", "cz.wujin:org-zfb", "gasoline", 2.0, 3000);
        vehicle("cz.wujin:vehicle-04", "苏D·F29106", "cz.wujin:org-zfb", "plugInHybrid", 1.5, 4000);
        vehicle("cz.xinbei:vehicle-01", "苏D·99999", "cz.xinbei:org-a", "diesel", 2.8, 5000);
    }

    public void organisation(String id, String name, Integer quota) {
        ObjectNode thing = Json.object("{\"definition\":\"dayuan:Organisation:1.0.0\",\"attributes\":{\"name\":\""
                + name + "\"}}");
        if (quota != null) {
            thing.with(Twin.ATTRIBUTES).put("vehicleQuota", quota);
        }
        twins.registry().create(ADMIN, TwinId.of(id), thing);
    }

    public void vehicle(String id, String plate, String org, String energy, double displacement, double odometer) {
        twins.registry().create(ADMIN, TwinId.of(id), Json.object("{\"definition\":\"dayuan:Vehicle:1.0.0\","
                + "\"attributes\":{\"name\":\"" + plate + "\",\"plate\":\"" + plate + "\",\"organisation\":\"" + org
                + "\",\"energyType\":\"" + energy + "\",\"displacement\":" + displacement + "},\"features\":{"
                + "\"location\":{\"properties\":{\"odometer\":" + odometer + "}}}}"));
    }

    public Twin get(String id) {
        return twins.registry().get(ADMIN, TwinId.of(id)).orElse(null);
    }
}
