package org.dayuan.fleet.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Heartbeat;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationBatch;
import org.dayuan.jtt808.LocationItem;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PlatformResponse;
import org.junit.jupiter.api.Test;

/**
 * 1,000 mutated frames (bytes changed, cut, inserted, header bits flipped with the check code made right again, body
 * bytes changed likewise) on one connection that never authenticated: nothing escapes, no twin changes, every refusal
 * is counted with its reason, and a good terminal on another connection is served all along.
 */
class GatewayFuzzTest {
    @Test
    void mutatedFramesChangeNothingAndAGoodTerminalIsStillServed() {
        Fleet fleet = new Fleet();
        Fleet.Terminal good = fleet.new Terminal("10.0.0.1:1000", Fleet.OTHER_PHONE, false);
        FleetGatewayTest.login(good);
        List<String> before = fleet.snapshot();
        Random random = new Random(808);
        List<byte[]> seeds = seeds();
        FrameSplitter splitter = new FrameSplitter(512);
        Map<String, Long> seen = new TreeMap<>();
        int pieces = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            for (FrameSplitter.Piece piece : splitter.feed(frame)) {
                pieces++;
                FleetGateway.Outcome out = assertDoesNotThrow(() -> fleet.gateway.receive("fuzz:1", piece));
                if (out.refused() != null) {
                    seen.merge(out.refused(), 1L, Long::sum);
                }
            }
            if (i % 100 == 0) {
                FleetGateway.Outcome ok = good.send(new Heartbeat());
                assertEquals(PlatformResponse.OK, FleetGatewayTest.response(ok).result());
            }
        }
        assertEquals(before, fleet.snapshot(), "no twin changed");
        assertEquals(seen, fleet.gateway.refusals(), "every refusal counted with its reason");
        assertTrue(pieces > 900, "pieces: " + pieces);
        assertTrue(seen.size() >= 6, "many kinds of refusal: " + seen);
        good.ask(FleetGatewayTest.at(11, 0, 31.9, 120.1, 33));
        assertEquals("2026-12-06T11:00:00+08:00", fleet.location(Fleet.OTHER, "timestamp").asText());
    }

    /** Frames of the car (never authenticated on the fuzzing connection) and of a number no vehicle has. */
    static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        Location l = Location.of(0, 3, 31.8, 119.9, 10, 55.5, 180, LocalDateTime.of(2026, 12, 6, 10, 30, 0),
                List.of(LocationItem.mileage(5000), LocationItem.fuel(300), LocationItem.soc(60),
                        new LocationItem(0x7e, new byte[] {0x7d, 0x7e})));
        for (String phone : List.of(Fleet.CAR_PHONE, Fleet.NOBODY)) {
            out.add(Jtt808.encode(Header.v2013(MessageIds.LOCATION, phone, 0x7e7d), l));
            out.add(Jtt808.encode(Header.v2019(MessageIds.LOCATION, 1, phone, 3), l));
            out.add(Jtt808.encode(Header.v2013(MessageIds.HEARTBEAT, phone, 4), new Heartbeat()));
            out.add(Jtt808.encode(Header.v2013(MessageIds.AUTHENTICATE, phone, 5), Authenticate.v2013("guess")));
            out.add(Jtt808.encode(Header.v2013(MessageIds.LOCATION_BATCH, phone, 6),
                    new LocationBatch(1, List.of(l, l))));
            out.addAll(Jtt808.encodePieces(Header.v2013(MessageIds.LOCATION_BATCH, phone, 7),
                    new LocationBatch(0, List.of(l, l, l)), 60));
        }
        return out;
    }

    static byte[] mutate(byte[] frame, Random random) {
        byte[] f = frame.clone();
        switch (random.nextInt(6)) {
            case 0 -> f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            case 1 -> f = java.util.Arrays.copyOf(f, 1 + random.nextInt(f.length));
            case 2 -> {
                int at = 1 + random.nextInt(f.length - 1);
                byte[] g = new byte[f.length + 1];
                System.arraycopy(f, 0, g, 0, at);
                g[at] = random.nextBoolean() ? (byte) 0x7d : (byte) random.nextInt(256);
                System.arraycopy(f, at, g, at + 1, f.length - at);
                f = g;
            }
            case 3 -> {
                byte[] raw = unescape(f);
                raw[random.nextInt(Math.min(16, raw.length - 1))] ^= (byte) (1 << random.nextInt(8));
                f = reframe(raw);
            }
            case 4 -> {
                byte[] raw = unescape(f);
                for (int i = 0; i < 1 + random.nextInt(3) && raw.length > 13; i++) {
                    raw[12 + random.nextInt(raw.length - 13)] = (byte) random.nextInt(256);
                }
                f = reframe(raw);
            }
            default -> {
                byte[] noise = new byte[random.nextInt(40)];
                random.nextBytes(noise);
                f = noise;
            }
        }
        return f;
    }

    private static byte[] unescape(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < frame.length - 1; i++) {
            if (frame[i] == 0x7d) {
                out.write(frame[++i] == 0x02 ? 0x7e : 0x7d);
            } else {
                out.write(frame[i]);
            }
        }
        return out.toByteArray();
    }

    /** Makes the check code right again for changed bytes and escapes them. */
    private static byte[] reframe(byte[] raw) {
        raw[raw.length - 1] = (byte) Jtt808.check(raw, 0, raw.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7e);
        for (byte b : raw) {
            if (b == 0x7e || b == 0x7d) {
                out.write(0x7d);
                out.write(b == 0x7e ? 0x02 : 0x01);
            } else {
                out.write(b);
            }
        }
        out.write(0x7e);
        return out.toByteArray();
    }
}
