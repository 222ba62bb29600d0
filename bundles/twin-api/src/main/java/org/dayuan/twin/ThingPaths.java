package org.dayuan.twin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a JSON pointer into a Thing names, in Ditto's terms: which "not found" error a missing resource gets and
 * which ETag a resource carries.
 */
public final class ThingPaths {
    private ThingPaths() {
    }

    /** Ditto's "not found" error for the resource at {@code path} of twin {@code id}. */
    public static DayuanException notFound(TwinId id, JsonPointer path) {
        int n = path.size();
        if (n == 0) {
            return ErrorCode.THING_NOT_FOUND.exception("The Thing with ID '" + id
                    + "' could not be found or requester had insufficient permissions to access it.");
        }
        String top = path.get(0);
        ErrorCode code;
        String what;
        switch (top) {
            case Twin.POLICY_ID -> { code = ErrorCode.POLICY_ID_NOT_FOUND; what = "The policyId"; }
            case Twin.DEFINITION -> { code = ErrorCode.DEFINITION_NOT_FOUND; what = "The definition"; }
            case Twin.ATTRIBUTES -> {
                code = n == 1 ? ErrorCode.ATTRIBUTES_NOT_FOUND : ErrorCode.ATTRIBUTE_NOT_FOUND;
                what = n == 1 ? "The attributes" : "The attribute with key '" + path.dropFirst(1) + "'";
            }
            case Twin.FEATURES -> {
                if (n == 1) {
                    code = ErrorCode.FEATURES_NOT_FOUND;
                    what = "The features";
                } else if (n == 2) {
                    code = ErrorCode.FEATURE_NOT_FOUND;
                    what = "The feature with ID '" + path.get(1) + "'";
                } else {
                    String part = path.get(2);
                    boolean desired = Twin.DESIRED_PROPERTIES.equals(part);
                    String f = "feature '" + path.get(1) + "'";
                    if (Twin.DEFINITION.equals(part)) {
                        code = ErrorCode.FEATURE_DEFINITION_NOT_FOUND;
                        what = "The definition of " + f;
                    } else if (n == 3) {
                        code = desired ? ErrorCode.FEATURE_DESIRED_PROPERTIES_NOT_FOUND
                                : ErrorCode.FEATURE_PROPERTIES_NOT_FOUND;
                        what = "The " + (desired ? "desired properties" : "properties") + " of " + f;
                    } else {
                        code = desired ? ErrorCode.FEATURE_DESIRED_PROPERTY_NOT_FOUND
                                : ErrorCode.FEATURE_PROPERTY_NOT_FOUND;
                        what = "The " + (desired ? "desired property" : "property") + " '" + path.dropFirst(3)
                                + "' of " + f;
                    }
                }
            }
            default -> { code = ErrorCode.RESOURCE_NOT_FOUND; what = "The resource '" + path + "'"; }
        }
        return code.exception(what + " of the Thing with ID '" + id
                + "' does not exist or the requester had insufficient permissions to access it.");
    }

    /**
     * The ETag Ditto gives the resource at {@code path}: the revision for the thing, a content hash below it. The
     * hash is 64 bits of SHA-256 over the serialized value, so a changed value practically always changes it.
     */
    public static String etag(Twin twin, JsonPointer path, JsonNode value) {
        if (path.isEmpty()) {
            return twin.etag();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
            return "\"hash:" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
