package org.dayuan.attachments;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The attachment store. Every call acts as {@code caller}, bounded by the attachments bundle's grant: attaching and
 * deleting need the right to write in the owner's namespace, listing and opening the right to read it; a twin the
 * caller cannot see answers as unknown ({@code things:thing.notfound}). Every refusal changes nothing.
 */
@ProviderType
public interface Attachments {
    /** The Thing Model of an attachment twin. */
    String DEFINITION = "dayuan:Attachment:1.0.0";

    /**
     * Stores {@code content} under {@code owner} and answers the new attachment once both its bytes and its twin are
     * durable. {@code contentType} must be one the configuration allows and match the bytes' signature (415
     * {@code attachments:type.unsupported}); the content must not be empty (400 {@code attachments:file.empty}) nor
     * larger than the configured limit (413 {@code attachments:file.toolarge}, read no further than the limit).
     * The stream is read, not closed.
     *
     * @param kind        one of {@link Kind}'s ids ({@code deed}, {@code lease}, ...); null means {@code other}
     * @param description free text, may be null
     */
    Attachment store(Caller caller, TwinId owner, String name, String contentType, String kind, String description,
                     InputStream content);

    /** The attachments of {@code owner}, newest first; 404 when the caller cannot see the owner. */
    List<Attachment> list(Caller caller, TwinId owner);

    /** The attachment {@code id}, or empty when it is unknown, hidden from the caller or not an attachment. */
    Optional<Attachment> get(Caller caller, TwinId id);

    /** The largest file, in bytes, {@link #store} accepts. */
    int maxFileBytes();

    /** The attachment and its bytes; the caller closes the content. 404 when it is unknown or hidden. */
    Content open(Caller caller, TwinId attachment);

    /** Deletes the attachment: its twin, then its bytes. 404 when it is unknown or hidden, 403 without the right. */
    void delete(Caller caller, TwinId attachment);
}
