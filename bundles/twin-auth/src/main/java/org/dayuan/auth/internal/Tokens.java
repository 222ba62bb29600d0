package org.dayuan.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * Bearer tokens: JWTs signed with HMAC-SHA256 (HS256) under one server key, carrying who the caller is ({@code sub}),
 * its roles and organisation scopes ({@code roles}, {@code ns}), when it was issued and expires ({@code iat},
 * {@code exp}, epoch seconds) and a random id ({@code jti}) by which it can be revoked.
 *
 * <p>A token carries the roles the user had when logging in: later changes in the realm do not reach tokens already
 * issued. Taking a role away therefore means revoking the user's tokens too ({@code POST /api/dayuan/auth/revoke}).
 * Changing the key invalidates every token at once.
 */
public final class Tokens {
    public static final String ALGORITHM = "HS256";
    private static final int MAX_TOKEN_LENGTH = Credentials.MAX_HEADER_LENGTH;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String HEADER = ENCODER.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private final RevocationList revocations;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A token freshly issued. */
    public record Issued(String token, String jti, Instant issuedAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + jti + ", expires " + expiresAt + "]";
        }
    }

    /** A token whose signature, expiry and revocation status have been checked. */
    public record Verified(String subject, Set<String> roles, Set<String> namespaces, String jti, Instant issuedAt,
                           Instant expiresAt) {
        /** The caller the token stands for, calling from {@code origin}. */
        public Caller caller(String origin) {
            return new Caller(subject, roles, namespaces, origin);
        }
    }

    public Tokens(byte[] key, RevocationList revocations, Clock clock) {
        if (key.length < TokenKey.MIN_BYTES) {
            throw new IllegalArgumentException("An HS256 key needs at least " + TokenKey.MIN_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Whether {@code value} has the shape of a compact JWS (three Base64url parts); nothing is verified. */
    public static boolean looksLikeToken(String value) {
        if (value.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    /** A token for {@code caller}, valid for {@code lifetime}. */
    public Issued issue(Caller caller, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        // iat has whole seconds, so a token issued in the same second as a revoke-all of its user would look
        // revoked; issuing it a second "later" keeps every token from before the revoke revoked and none after.
        OptionalLong cutoff = revocations.revokedBefore(caller.subject());
        long iat = cutoff.isPresent() ? Math.max(now, cutoff.getAsLong() + 1) : now;
        long exp = now + Math.max(1, lifetime.toSeconds());
        byte[] id = new byte[16];
        random.nextBytes(id);
        String jti = ENCODER.encodeToString(id);
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", caller.subject());
        ArrayNode roles = claims.putArray("roles");
        caller.roles().stream().sorted().forEach(roles::add);
        ArrayNode ns = claims.putArray("ns");
        caller.namespaces().stream().sorted().forEach(ns::add);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("jti", jti);
        String signingInput;
        try {
            signingInput = HEADER + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (IOException e) {
            throw new IllegalStateException("Claims of plain strings and numbers always serialise", e);
        }
        String token = signingInput + "." + ENCODER.encodeToString(sign(signingInput));
        return new Issued(token, jti, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp));
    }

    /** Checks {@code token}; anything wrong with it is a 401 saying what. */
    public Verified verify(String token) {
        if (token == null || !looksLikeToken(token)) {
            throw invalid("The bearer token is malformed.");
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        JsonNode header = decodeJson(token.substring(0, first));
        JsonNode alg = header.get("alg");
        if (alg == null || !ALGORITHM.equals(alg.textValue()) || header.has("crit")) {
            // Only our own algorithm: "none" or a public-key algorithm would let the token choose how to check it.
            throw invalid("The bearer token is not signed with " + ALGORITHM + ".");
        }
        byte[] signature = decode(token.substring(second + 1));
        if (!MessageDigest.isEqual(signature, sign(token.substring(0, second)))) {
            throw invalid("The bearer token's signature is not valid; it was altered or made with another key.");
        }
        JsonNode claims = decodeJson(token.substring(first + 1, second));
        String subject = text(claims, "sub");
        String jti = text(claims, "jti");
        long iat = number(claims, "iat");
        long exp = number(claims, "exp");
        Set<String> roles = strings(claims, "roles");
        Set<String> namespaces = strings(claims, "ns");
        Instant now = clock.instant();
        if (now.getEpochSecond() >= exp) {
            throw invalid("The bearer token expired at " + Instant.ofEpochSecond(exp) + "; log in again.");
        }
        if (revocations.isRevoked(jti)) {
            throw invalid("The bearer token has been revoked; log in again.");
        }
        OptionalLong cutoff = revocations.revokedBefore(subject);
        if (cutoff.isPresent() && iat <= cutoff.getAsLong()) {
            throw invalid("All tokens of this user issued until " + Instant.ofEpochSecond(cutoff.getAsLong())
                    + " have been revoked; log in again.");
        }
        return new Verified(subject, roles, namespaces, jti, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp));
    }

    /** Revokes one token, e.g. on logout. */
    public void revoke(Verified token) throws IOException {
        revocations.revoke(token.jti(), token.expiresAt().getEpochSecond());
    }

    /**
     * Revokes every token of {@code subject} issued until now. {@code longestLifetime} bounds how long such a token
     * can live, after which the entry is dropped again.
     *
     * @return the instant until which tokens are revoked
     */
    public Instant revokeAll(String subject, Duration longestLifetime) throws IOException {
        long now = clock.instant().getEpochSecond();
        revocations.revokeAll(subject, now, now + longestLifetime.toSeconds() + 1);
        return Instant.ofEpochSecond(now);
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * Decodes one part, accepting only its canonical spelling. Java's decoder ignores the unused low bits of the last
     * character, so without the round trip a token would have several spellings that all verify, and a changed
     * signature character could pass unnoticed.
     */
    private static byte[] decode(String part) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw invalid("The bearer token is malformed.");
        }
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw invalid("The bearer token is malformed.");
        }
        return bytes;
    }

    private static JsonNode decodeJson(String part) {
        try {
            JsonNode node = JSON.readTree(decode(part));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // falls through to the same answer as any other garbage
        }
        throw invalid("The bearer token is malformed.");
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw invalid("The bearer token is malformed: claim '" + name + "' is missing or not a string.");
        }
        return value.textValue();
    }

    private static long number(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid("The bearer token is malformed: claim '" + name + "' is missing or not an integer.");
        }
        return value.longValue();
    }

    private static Set<String> strings(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isArray()) {
            throw invalid("The bearer token is malformed: claim '" + name + "' is missing or not an array.");
        }
        Set<String> out = new TreeSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid("The bearer token is malformed: claim '" + name + "' holds a non-string.");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static DayuanException invalid(String message) {
        return ErrorCode.UNAUTHENTICATED.exception(message);
    }
}
