package org.dayuan.twin.http;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.ThingPaths;
import org.dayuan.twin.Twin;
import org.dayuan.twin.WriteCondition;

/**
 * RFC 7232 conditional requests as Ditto does them: {@code If-Match} and {@code If-None-Match} against the
 * resource's ETag ({@code "rev:N"} for a thing, {@code "hash:..."} below it); {@code *} tests existence. A failed
 * write precondition is 412, a matching {@code If-None-Match} on a read is 304.
 */
record Preconditions(String ifMatch, String ifNoneMatch) {

    boolean isEmpty() {
        return ifMatch == null && ifNoneMatch == null;
    }

    /** The check a write runs inside the registry lock, against the resource at {@code path}. */
    WriteCondition forWrite(JsonPointer path) {
        if (isEmpty()) {
            return WriteCondition.NONE;
        }
        return (twin, value) -> {
            String etag = etag(twin, path, value);
            if (ifMatch != null && !matches(ifMatch, etag)) {
                throw failed("If-Match", ifMatch, etag);
            }
            if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
                throw failed("If-None-Match", ifNoneMatch, etag);
            }
        };
    }

    /** For a read of an existing resource with {@code etag}: 412 on a failed If-Match; true when 304 is due. */
    boolean notModified(String etag) {
        if (ifMatch != null && !matches(ifMatch, etag)) {
            throw failed("If-Match", ifMatch, etag);
        }
        return ifNoneMatch != null && matches(ifNoneMatch, etag);
    }

    private static String etag(Optional<Twin> twin, JsonPointer path, Optional<JsonNode> value) {
        if (twin.isEmpty() || value.isEmpty() && !path.isEmpty()) {
            return null;
        }
        return ThingPaths.etag(twin.get(), path, value.orElse(null));
    }

    /** Whether the header matches the current ETag; {@code null} means the resource does not exist. */
    static boolean matches(String header, String etag) {
        if (etag == null) {
            return false;
        }
        if (header.trim().equals("*")) {
            return true;
        }
        return Arrays.stream(header.split(",")).map(String::trim).map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals(etag));
    }

    private static RuntimeException failed(String header, String value, String etag) {
        return ErrorCode.PRECONDITION_FAILED.exception("The comparison of precondition header '" + header.toLowerCase()
                + "' for the requested Thing resource evaluated to false. Header value: '" + value
                + "', actual entity-tag: '" + (etag == null ? "(none)" : etag) + "'.");
    }
}
