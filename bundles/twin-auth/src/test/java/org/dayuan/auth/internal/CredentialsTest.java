package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void parsesBasicCredentials() {
        Credentials c = Credentials.parse("Basic " + b64("wujin-viewer:s3cret:with:colons"));

        Credentials.Basic basic = assertInstanceOf(Credentials.Basic.class, c);
        assertEquals("wujin-viewer", basic.user());
        assertEquals("s3cret:with:colons", basic.password());
    }

    @Test
    void schemeIsCaseInsensitiveAndBlanksAreTolerated() {
        Credentials.Basic basic = (Credentials.Basic) Credentials.parse("  bAsIc    " + b64("a:b") + "  ");

        assertEquals("a", basic.user());
    }

    @Test
    void decodesUtf8() {
        Credentials.Basic basic = (Credentials.Basic) Credentials.parse("Basic " + b64("王伟:密码"));

        assertEquals("王伟", basic.user());
        assertEquals("密码", basic.password());
    }

    @Test
    void parsesBearerTokens() {
        Credentials c = Credentials.parse("Bearer abc.def.ghi");

        assertEquals("abc.def.ghi", assertInstanceOf(Credentials.Bearer.class, c).token());
    }

    @Test
    void malformedHeadersAreRefusedWith401() {
        String[] headers = {null, "", "   ", "Basic", "Basic ", "Basic !!!notbase64", "Basic " + b64("nocolon"),
                "Basic " + b64(":password"), "Basic " + b64("ctl\u0001user:pw"), "Basic " + b64("x".repeat(300) + ":p"),
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, ':', 'p'}),
                "Basic " + "A".repeat(Credentials.MAX_HEADER_LENGTH), "Digest username=\"a\"", "Negotiate abc",
                "Bearer", "Bearer ", "Bearer a.b", "Bearer a.b.c.d", "Bearer a b c", "Bearer a=.b.c", "Bearer\ta.b.c",
                "\u0000\u0001"};
        for (String header : headers) {
            DayuanException e = assertThrows(DayuanException.class, () -> Credentials.parse(header),
                    String.valueOf(header));
            assertEquals(401, e.status(), header);
        }
    }

    @Test
    void refusalsNeverEchoThePassword() {
        DayuanException e = assertThrows(DayuanException.class,
                () -> Credentials.parse("Basic " + b64("\u0007:hunter2")));

        assertTrue(!e.getMessage().contains("hunter2"));
        assertTrue(!Credentials.parse("Basic " + b64("a:hunter2")).toString().contains("hunter2"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
