package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * 一房一码 on the real distribution: the QR code of the demo's room A305 decodes to its card URL on the address the
 * request came to, its code resolves to it, the floor's sheet of labels lists the floor's rooms, and a viewer of
 * another county gets 404s: the room is not in their view.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OfficeCodesIT extends DistributionTest {
    private static final String ROOM = "cz.wujin:room-a-0305";
    private static final String OFFICE = "/api/dayuan/office";

    @Test
    public void aRoomsQrCodeOpensItsCardAndTheFloorSheetListsItsRooms() throws Exception {
        String cardUrl = "http://127.0.0.1:" + port + "/#/room/" + ROOM;
        HttpResponse<byte[]> png = bytes(OFFICE + "/rooms/" + ROOM + "/qr.png?size=300", "wujin-viewer",
                "Wujin-Viewer-2026");
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        assertTrue(png.headers().firstValue("ETag").isPresent());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertEquals(300, image.getWidth());
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(
                image.getWidth(), image.getHeight(), pixels)))).getText();
        assertEquals(cardUrl, text);

        Api manager = api.as("wujin-manager", "Wujin-Manager-2026");
        Reply code = manager.get(OFFICE + "/codes/320412-XZZX-A-0305");
        assertEquals(code.toString(), 200, code.status());
        assertEquals(ROOM, code.json().path("thingId").asText());
        assertEquals("room", code.json().path("kind").asText());
        assertEquals(cardUrl, code.json().path("cardUrl").asText());
        assertError(manager.get(OFFICE + "/codes/320412-XZZX-A-9999"), 404, "things:resource.notfound");

        Reply card = manager.get(OFFICE + "/rooms/" + ROOM);
        assertEquals(card.toString(), 200, card.status());
        JsonNode c = card.json();
        assertEquals(18.0, c.path("usableArea").asDouble(), 0.001);
        assertEquals(1, c.path("occupants").size());
        assertEquals("320412-XZZX-A-0305", c.path("code").asText());
        assertFalse(c.path("organisationName").asText().isEmpty());

        Reply sheet = manager.get(OFFICE + "/floors/cz.wujin:bldg-a-f03/codes.html");
        assertEquals(sheet.toString(), 200, sheet.status());
        String html = sheet.raw().body();
        JsonNode rooms = api.get("/api/2/search/things?filter=" + java.net.URLEncoder.encode(
                "and(eq(definition,\"dayuan:Room:1.0.0\"),eq(attributes/parent,\"cz.wujin:bldg-a-f03\"))",
                java.nio.charset.StandardCharsets.UTF_8) + "&option=size(200)").json().path("items");
        assertTrue(rooms.size() > 3);
        for (JsonNode r : rooms) {
            assertTrue(r.path("thingId").asText(), html.contains(r.path("attributes").path("code").asText()));
        }
        assertEquals(rooms.size(), html.split("class=\"label\"", -1).length - 1);

        Api xinbei = api.as("xinbei-viewer", "Xinbei-Viewer-2026");
        assertError(xinbei.get(OFFICE + "/rooms/" + ROOM), 404, "things:thing.notfound");
        assertError(xinbei.get(OFFICE + "/rooms/" + ROOM + "/qr.png"), 404, "things:thing.notfound");
        assertError(xinbei.get(OFFICE + "/floors/cz.wujin:bldg-a-f03/codes.html"), 404, "things:thing.notfound");
        assertError(xinbei.get(OFFICE + "/codes/320412-XZZX-A-0305"), 404, "things:resource.notfound");
        assertError(manager.get(OFFICE + "/rooms/cz.wujin:bldg-a-f03/qr.png"), 404, "office:twin.notroom");
    }

    private HttpResponse<byte[]> bytes(String path, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", Api.basic(user, password)).timeout(Duration.ofSeconds(30)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
