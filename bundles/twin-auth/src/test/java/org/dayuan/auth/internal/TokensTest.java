package org.dayuan.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.dayuan.testing.MutableClock;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    private static final Caller WUJIN = new Caller("wujin-viewer", Set.of("viewer"), Set.of("cz.wujin"), "10.0.0.1");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private Tokens tokens;

    @BeforeEach
    void setUp() throws Exception {
        tokens = new Tokens(key, RevocationList.open(dir.resolve("revoked.json"), clock), clock);
    }

    @Test
    void issuedTokenVerifiesToTheSameCaller() {
        Tokens.Issued issued = tokens.issue(WUJIN, Duration.ofMinutes(60));

        Tokens.Verified verified = tokens.verify(issued.token());

        assertEquals(WUJIN.subject(), verified.subject());
        assertEquals(WUJIN.roles(), verified.roles());
        assertEquals(WUJIN.namespaces(), verified.namespaces());
        assertEquals(issued.jti(), verified.jti());
        assertEquals(Instant.parse("2025-03-01T09:00:00Z"), verified.expiresAt());
        assertEquals(new Caller("wujin-viewer", Set.of("viewer"), Set.of("cz.wujin"), "10.0.0.9"),
                verified.caller("10.0.0.9"));
    }

    @Test
    void tokenIsACompactJwtWithTheAgreedClaims() throws Exception {
        String[] parts = tokens.issue(WUJIN, Duration.ofMinutes(5)).token().split("\\.");

        assertEquals(3, parts.length);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", header);
        for (String claim : new String[] {"\"sub\":\"wujin-viewer\"", "\"roles\":[\"viewer\"]", "\"ns\":[\"cz.wujin\"]",
                "\"iat\":1740816000", "\"exp\":1740816300", "\"jti\":"}) {
            assertTrue(claims.contains(claim), claims + " lacks " + claim);
        }
    }

    @Test
    void tokenIsRefusedOnceExpired() {
        String token = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();

        clock.advance(Duration.ofMinutes(59));
        tokens.verify(token);
        clock.advance(Duration.ofMinutes(1));

        DayuanException e = assertThrows(DayuanException.class, () -> tokens.verify(token));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = tokens.issue(WUJIN, Duration.ofMinutes(60)).token().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = claims.replace("[\"viewer\"]", "[\"admin\"]").replace("[\"cz.wujin\"]", "[\"*\"]");
        String forged = parts[0] + "." + b64(widened) + "." + parts[2];

        DayuanException e = assertThrows(DayuanException.class, () -> tokens.verify(forged));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void onlyTheCanonicalSpellingOfATokenIsAccepted() {
        String token = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = token.length() - 1;
        int value = alphabet.indexOf(token.charAt(last));
        int sameBytes = 0;
        // A 32-byte signature is 43 characters, the last carrying 2 bits nobody reads: 3 other characters decode to
        // the same signature, and each of them must be refused.
        for (int low = 0; low < 4; low++) {
            char other = alphabet.charAt(value & ~3 | low);
            if (other == token.charAt(last)) {
                continue;
            }
            String respelled = token.substring(0, last) + other;
            assertTrue(Arrays.equals(Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1)),
                    Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1))));
            sameBytes++;
            DayuanException e = assertThrows(DayuanException.class, () -> tokens.verify(respelled), respelled);
            assertEquals(401, e.status());
        }
        assertEquals(3, sameBytes);
        assertEquals(WUJIN.subject(), tokens.verify(token).subject());
    }

    @Test
    void unsignedTokenWithAlgNoneIsRefused() {
        String[] parts = tokens.issue(WUJIN, Duration.ofMinutes(60)).token().split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        assertThrows(DayuanException.class, () -> tokens.verify(none + "." + parts[1] + "."));
        DayuanException e = assertThrows(DayuanException.class,
                () -> tokens.verify(none + "." + parts[1] + "." + parts[2]));
        assertTrue(e.getMessage().contains("HS256"), e.getMessage());
    }

    @Test
    void otherAlgorithmsAndCriticalHeadersAreRefused() {
        String[] parts = tokens.issue(WUJIN, Duration.ofMinutes(60)).token().split("\\.");
        for (String header : new String[] {"{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}", "{\"alg\":\"hs256\"}",
                "{\"typ\":\"JWT\"}", "{\"alg\":[\"HS256\"]}", "{\"alg\":\"HS256\",\"crit\":[\"b64\"]}",
                "{\"alg\":\"HS256\",\"alg\":\"none\"}"}) {
            assertThrows(DayuanException.class, () -> tokens.verify(b64(header) + "." + parts[1] + "." + parts[2]),
                    header);
        }
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        byte[] other = Arrays.copyOf(key, key.length);
        other[0] ^= 1;
        Tokens elsewhere = new Tokens(other, RevocationList.open(dir.resolve("other.json"), clock), clock);

        String token = elsewhere.issue(WUJIN, Duration.ofMinutes(60)).token();

        assertThrows(DayuanException.class, () -> tokens.verify(token));
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        for (String garbage : new String[] {"", "abc", "a.b", "a.b.c.d", "!!.??.##", "e30.e30.", "e30.e30.AAAA",
                "bm90IGpzb24.e30.AAAA", "W10.W10.AAAA", "x".repeat(9000) + ".a.b"}) {
            DayuanException e = assertThrows(DayuanException.class, () -> tokens.verify(garbage), garbage);
            assertEquals(401, e.status());
        }
    }

    @Test
    void signedTokenWithBadClaimsIsRefused() {
        for (String claims : new String[] {"{}", "{\"sub\":\"a\",\"roles\":[],\"ns\":[],\"iat\":1,\"jti\":\"x\"}",
                "{\"sub\":1,\"roles\":[],\"ns\":[],\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
                "{\"sub\":\"a\",\"roles\":\"admin\",\"ns\":[],\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
                "{\"sub\":\"a\",\"roles\":[1],\"ns\":[],\"iat\":1,\"exp\":9999999999,\"jti\":\"x\"}",
                "{\"sub\":\"a\",\"roles\":[],\"ns\":[],\"iat\":1,\"exp\":\"9999999999\",\"jti\":\"x\"}",
                "{\"sub\":\"a\",\"roles\":[],\"ns\":[],\"iat\":1,\"exp\":1.5e10,\"jti\":\"x\"}"}) {
            assertThrows(DayuanException.class, () -> tokens.verify(signed(claims)), claims);
        }
    }

    @Test
    void revokedTokenIsRefusedAndOthersStayValid() throws Exception {
        String revoked = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();
        String kept = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();

        tokens.revoke(tokens.verify(revoked));

        DayuanException e = assertThrows(DayuanException.class, () -> tokens.verify(revoked));
        assertTrue(e.getMessage().contains("revoked"), e.getMessage());
        tokens.verify(kept);
    }

    @Test
    void revokeAllRefusesEarlierTokensOfThatUserOnly() throws Exception {
        String before = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();
        String otherUser = tokens.issue(new Caller("someone", Set.of("viewer"), Set.of("*"), "x"),
                Duration.ofMinutes(60)).token();

        tokens.revokeAll(WUJIN.subject(), Duration.ofDays(30));
        String sameSecondAfter = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();
        clock.advance(Duration.ofSeconds(5));
        String later = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();

        assertThrows(DayuanException.class, () -> tokens.verify(before));
        tokens.verify(otherUser);
        tokens.verify(sameSecondAfter);
        tokens.verify(later);
    }

    @Test
    void revocationsSurviveARestart() throws Exception {
        String revoked = tokens.issue(WUJIN, Duration.ofMinutes(60)).token();
        Caller other = new Caller("device-7", Set.of("device"), Set.of("cz.wujin"), "x");
        String ofRevokedUser = tokens.issue(other, Duration.ofDays(10)).token();
        tokens.revoke(tokens.verify(revoked));
        tokens.revokeAll("device-7", Duration.ofDays(30));

        Tokens restarted = new Tokens(key, RevocationList.open(dir.resolve("revoked.json"), clock), clock);

        assertThrows(DayuanException.class, () -> restarted.verify(revoked));
        assertThrows(DayuanException.class, () -> restarted.verify(ofRevokedUser));
    }

    @Test
    void revocationEntriesArePrunedOnceTheyCanNoLongerMatter() throws Exception {
        Path file = dir.resolve("revoked.json");
        RevocationList list = RevocationList.open(file, clock);
        Tokens t = new Tokens(key, list, clock);
        Tokens.Issued issued = t.issue(WUJIN, Duration.ofMinutes(10));
        t.revoke(t.verify(issued.token()));
        t.revokeAll("device-7", Duration.ofMinutes(60));
        assertEquals(2, list.size());

        clock.advance(Duration.ofMinutes(11));
        t.revokeAll("someone", Duration.ofMinutes(60)); // any write prunes
        assertEquals(2, list.size());
        assertFalse(Files.readString(file).contains(issued.jti()));

        clock.advance(Duration.ofMinutes(62));
        assertEquals(0, RevocationList.open(file, clock).size());
    }

    @Test
    void damagedRevocationFileStopsTheStart() throws Exception {
        Path file = dir.resolve("damaged.json");
        Files.writeString(file, "{\"tokens\":[{\"jti\":42}]}");

        assertThrows(java.io.IOException.class, () -> RevocationList.open(file, clock));
        Files.writeString(file, "{\"tokens\":[");
        assertThrows(java.io.IOException.class, () -> RevocationList.open(file, clock));
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tokens(new byte[31], null, clock));
    }

    private String signed(String claims) {
        try {
            String input = b64("{\"alg\":\"HS256\"}") + "." + b64(claims);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
