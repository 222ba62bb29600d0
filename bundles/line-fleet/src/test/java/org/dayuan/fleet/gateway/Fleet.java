package org.dayuan.fleet.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.jtt808.Body;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Message;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.MutableClock;

/**
 * Vehicles of two organisations in a registry in memory, the gateway on it with the grant the fleet line has in the
 * distribution, and a clock at 2026-12-06 10:00 in Shanghai.
 */
final class Fleet {
    static final String BSN = "org.dayuan.line-fleet";
    static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    static final TwinId CAR = TwinId.of("cz.wujin:vehicle-01");
    static final TwinId OTHER = TwinId.of("cz.other:vehicle-x");
    static final TwinId TWIN_A = TwinId.of("cz.wujin:vehicle-77a");
    static final TwinId TWIN_B = TwinId.of("cz.wujin:vehicle-77b");
    static final String CAR_PHONE = "013951200001";
    static final String OTHER_PHONE = "013951209999";
    static final String SHARED_PHONE = "013951200077";
    static final String NOBODY = "013900000000";
    /** The car's position before any frame: 08:00 local. */
    static final String START = "2026-12-06T08:00:00+08:00";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-fleet"));
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T02:00:00Z"));
    final FleetGateway gateway = new FleetGateway(line.registry(), line.search(), line.subscriptions(), clock,
            ZoneId.of("Asia/Shanghai"), new FleetGateway.Limits(16, 8192, Duration.ofSeconds(60)));

    Fleet() {
        vehicle(CAR, CAR_PHONE);
        vehicle(OTHER, OTHER_PHONE);
        vehicle(TWIN_A, SHARED_PHONE);
        vehicle(TWIN_B, SHARED_PHONE);
    }

    void vehicle(TwinId id, String phone) {
        ObjectNode thing = NODES.objectNode().put("definition", FleetGateway.VEHICLE_MODEL);
        thing.putObject("attributes").put("name", id.name()).put("plate", "苏D" + id.name().substring(8))
                .put("organisation", id.namespace() + ":org").put("terminalId", phone);
        thing.putObject("features").putObject("location").putObject("properties").put("lat", 31.7)
                .put("lon", 119.9).put("speed", 0.0).put("online", true).put("timestamp", START);
        twins.registry.create(ADMIN, id, thing);
    }

    Twin get(TwinId id) {
        return twins.registry.get(ADMIN, id).orElseThrow();
    }

    JsonNode location(TwinId id, String property) {
        return get(id).get(JsonPointer.parse("/features/location/properties/" + property)).orElse(null);
    }

    JsonNode terminal(TwinId id, String property) {
        return get(id).get(JsonPointer.parse("/features/terminal/properties/" + property)).orElse(null);
    }

    /** Every twin as JSON with revision: equal before and after means nothing changed. */
    List<String> snapshot() {
        return twins.registry.list(ADMIN).stream().map(t -> t.toJsonWithMeta().toString()).toList();
    }

    /** One terminal on one connection. */
    final class Terminal {
        final String peer;
        final String phone;
        final boolean v2019;
        int serial;

        Terminal(String peer, String phone, boolean v2019) {
            this.peer = peer;
            this.phone = phone;
            this.v2019 = v2019;
        }

        Header header(int msgId) {
            int s = serial++;
            return v2019 ? Header.v2019(msgId, 1, phone, s) : Header.v2013(msgId, phone, s);
        }

        FleetGateway.Outcome send(Body body) {
            return raw(Jtt808.encode(header(body.id()), body));
        }

        FleetGateway.Outcome raw(byte[] frame) {
            return gateway.receive(peer, new FrameSplitter.Piece(frame, null));
        }

        /** Sends and decodes the answer, which must be there. */
        Message ask(Body body) {
            FleetGateway.Outcome out = send(body);
            if (out.reply() == null) {
                throw new AssertionError("no answer: " + out);
            }
            try {
                return Jtt808.decodeMessage(out.reply());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
