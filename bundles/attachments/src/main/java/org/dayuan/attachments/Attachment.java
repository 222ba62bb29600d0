package org.dayuan.attachments;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * The one reading of an attachment twin ({@value Attachments#DEFINITION}): the file's name, media type, size and
 * SHA-256 as stored, its kind, and who uploaded it when. Lines read attachments through this, never the twin's JSON.
 */
public record Attachment(TwinId id, TwinId owner, String name, String contentType, long size, String sha256,
                         Kind kind, String description, String uploadedBy, Instant uploadedAt) {
    public static final String NAME = "name";
    public static final String CONTENT_TYPE = "contentType";
    public static final String SIZE = "size";
    public static final String SHA256 = "sha256";
    public static final String KIND = "kind";
    public static final String DESCRIPTION = "description";
    public static final String UPLOADED_BY = "uploadedBy";
    public static final String UPLOADED_AT = "uploadedAt";

    /**
     * The attachment {@code twin} is, or empty when it is not an attachment twin, or one written around the store
     * without an owner or an upload time (possible only while the model was not installed).
     */
    public static Optional<Attachment> of(Twin twin) {
        if (!twin.definition().filter(Attachments.DEFINITION::equals).isPresent()) {
            return Optional.empty();
        }
        JsonNode a = twin.toJson().path(Twin.ATTRIBUTES);
        if (!a.path(Twin.PARENT).isTextual() || !a.path(UPLOADED_AT).isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(twin, a));
        } catch (DayuanException | DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static Attachment read(Twin twin, JsonNode a) {
        return new Attachment(twin.id(), TwinId.of(a.path(Twin.PARENT).asText()), a.path(NAME).asText(),
                a.path(CONTENT_TYPE).asText(), a.path(SIZE).asLong(), a.path(SHA256).asText(),
                Kind.of(a.path(KIND).asText()).orElse(Kind.OTHER),
                a.hasNonNull(DESCRIPTION) ? a.path(DESCRIPTION).asText() : null, a.path(UPLOADED_BY).asText(),
                Instant.parse(a.path(UPLOADED_AT).asText()));
    }

    /** The twin's attributes; {@code description} only when there is one. */
    public ObjectNode attributes() {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put(Twin.PARENT, owner.toString());
        a.put(NAME, name);
        a.put(CONTENT_TYPE, contentType);
        a.put(SIZE, size);
        a.put(SHA256, sha256);
        a.put(KIND, kind.id());
        if (description != null) {
            a.put(DESCRIPTION, description);
        }
        a.put(UPLOADED_BY, uploadedBy);
        a.put(UPLOADED_AT, uploadedAt.toString());
        return a;
    }

    /** The attachment as the API answers it: its id, the attributes, and the kind's label. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put(Twin.THING_ID, id.toString());
        json.setAll(attributes());
        json.put("kindLabel", kind.label());
        return json;
    }
}
