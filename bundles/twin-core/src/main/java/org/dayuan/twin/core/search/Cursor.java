package org.dayuan.twin.core.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;

/**
 * Where the next page starts, as Ditto's cursors do it: the query that made the page (filter, namespaces, sort) and
 * the sort values of its last item, thingId last. The next page holds the matches that sort after those values
 * (keyset paging), so twins that did not change are neither skipped nor repeated however others change between
 * pages. Carrying the query lets a request give just {@code option=cursor(...)}. Encoded as JSON in base64url
 * (not compressed: the few hundred bytes are not worth a zlib stream per page): opaque to clients, and harmless to
 * forge, since it holds nothing a request could not ask for directly.
 */
record Cursor(String filter, List<String> namespaces, String sort, JsonNode[] after) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Far above any real cursor; a longer one is refused before it is parsed. */
    private static final int MAX_BYTES = 64 * 1024;

    Cursor {
        namespaces = List.copyOf(namespaces);
    }

    String encode() {
        ObjectNode json = JSON.createObjectNode();
        if (filter != null) {
            json.put("f", filter);
        }
        ArrayNode ns = json.putArray("n");
        namespaces.forEach(ns::add);
        json.put("s", sort);
        ArrayNode keys = json.putArray("k");
        for (JsonNode v : after) {
            ArrayNode slot = keys.addArray();
            if (v != null) {
                slot.add(v);
            }
        }
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Reads back what {@link #encode} wrote; anything else is a 400 that explains nothing, as in Ditto. */
    static Cursor decode(String text) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(text);
            if (raw.length > MAX_BYTES) {
                throw invalid();
            }
            JsonNode json = JSON.readTree(raw);
            JsonNode f = json.get("f");
            JsonNode s = json.get("s");
            JsonNode n = json.get("n");
            JsonNode k = json.get("k");
            if (f != null && !f.isTextual() || s == null || !s.isTextual() || n == null || !n.isArray() || k == null
                    || !k.isArray()) {
                throw invalid();
            }
            List<String> namespaces = new ArrayList<>();
            for (JsonNode ns : n) {
                if (!ns.isTextual()) {
                    throw invalid();
                }
                namespaces.add(ns.textValue());
            }
            JsonNode[] after = new JsonNode[k.size()];
            for (int i = 0; i < after.length; i++) {
                JsonNode slot = k.get(i);
                if (!slot.isArray() || slot.size() > 1) {
                    throw invalid();
                }
                after[i] = slot.size() == 1 ? slot.get(0) : null;
            }
            return new Cursor(f == null ? null : f.textValue(), namespaces, s.textValue(), after);
        } catch (DayuanException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw invalid();
        }
    }

    static DayuanException invalid() {
        return invalid("Use the cursor of the previous result unchanged, with the same filter, namespaces and sort.");
    }

    static DayuanException invalid(String why) {
        return ErrorCode.SEARCH_OPTION_INVALID.exception("The option 'cursor' is not valid for the search request.",
                why);
    }
}
