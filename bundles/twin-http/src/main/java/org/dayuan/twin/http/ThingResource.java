package org.dayuan.twin.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * A request path below {@code /api/2/things}, mapped onto the Thing JSON: the collection, one thing, one of
 * Ditto's sub-resources of it (as a JSON pointer), or Dayuan's {@code children} view.
 */
record ThingResource(Kind kind, TwinId id, JsonPointer path) {

    enum Kind { COLLECTION, THING, CHILDREN, DESCENDANTS }

    /** @param rawPath the still percent-encoded path after {@code /api/2/things}, e.g. {@code /cz.wujin:a/attributes} */
    static ThingResource parse(String rawPath) {
        List<String> segs = new ArrayList<>();
        if (rawPath != null) {
            for (String s : rawPath.split("/")) {
                if (!s.isEmpty()) {
                    segs.add(decode(s));
                }
            }
        }
        if (segs.isEmpty()) {
            return new ThingResource(Kind.COLLECTION, null, JsonPointer.empty());
        }
        TwinId id = TwinId.of(segs.get(0));
        List<String> rest = segs.subList(1, segs.size());
        if (rest.size() == 1 && rest.get(0).equals("children")) {
            return new ThingResource(Kind.CHILDREN, id, JsonPointer.empty());
        }
        if (rest.size() == 1 && rest.get(0).equals("descendants")) {
            return new ThingResource(Kind.DESCENDANTS, id, JsonPointer.empty());
        }
        if (!isDittoResource(rest)) {
            throw ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '/" + String.join("/", rest)
                    + "' of a Thing does not exist.", "Thing resources are policyId, definition, attributes[/path],"
                    + " features[/id[/definition|properties[/path]|desiredProperties[/path]]], children and descendants.");
        }
        return new ThingResource(Kind.THING, id, rest.isEmpty() ? JsonPointer.empty()
                : JsonPointer.of(rest.toArray(String[]::new)));
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.PARAMETER_INVALID.exception("The path segment <" + segment
                    + "> has a malformed percent-escape.");
        }
    }

    private static boolean isDittoResource(List<String> p) {
        if (p.isEmpty()) {
            return true;
        }
        return switch (p.get(0)) {
            case Twin.POLICY_ID, Twin.DEFINITION -> p.size() == 1;
            case Twin.ATTRIBUTES -> true;
            case Twin.FEATURES -> p.size() <= 2 || switch (p.get(2)) {
                case Twin.DEFINITION -> p.size() == 3;
                case Twin.PROPERTIES, Twin.DESIRED_PROPERTIES -> true;
                default -> false;
            };
            default -> false;
        };
    }
}
