package org.dayuan.auth.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tokens that must no longer be accepted although their signature and expiry are fine: single tokens (logout) and
 * everything a user was issued before some instant (an administrator's revoke). Kept in a small JSON file so a
 * restart does not bring revoked tokens back; an entry is dropped once no token it covers can still be valid.
 *
 * <p>Lookups are lock-free, since one happens on every request with a token; changes are rare and serialised.
 * A file that cannot be read stops the start instead of being ignored: forgetting revocations would silently
 * re-admit tokens.
 */
public final class RevocationList {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final Clock clock;
    /** jti → exp (epoch seconds). */
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    /** subject → revoked before (epoch seconds) and until when that matters. */
    private final Map<String, Cutoff> subjects = new ConcurrentHashMap<>();

    private record Cutoff(long before, long until) {
    }

    private RevocationList(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The list kept in {@code file}, which need not exist yet. */
    public static RevocationList open(Path file, Clock clock) throws IOException {
        RevocationList list = new RevocationList(file, clock);
        if (Files.exists(file)) {
            list.read();
        }
        return list;
    }

    public boolean isRevoked(String jti) {
        return tokens.containsKey(jti);
    }

    /** The instant (epoch seconds) before and at which all tokens of {@code subject} are revoked, if any. */
    public OptionalLong revokedBefore(String subject) {
        Cutoff cutoff = subjects.get(subject);
        return cutoff == null ? OptionalLong.empty() : OptionalLong.of(cutoff.before);
    }

    /** Revokes token {@code jti}, which expires at {@code exp} (epoch seconds). */
    public synchronized void revoke(String jti, long exp) throws IOException {
        tokens.put(jti, exp);
        save();
    }

    /**
     * Revokes every token of {@code subject} issued at or before {@code before}; {@code until} is when the last of
     * them expires at the latest (epoch seconds).
     */
    public synchronized void revokeAll(String subject, long before, long until) throws IOException {
        subjects.merge(subject, new Cutoff(before, until),
                (a, b) -> new Cutoff(Math.max(a.before, b.before), Math.max(a.until, b.until)));
        save();
    }

    int size() {
        return tokens.size() + subjects.size();
    }

    private void prune() {
        long now = clock.instant().getEpochSecond();
        tokens.values().removeIf(exp -> exp <= now);
        subjects.values().removeIf(cutoff -> cutoff.until <= now);
    }

    private void read() throws IOException {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            for (JsonNode t : root.path("tokens")) {
                tokens.put(text(t, "jti"), number(t, "exp"));
            }
            for (JsonNode s : root.path("subjects")) {
                subjects.put(text(s, "sub"), new Cutoff(number(s, "before"), number(s, "until")));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException("The token revocation list " + file + " is damaged (" + e.getMessage()
                    + "); repair or remove it, knowing that removing it re-admits revoked tokens until they expire",
                    e);
        }
        prune();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string in " + node);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer in " + node);
        }
        return value.asLong();
    }

    private void save() throws IOException {
        prune();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode t = root.putArray("tokens");
        tokens.forEach((jti, exp) -> t.addObject().put("jti", jti).put("exp", exp));
        ArrayNode s = root.putArray("subjects");
        subjects.forEach((sub, c) -> s.addObject().put("sub", sub).put("before", c.before).put("until", c.until));
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
