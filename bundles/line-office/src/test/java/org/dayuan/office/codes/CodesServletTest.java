package org.dayuan.office.codes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.core.AlarmLifecycle;
import org.dayuan.alarms.core.AlarmService;
import org.dayuan.office.standards.Standards;
import org.dayuan.testing.FakeHttp;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.testing.Json;
import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** 一房一码 over HTTP without a container, over a real registry and alarm service in memory. */
class CodesServletTest {
    static final String BSN = "org.dayuan.line-office";
    static final Caller ADMIN = FakeHttp.ADMIN;
    static final Caller MANAGER = new Caller("wujin-manager", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    static final Caller XINBEI = new Caller("xinbei-viewer", Set.of(Caller.ROLE_VIEWER), Set.of("cz.xinbei"), "test");
    static final Standards STANDARD_2014 = new Standards("发改投资〔2014〕2674号", Map.of("county", Map.of(
            "县级正职", 30.0, "县级副职", 24.0, "正科", 18.0, "副科", 12.0, "科员及以下", 9.0)), Set.of("县级正职", "县级副职"));
    static final String ROOM = "cz.wujin:room-a-0305";
    static final String CARD_URL = "http://dayuan.example:8181/#/room/cz.wujin:room-a-0305";

    final InMemoryTwins twins = new InMemoryTwins();
    final InMemoryTwins.Views line = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
            "integrator, ns:*, name:line-office"));
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T02:00:00Z"));
    final AlarmService alarms;

    CodesServletTest() {
        InMemoryTwins.Views alarmViews = twins.of("org.dayuan.alarms",
                InMemoryTwins.grants("bundle.org.dayuan.alarms", "integrator, ns:*, name:alarms"));
        alarms = new AlarmService(alarmViews.registry(), alarmViews.search(), clock, new AlarmLifecycle.Settings(
                Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(24), 100), Runnable::run);
        alarms.buildIndex();
        create("cz.wujin:campus-xzzx", "Campus", "{\"name\":\"武进区行政中心\",\"code\":\"320412-XZZX\"}");
        create("cz.wujin:org-fgj", "Organisation", "{\"name\":\"区发展和改革局\",\"code\":\"11320412MB0000001X\"}");
        create("cz.wujin:bldg-a", "Building", "{\"name\":\"A座\",\"parent\":\"cz.wujin:campus-xzzx\","
                + "\"code\":\"320412-XZZX-A\"}");
        create("cz.wujin:bldg-n", "Building", "{\"name\":\"新楼\",\"parent\":\"cz.wujin:campus-xzzx\"}");
        create("cz.wujin:bldg-a-f03", "Floor", "{\"name\":\"A座3层\",\"parent\":\"cz.wujin:bldg-a\",\"number\":3}");
        create("cz.wujin:bldg-n-f01", "Floor", "{\"name\":\"1层\",\"parent\":\"cz.wujin:bldg-n\",\"number\":1}");
        create(ROOM, "Room", "{\"name\":\"A305 办公室\",\"parent\":\"cz.wujin:bldg-a-f03\","
                + "\"code\":\"320412-XZZX-A-0305\",\"number\":\"305\",\"category\":\"office\",\"use\":\"office\","
                + "\"usableArea\":18,\"organisation\":\"cz.wujin:org-fgj\",\"status\":\"inUse\","
                + "\"occupants\":[{\"name\":\"王建国\",\"rank\":\"副科\",\"level\":\"county\"}]}");
        // no code on record: derived from the building's and the number
        create("cz.wujin:room-a-0312", "Room", "{\"name\":\"<b>会议室</b> & \\\"大\\\"\",\"parent\":"
                + "\"cz.wujin:bldg-a-f03\",\"number\":\"312\",\"category\":\"service\",\"use\":\"meeting\","
                + "\"usableArea\":60,\"organisation\":\"cz.wujin:org-fgj\",\"status\":\"idle\"}");
        create("cz.wujin:room-a-0301", "Room", "{\"name\":\"A301 办公室\",\"parent\":\"cz.wujin:bldg-a-f03\","
                + "\"code\":\"320412-XZZX-A-0301\",\"number\":\"301\",\"category\":\"office\",\"usableArea\":24,"
                + "\"organisation\":\"cz.wujin:org-fgj\",\"status\":\"inUse\",\"occupants\":["
                + "{\"name\":\"李晓明\",\"rank\":\"正科\",\"level\":\"county\"},"
                + "{\"name\":\"张丽华\",\"rank\":\"科员及以下\",\"level\":\"county\"}]}");
        create("cz.wujin:room-n-0101", "Room", "{\"name\":\"N101\",\"parent\":\"cz.wujin:bldg-n-f01\","
                + "\"category\":\"office\",\"usableArea\":12}");
        create("cz.xinbei:floor-1", "Floor", "{\"name\":\"1层\",\"number\":1}");
        create("cz.xinbei:room-1", "Room", "{\"name\":\"新北 101\",\"parent\":\"cz.xinbei:floor-1\","
                + "\"code\":\"320411-X-1-0101\",\"number\":\"101\"}");
    }

    void create(String id, String model, String attributes) {
        twins.registry().create(ADMIN, TwinId.of(id), Json.object("{\"definition\":\"dayuan:" + model
                + ":1.0.0\",\"attributes\":" + attributes + "}"));
    }

    CodesServlet servlet(String publicUrl) {
        return new CodesServlet(new OfficeCodes(line.registry(), line.search()), line.search(), alarms,
                () -> Optional.of(STANDARD_2014), publicUrl, 256, 1024);
    }

    static FakeHttp get(String uri, String collection, Caller caller) {
        return new FakeHttp(uri).mountedAt(CodesServlet.PREFIX + "/" + collection).caller(caller)
                .header("Host", "dayuan.example:8181");
    }

    static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(
                image.getWidth(), image.getHeight(), pixels)))).getText();
    }

    @Test
    void theQrCodeDecodesToTheRoomsCardUrl() throws Exception {
        FakeHttp r = get("/api/dayuan/office/rooms/" + ROOM + "/qr.png", "rooms", MANAGER).send(servlet(""));
        assertEquals(200, r.status, r.body());
        assertEquals("image/png", r.contentType);
        assertEquals(CARD_URL, decode(r.body.toByteArray()));
        assertEquals(256, ImageIO.read(new ByteArrayInputStream(r.body.toByteArray())).getWidth());
        assertTrue(r.responseHeaders.get("Cache-Control").get(0).startsWith("private"));
        String etag = r.responseHeaders.get("ETag").get(0);
        FakeHttp again = get("/api/dayuan/office/rooms/" + ROOM + "/qr.png", "rooms", MANAGER)
                .header("If-None-Match", etag).send(servlet(""));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());

        // a county prints codes with its real hostname, whatever address the request came to
        FakeHttp configured = get("/api/dayuan/office/rooms/" + ROOM + "/qr.png", "rooms", MANAGER)
                .parameter("size", "512").send(servlet("https://jgsw.wujin.gov.cn/"));
        assertEquals("https://jgsw.wujin.gov.cn/#/room/cz.wujin:room-a-0305",
                decode(configured.body.toByteArray()));
        assertEquals(512, ImageIO.read(new ByteArrayInputStream(configured.body.toByteArray())).getWidth());
        assertFalse(etag.equals(configured.responseHeaders.get("ETag").get(0)));
    }

    @Test
    void aQrSizeOutOfBoundsIsA400() throws Exception {
        for (String size : List.of("5000", "10", "big")) {
            FakeHttp r = get("/api/dayuan/office/rooms/" + ROOM + "/qr.png", "rooms", MANAGER)
                    .parameter("size", size).send(servlet(""));
            assertEquals(400, r.status, size);
            assertEquals("things:parameter.invalid", r.json().path("error").asText());
            assertTrue(r.json().path("message").asText().contains("64 to 1024"), r.body());
        }
    }

    @Test
    void unknownHiddenAndNonRoomTwinsAre404s() throws Exception {
        FakeHttp unknown = get("/api/dayuan/office/rooms/cz.wujin:room-z-9999/qr.png", "rooms", MANAGER)
                .send(servlet(""));
        assertEquals(404, unknown.status);
        assertEquals("things:thing.notfound", unknown.json().path("error").asText());
        // another county's viewer: the room is not in their view, so it does not exist for them
        FakeHttp hidden = get("/api/dayuan/office/rooms/" + ROOM + "/qr.png", "rooms", XINBEI).send(servlet(""));
        assertEquals(404, hidden.status);
        assertEquals("things:thing.notfound", hidden.json().path("error").asText());
        assertEquals(404, get("/api/dayuan/office/rooms/" + ROOM, "rooms", XINBEI).send(servlet("")).status);
        FakeHttp floor = get("/api/dayuan/office/rooms/cz.wujin:bldg-a-f03/qr.png", "rooms", MANAGER)
                .send(servlet(""));
        assertEquals(404, floor.status);
        assertEquals("office:twin.notroom", floor.json().path("error").asText());
        assertTrue(floor.json().path("message").asText().contains("dayuan:Floor:1.0.0"), floor.body());
        assertEquals(404, get("/api/dayuan/office/rooms/" + ROOM + "/other", "rooms", MANAGER)
                .send(servlet("")).status);
        assertEquals(401, get("/api/dayuan/office/rooms/" + ROOM, "rooms", null).send(servlet("")).status);
    }

    @Test
    void theRoomCardHasTheOfficeFactsAndTheStandardsVerdict() throws Exception {
        alarms.raise(line.registry().identity(), new AlarmCondition(TwinId.of(ROOM), "office.over-standard", "office",
                Severity.WARNING, "办公室超标", "超标 6 m²", clock.instant(), Json.object("{\"excess\":6}")));
        JsonNode card = get("/api/dayuan/office/rooms/" + ROOM, "rooms", MANAGER).send(servlet("")).json();
        assertEquals(ROOM, card.path("thingId").asText());
        assertEquals("320412-XZZX-A-0305", card.path("code").asText());
        assertFalse(card.path("codeDerived").asBoolean());
        assertEquals("office", card.path("use").asText());
        assertEquals("inUse", card.path("status").asText());
        assertEquals(18.0, card.path("usableArea").asDouble());
        assertEquals("区发展和改革局", card.path("organisationName").asText());
        assertEquals("王建国", card.path("occupants").path(0).path("name").asText());
        assertEquals(12.0, card.path("entitlement").asDouble());
        assertEquals(6.0, card.path("excess").asDouble());
        assertEquals("发改投资〔2014〕2674号", card.path("standard").asText());
        assertTrue(card.path("overStandard").asBoolean());
        assertEquals("office.over-standard", card.path("alarms").path(0).path("type").asText());
        assertEquals(CARD_URL, card.path("cardUrl").asText());

        JsonNode within = get("/api/dayuan/office/rooms/cz.wujin:room-a-0301", "rooms", MANAGER).send(servlet(""))
                .json();
        assertEquals(27.0, within.path("entitlement").asDouble());
        assertEquals(0.0, within.path("excess").asDouble());
        assertFalse(within.path("overStandard").asBoolean());
        // a meeting room is not measured against an occupant's entitlement
        JsonNode meeting = get("/api/dayuan/office/rooms/cz.wujin:room-a-0312", "rooms", MANAGER).send(servlet(""))
                .json();
        assertTrue(meeting.path("entitlement").isNull());
        assertTrue(meeting.path("excess").isNull());
        assertEquals("320412-XZZX-A-0312", meeting.path("code").asText());
        assertTrue(meeting.path("codeDerived").asBoolean());
    }

    @Test
    void withoutAStandardTheEntitlementIsUnknownNotZero() throws Exception {
        CodesServlet s = new CodesServlet(new OfficeCodes(line.registry(), line.search()), line.search(), alarms,
                Optional::empty, "", 256, 1024);
        JsonNode card = get("/api/dayuan/office/rooms/" + ROOM, "rooms", MANAGER).send(s).json();
        assertTrue(card.path("entitlement").isNull());
        assertTrue(card.path("standard").isNull());
        assertEquals(18.0, card.path("usableArea").asDouble());
    }

    @Test
    void aCodeResolvesToItsTwinWhetherOnRecordOrDerived() throws Exception {
        JsonNode room = get("/api/dayuan/office/codes/320412-XZZX-A-0305", "codes", MANAGER).send(servlet(""))
                .json();
        assertEquals(ROOM, room.path("thingId").asText());
        assertEquals("room", room.path("kind").asText());
        assertEquals("A305 办公室", room.path("name").asText());
        assertEquals(CARD_URL, room.path("cardUrl").asText());
        assertFalse(room.path("derived").asBoolean());

        JsonNode derived = get("/api/dayuan/office/codes/320412-XZZX-A-0312", "codes", MANAGER).send(servlet(""))
                .json();
        assertEquals("cz.wujin:room-a-0312", derived.path("thingId").asText());
        assertTrue(derived.path("derived").asBoolean());
        // a building without a code: its campus's and its id; a room in it: that and its id (no number)
        assertEquals("cz.wujin:bldg-n", get("/api/dayuan/office/codes/320412-XZZX-BLDG-N", "codes", MANAGER)
                .send(servlet("")).json().path("thingId").asText());
        assertEquals("cz.wujin:room-n-0101", get("/api/dayuan/office/codes/320412-XZZX-BLDG-N-ROOM-N-0101", "codes",
                MANAGER).send(servlet("")).json().path("thingId").asText());
        JsonNode org = get("/api/dayuan/office/codes/11320412MB0000001X", "codes", MANAGER).send(servlet("")).json();
        assertEquals("organisation", org.path("kind").asText());

        FakeHttp unknown = get("/api/dayuan/office/codes/320412-XZZX-A-9999", "codes", MANAGER).send(servlet(""));
        assertEquals(404, unknown.status);
        assertEquals("things:resource.notfound", unknown.json().path("error").asText());
        // another county's code is not theirs to resolve, nor ours theirs
        assertEquals(404, get("/api/dayuan/office/codes/320411-X-1-0101", "codes", MANAGER).send(servlet("")).status);
        assertEquals(404, get("/api/dayuan/office/codes/320412-XZZX-A-0305", "codes", XINBEI).send(servlet(""))
                .status);
    }

    @Test
    void theDerivationRule() {
        assertEquals("0305", OfficeCodes.roomPart("305"));
        assertEquals("1203", OfficeCodes.roomPart("1203"));
        assertEquals("B1-02", OfficeCodes.roomPart("b1 02"));
        assertEquals("ROOM-A-0305", OfficeCodes.token("room-a-0305"));
        assertEquals("CZ-WUJIN-ORG-X", OfficeCodes.token("cz.wujin:org_x"));
    }

    @Test
    void theFloorSheetHasALabelPerRoomInNumberOrderEscaped() throws Exception {
        FakeHttp r = get("/api/dayuan/office/floors/cz.wujin:bldg-a-f03/codes.html", "floors", MANAGER)
                .send(servlet(""));
        assertEquals(200, r.status, r.body());
        assertTrue(r.contentType.startsWith("text/html"));
        String html = r.body();
        assertTrue(html.contains("@page { size: A4"), html);
        int a301 = html.indexOf("320412-XZZX-A-0301");
        int a305 = html.indexOf("320412-XZZX-A-0305");
        int a312 = html.indexOf("320412-XZZX-A-0312");
        assertTrue(a301 > 0 && a301 < a305 && a305 < a312, "rooms by number: " + html);
        assertEquals(3, html.split("class=\"label\"", -1).length - 1);
        assertTrue(html.contains("&lt;b&gt;会议室&lt;/b&gt; &amp; &quot;大&quot;"), html);
        assertFalse(html.contains("<b>会议室"));
        assertTrue(html.contains("区发展和改革局"));
        // each label's QR image is the room's card URL
        String src = html.substring(html.indexOf("data:image/png;base64,", a301 - 3000) + 22);
        String png = src.substring(0, src.indexOf('"'));
        assertEquals("http://dayuan.example:8181/#/room/cz.wujin:room-a-0301",
                decode(java.util.Base64.getDecoder().decode(png)));

        FakeHttp building = get("/api/dayuan/office/buildings/cz.wujin:bldg-a/codes.html", "buildings", MANAGER)
                .send(servlet(""));
        assertEquals(200, building.status);
        assertEquals(3, building.body().split("class=\"label\"", -1).length - 1);

        FakeHttp hidden = get("/api/dayuan/office/floors/cz.wujin:bldg-a-f03/codes.html", "floors", XINBEI)
                .send(servlet(""));
        assertEquals(404, hidden.status);
        FakeHttp notFloor = get("/api/dayuan/office/floors/" + ROOM + "/codes.html", "floors", MANAGER)
                .send(servlet(""));
        assertEquals(404, notFloor.status);
        assertEquals("office:twin.notfloor", notFloor.json().path("error").asText());
    }
}
