package org.dayuan.itests;

import static org.dayuan.itests.Jt808Terminal.GBK;
import static org.dayuan.itests.Jt808Terminal.bcd;
import static org.dayuan.itests.Jt808Terminal.concat;
import static org.dayuan.itests.Jt808Terminal.dword;
import static org.dayuan.itests.Jt808Terminal.fixed;
import static org.dayuan.itests.Jt808Terminal.frame;
import static org.dayuan.itests.Jt808Terminal.header2013;
import static org.dayuan.itests.Jt808Terminal.header2019;
import static org.dayuan.itests.Jt808Terminal.hex;
import static org.dayuan.itests.Jt808Terminal.unescape;
import static org.dayuan.itests.Jt808Terminal.word;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The fleet line's JT/T 808 gateway on the real distribution, over real TCP sockets, with frames laid out here from
 * the standard (headers, bodies, XOR check, escaping): demo vehicles' terminals register, authenticate and report;
 * their twins are read back over HTTP; the platform's answers are compared byte for byte. An unknown terminal, a bad
 * check code, sub-packets, a 2019 header, and 1,000 mangled frames on one connection while another terminal is
 * answered throughout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FleetGatewayIT extends DistributionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private int gatewayPort() {
        return Integer.getInteger(Dist.FLEET_PORT_PROPERTY);
    }

    private JsonNode vehicle(String id) {
        Api.Reply r = api.get("/api/2/things/" + id);
        assertEquals(r.toString(), 200, r.status());
        return r.json();
    }

    private String phone(String vehicle) {
        String phone = vehicle(vehicle).path("attributes").path("terminalId").asText();
        assertTrue(phone, phone.matches("[0-9]{12}"));
        return phone;
    }

    /** 0x0100 body, 2013: province, city, manufacturer[5], model[20], terminal id[7], plate colour, plate. */
    static byte[] register2013() {
        return concat(word(0x0020), word(0x0412), fixed("70111", 5), fixed("JT-100", 20), fixed("T000001", 7),
                new byte[] {1}, "苏D00001".getBytes(GBK));
    }

    /** 0x0100 body, 2019: manufacturer[11], model[30], terminal id[30]. */
    static byte[] register2019() {
        return concat(word(0x0020), word(0x0412), fixed("70111", 11), fixed("JT-200", 30), fixed("T000002", 30),
                new byte[] {1}, "苏D00002".getBytes(GBK));
    }

    /**
     * 0x0200 body: alarm, status (ACC, fixed), lat, lon, altitude 16 m, speed, heading 90, BCD time of 2026-12-06,
     * items 0x01 mileage and 0x02 fuel.
     */
    static byte[] location(long lat, long lon, int speedTenths, String hhmmss, long mileageTenths, int fuelTenths) {
        return location("261206" + hhmmss, lat, lon, speedTenths, mileageTenths, fuelTenths);
    }

    /** The same, measured at {@code yymmddhhmmss} (GMT+8, as the standard's BCD time is). */
    static byte[] location(String yymmddhhmmss, long lat, long lon, int speedTenths, long mileageTenths,
                           int fuelTenths) {
        return concat(dword(0), dword(3), dword(lat), dword(lon), word(16), word(speedTenths), word(90),
                hex(yymmddhhmmss), new byte[] {0x01, 4}, dword(mileageTenths), new byte[] {0x02, 2},
                word(fuelTenths));
    }

    /** The 0x8001 the platform must send: its serial, then the answered serial, id and result. */
    static byte[] generalResponse2013(String phone, int platformSerial, int serial, int msgId, int result) {
        return frame(concat(header2013(0x8001, 5, phone, platformSerial), word(serial), word(msgId),
                new byte[] {(byte) result}));
    }

    /** Registers and authenticates with a 2013 header, serials 1 and 2; the platform's answers take serials 0 and 1. */
    private static void login2013(Jt808Terminal t, String phone) throws Exception {
        byte[] body = register2013();
        t.send(frame(concat(header2013(0x0100, body.length, phone, 1), body)));
        byte[] answer = unescape(t.next(WAIT));
        assertEquals(hex(answer), "81 00", hex(Arrays.copyOf(answer, 2)));
        assertEquals("result 0", 0, answer[14]);
        byte[] code = Arrays.copyOfRange(answer, 15, answer.length - 1);
        t.send(frame(concat(header2013(0x0102, code.length, phone, 2), code)));
        assertEquals(hex(generalResponse2013(phone, 1, 2, 0x0102, 0)), hex(t.next(WAIT)));
    }

    @Test
    public void aDemoVehiclesTerminalRegistersAuthenticatesAndReports() throws Exception {
        String vehicle = "cz.wujin:vehicle-01";
        String phone = phone(vehicle);
        try (Jt808Terminal t = new Jt808Terminal(gatewayPort())) {
            byte[] body = register2013();
            t.send(frame(concat(header2013(0x0100, body.length, phone, 1), body)));
            byte[] answer = unescape(t.next(WAIT));
            // 8100, attributes = body length (serial 2 + result 1 + code), phone, platform serial 0, answers serial 1
            assertEquals(hex(answer), hex(concat(Jt808Terminal.hex("81 00"), word(answer.length - 13),
                    bcd(phone, 6), word(0), word(1), new byte[] {0})), hex(Arrays.copyOf(answer, 15)));
            byte[] code = Arrays.copyOfRange(answer, 15, answer.length - 1);
            assertTrue(hex(code), code.length >= 8);
            String codeText = new String(code, StandardCharsets.US_ASCII);
            JsonNode terminal = vehicle(vehicle).path("features").path("terminal");
            assertEquals("T000001", terminal.path("properties").path("terminalId").asText());
            assertFalse("only a hash of the code is stored", vehicle(vehicle).toString().contains(codeText));

            // the wrong code first: failure, still not authenticated
            byte[] wrong = "nope".getBytes(StandardCharsets.US_ASCII);
            t.send(frame(concat(header2013(0x0102, wrong.length, phone, 2), wrong)));
            assertEquals(hex(generalResponse2013(phone, 1, 2, 0x0102, 1)), hex(t.next(WAIT)));
            t.send(frame(concat(header2013(0x0102, code.length, phone, 3), code)));
            assertEquals(hex(generalResponse2013(phone, 2, 3, 0x0102, 0)), hex(t.next(WAIT)));

            // latitude 0x01e37e7d and longitude 0x07264b2e hold 0x7e and 0x7d: escaped on the wire
            byte[] report = location(0x01e37e7dL, 0x07264b2eL, 600, "103000", 123456, 432);
            byte[] f = frame(concat(header2013(0x0200, report.length, phone, 4), report));
            assertTrue(hex(f), hex(f).contains("7d 02 7d 01"));
            // a frame with a bad check code first: dropped without an answer, the good one after it answered
            byte[] bad = frame(concat(header2013(0x0002, 0, phone, 9)));
            bad[bad.length - 2] ^= 0x01;
            t.send(concat(bad, f));
            assertEquals(hex(generalResponse2013(phone, 3, 4, 0x0200, 0)), hex(t.next(WAIT)));
            assertTrue("nothing more: the bad frame got no answer", t.silent(Duration.ofMillis(500)));

            JsonNode location = vehicle(vehicle).path("features").path("location").path("properties");
            assertEquals(location.toString(), 31.686269, location.path("lat").asDouble(), 1e-9);
            assertEquals(location.toString(), 119.950126, location.path("lon").asDouble(), 1e-9);
            assertEquals(60.0, location.path("speed").asDouble(), 1e-9);
            assertEquals(12345.6, location.path("odometer").asDouble(), 1e-9);
            assertEquals(43.2, location.path("fuel").asDouble(), 1e-9);
            assertEquals(16, location.path("altitude").asInt());
            assertTrue(location.path("acc").asBoolean());
            assertTrue(location.path("online").asBoolean());
            assertEquals("2026-12-06T10:30:00+08:00", location.path("timestamp").asText());

            Api.Reply status = api.get("/api/dayuan/fleet/terminals");
            assertEquals(status.toString(), 200, status.status());
            JsonNode row = null;
            for (JsonNode r : status.json().path("terminals")) {
                if (vehicle.equals(r.path("vehicle").asText())) {
                    row = r;
                }
            }
            assertTrue(status.toString(), row != null && row.path("connected").asBoolean()
                    && row.path("authenticated").asBoolean());
            assertEquals(row.toString(), 3, row.path("framesOk").asInt());
            assertEquals(row.toString(), 1, row.path("framesRefused").asInt()); // the wrong code
        }
        awaitOffline(vehicle); // the terminal hung up
        Api.Reply viewer = api.as("wj-viewer", Dist.USER_PASSWORD).get("/api/dayuan/fleet/terminals");
        assertEquals(viewer.toString(), 200, viewer.status());
        for (JsonNode r : viewer.json().path("terminals")) {
            assertTrue(r.toString(), r.path("vehicle").asText().startsWith("cz.wujin"));
        }
        assertFalse(viewer.json().has("unattributed"));
    }

    @Test
    public void a2019TerminalSendsABatchInSubPackets() throws Exception {
        String vehicle = "cz.wujin:vehicle-02";
        String phone = phone(vehicle);
        try (Jt808Terminal t = new Jt808Terminal(gatewayPort())) {
            byte[] body = register2019();
            t.send(frame(concat(header2019(0x0100, body.length, phone, 1), body)));
            byte[] answer = unescape(t.next(WAIT));
            // 8100, attributes with bit 14, version 1, phone BCD[10], platform serial 0, answers serial 1, result 0
            assertEquals(hex(concat(word(0x8100), word(0x4000 | (answer.length - 18)), new byte[] {1}, bcd(phone, 10),
                    word(0), word(1), new byte[] {0})), hex(Arrays.copyOf(answer, 20)));
            byte[] code = Arrays.copyOfRange(answer, 20, answer.length - 1);
            byte[] auth = concat(new byte[] {(byte) code.length}, code, fixed("860000000000001", 15),
                    fixed("2.1.0", 20));
            t.send(frame(concat(header2019(0x0102, auth.length, phone, 2), auth)));
            assertEquals(hex(frame(concat(header2019(0x8001, 5, phone, 1), word(2), word(0x0102), new byte[] {0}))),
                    hex(t.next(WAIT)));
            assertEquals("2.1.0", vehicle(vehicle).path("features").path("terminal").path("properties")
                    .path("softwareVersion").asText());

            // 0x0704: count 3, type 1 (blind area), each report with its length; cut into two sub-packets
            byte[] p1 = location(31_700_000, 119_900_000, 100, "110000", 200_000, 300);
            byte[] p2 = location(31_710_000, 119_910_000, 200, "110500", 200_010, 299);
            byte[] p3 = location(31_720_000, 119_920_000, 300, "111000", 200_020, 298);
            byte[] batch = concat(word(3), new byte[] {1}, word(p1.length), p1, word(p2.length), p2,
                    word(p3.length), p3);
            byte[] first = Arrays.copyOf(batch, 60);
            byte[] second = Arrays.copyOfRange(batch, 60, batch.length);
            t.send(frame(concat(header2019(0x0704, first.length, phone, 3, 2, 1), first)));
            assertEquals(hex(frame(concat(header2019(0x8001, 5, phone, 2), word(3), word(0x0704), new byte[] {0}))),
                    hex(t.next(WAIT)));
            assertFalse("nothing applied before the last piece", vehicle(vehicle).path("features").path("location")
                    .path("properties").path("timestamp").asText().startsWith("2026-12-06"));
            t.send(frame(concat(header2019(0x0704, second.length, phone, 4, 2, 2), second)));
            assertEquals(hex(frame(concat(header2019(0x8001, 5, phone, 3), word(4), word(0x0704), new byte[] {0}))),
                    hex(t.next(WAIT)));
            JsonNode location = vehicle(vehicle).path("features").path("location").path("properties");
            assertEquals(location.toString(), "2026-12-06T11:10:00+08:00", location.path("timestamp").asText());
            assertEquals(31.72, location.path("lat").asDouble(), 1e-9);
            assertEquals(20002.0, location.path("odometer").asDouble(), 1e-9);
        }
        awaitOffline(vehicle);
    }

    @Test
    public void anUnknownTerminalIsRefusedAndChangesNothing() throws Exception {
        String before = vehicles();
        String phone = "013900000000";
        try (Jt808Terminal t = new Jt808Terminal(gatewayPort())) {
            byte[] body = register2013();
            t.send(frame(concat(header2013(0x0100, body.length, phone, 7), body)));
            // 8100, 3 bytes of body: answers serial 7, result 4 (no such terminal), no code
            assertEquals(hex(frame(concat(header2013(0x8100, 3, phone, 0), word(7), new byte[] {4}))),
                    hex(t.next(WAIT)));
            byte[] report = location(31_700_000, 119_900_000, 100, "120000", 1, 1);
            t.send(frame(concat(header2013(0x0200, report.length, phone, 8), report)));
            assertEquals(hex(generalResponse2013(phone, 1, 8, 0x0200, 1)), hex(t.next(WAIT)));
        }
        assertEquals(before, vehicles());
    }

    @Test
    public void aThousandMangledFramesChangeNothingWhileAnotherTerminalIsAnswered() throws Exception {
        String fuzzed = phone("cz.wujin:vehicle-03");
        String goodPhone = phone("cz.wujin:vehicle-04");
        Random random = new Random(808);
        try (Jt808Terminal good = new Jt808Terminal(gatewayPort());
             Jt808Terminal noisy = new Jt808Terminal(gatewayPort())) {
            login2013(good, goodPhone);
            String before = vehicles();
            byte[] report = location(0x01e37e7dL, 0x07264b2eL, 600, "130000", 123456, 432);
            byte[][] seeds = {
                frame(concat(header2013(0x0200, report.length, fuzzed, 1), report)),
                frame(concat(header2019(0x0200, report.length, fuzzed, 2), report)),
                frame(header2013(0x0002, 0, fuzzed, 3)),
                frame(concat(header2013(0x0102, 4, fuzzed, 4), "abcd".getBytes(StandardCharsets.US_ASCII)))};
            int goodSerial = 10;
            int platformSerial = 2;
            for (int i = 0; i < 1000; i++) {
                noisy.send(mangle(seeds[random.nextInt(seeds.length)], random));
                if (i % 50 == 0) {
                    good.send(frame(header2013(0x0002, 0, goodPhone, goodSerial)));
                    assertEquals(hex(generalResponse2013(goodPhone, platformSerial, goodSerial, 0x0002, 0)),
                            hex(good.next(WAIT)));
                    goodSerial++;
                    platformSerial++;
                }
            }
            // the noisy connection is still served once the stream is clean again (a fresh frame after a delimiter)
            noisy.send(Jt808Terminal.hex("7e"));
            noisy.send(frame(header2013(0x0002, 0, fuzzed, 99)));
            byte[] last;
            do {
                last = unescape(noisy.next(WAIT));
            } while (!hex(Arrays.copyOfRange(last, 12, 14)).equals("00 63"));
            assertEquals("the heartbeat of a terminal that never authenticated fails", 1, last[16]);
            assertEquals(before, vehicles());
        }
        awaitOffline("cz.wujin:vehicle-04");
    }

    /** Waits until the gateway has marked the vehicle offline after its connection closed. */
    private void awaitOffline(String vehicle) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        while (online(vehicle) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertFalse(vehicle + " offline once its terminal hung up", online(vehicle));
    }

    private boolean online(String vehicle) {
        return vehicle(vehicle).path("features").path("location").path("properties").path("online").asBoolean();
    }

    /** One change: a byte replaced, the frame cut short, a byte inserted, or random bytes instead. */
    private static byte[] mangle(byte[] frame, Random random) {
        byte[] f = frame.clone();
        switch (random.nextInt(4)) {
            case 0 -> f[1 + random.nextInt(f.length - 2)] = (byte) random.nextInt(256);
            case 1 -> f = Arrays.copyOf(f, 1 + random.nextInt(f.length - 1));
            case 2 -> {
                int at = 1 + random.nextInt(f.length - 2);
                byte[] g = new byte[f.length + 1];
                System.arraycopy(f, 0, g, 0, at);
                g[at] = (byte) (random.nextBoolean() ? 0x7d : random.nextInt(256));
                System.arraycopy(f, at, g, at + 1, f.length - at);
                f = g;
            }
            default -> {
                f = new byte[1 + random.nextInt(60)];
                random.nextBytes(f);
            }
        }
        return f;
    }

    /** Every vehicle twin as the search returns it: equal strings mean no vehicle changed. */
    private String vehicles() {
        Api.Reply r = api.get("/api/2/search/things?filter=" + URLEncoder.encode(
                "eq(definition,\"dayuan:Vehicle:1.0.0\")", StandardCharsets.UTF_8) + "&option="
                + URLEncoder.encode("sort(+thingId),size(200)", StandardCharsets.UTF_8));
        assertEquals(r.toString(), 200, r.status());
        assertEquals(r.toString(), 12, r.json().path("items").size());
        return r.json().path("items").toString();
    }

    /**
     * DOMAIN scenario 3 over the wire: a demo car's terminal reports a drive on Saturday 2026-11-28 from 22:30 without
     * an order, 300 m every 30 s at 36 km/h; the fleet rules raise fleet.no-order and fleet.off-hours on the car,
     * each with the driven track as evidence.
     */
    @Test
    public void aSaturdayNightDriveWithoutAnOrderReportedByTheTerminalRaisesNoOrderAndOffHours() throws Exception {
        String vehicle = "cz.wujin:vehicle-05";
        String phone = phone(vehicle);
        try (Jt808Terminal t = new Jt808Terminal(gatewayPort())) {
            login2013(t, phone);
            for (int i = 0; i < 8; i++) {
                int serial = 3 + i;
                String hhmmss = String.format(Locale.ROOT, "22%02d%02d", 30 + i / 2, (i % 2) * 30);
                byte[] report = location("261128" + hhmmss, 31_700_000L + 2_700L * i, 119_940_000L, 360,
                        300_000L + 3L * i, 400);
                t.send(frame(concat(header2013(0x0200, report.length, phone, serial), report)));
                assertEquals(hex(generalResponse2013(phone, serial - 1, serial, 0x0200, 0)), hex(t.next(WAIT)));
            }
        }
        for (String type : new String[] {"fleet.no-order", "fleet.off-hours"}) {
            JsonNode alarm = awaitAlarm(vehicle, type);
            assertEquals(alarm.toString(), "major", alarm.path("severity").asText());
            JsonNode line = alarm.path("details").path("track").path("geometry");
            assertEquals(alarm.toString(), "LineString", line.path("type").asText());
            assertTrue(alarm.toString(), line.path("coordinates").size() >= 3);
            assertEquals(119.94, line.path("coordinates").get(0).get(0).asDouble(), 1e-6);
        }
    }

    private JsonNode awaitAlarm(String source, String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Api.Reply r = api.get("/api/dayuan/alarms?type=" + type + "&limit=50");
            assertEquals(r.toString(), 200, r.status());
            for (JsonNode a : r.json().path("items")) {
                if (source.equals(a.path("attributes").path("source").asText())) {
                    return a.path("attributes");
                }
            }
            assertTrue(type + " on " + source + ": " + r, System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }
}
