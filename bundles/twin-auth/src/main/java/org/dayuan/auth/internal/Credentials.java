package org.dayuan.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * What an {@code Authorization} header carries. Whatever a client sends, parsing ends in credentials or in a 401
 * {@link DayuanException}: a malformed header is a failed authentication, never a server error.
 */
public sealed interface Credentials {
    /** Far above any real header (Jetty refuses 8 KB of headers in all), low enough to bound the decoding work. */
    int MAX_HEADER_LENGTH = 8192;

    /** User name and password from HTTP Basic (RFC 7617, UTF-8). */
    record Basic(String user, String password) implements Credentials {
        @Override
        public String toString() {
            return "Basic[" + Names.forLog(user) + "]";
        }
    }

    /** A bearer token (RFC 6750), not yet verified. */
    record Bearer(String token) implements Credentials {
        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }

    /** Parses the value of an {@code Authorization} header. */
    static Credentials parse(String header) {
        if (header == null || header.isBlank()) {
            throw unauthenticated("The request carries no credentials.");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw unauthenticated("The Authorization header is longer than " + MAX_HEADER_LENGTH + " characters.");
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic":
                return basic(rest);
            case "bearer":
                if (rest.isEmpty() || !Tokens.looksLikeToken(rest)) {
                    throw unauthenticated("The bearer token is malformed.");
                }
                return new Bearer(rest);
            default:
                throw unauthenticated("The Authorization scheme '" + Names.forLog(scheme)
                        + "' is not supported; use Basic or Bearer.");
        }
    }

    private static Basic basic(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed("they are not Base64");
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("they are not UTF-8");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw malformed("there is no ':' between user name and password");
        }
        String user = decoded.substring(0, colon);
        if (!Names.isPlausibleUser(user)) {
            throw malformed("the user name is empty, too long or has control characters");
        }
        return new Basic(user, decoded.substring(colon + 1));
    }

    private static DayuanException malformed(String why) {
        return unauthenticated("The Basic credentials are malformed: " + why + ".");
    }

    private static DayuanException unauthenticated(String message) {
        return ErrorCode.UNAUTHENTICATED.exception(message);
    }
}
