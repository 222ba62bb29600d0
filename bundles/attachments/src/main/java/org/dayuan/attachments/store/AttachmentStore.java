package org.dayuan.attachments.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.attachments.Attachment;
import org.dayuan.attachments.AttachmentErrors;
import org.dayuan.attachments.Attachments;
import org.dayuan.attachments.Content;
import org.dayuan.attachments.Kind;
import org.dayuan.twin.Caller;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.spi.BackupArchive;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachment store: bytes in the twin store's database, the attachment itself a twin under its owner. The order
 * of the writes keeps the two consistent through a crash: the bytes are committed before the twin is created (a twin
 * never names missing bytes), a refused create removes the bytes again, a delete removes the twin before the bytes,
 * bytes a crash left without a twin are swept when the store starts, and the bytes of an attachment twin deleted
 * around the store (with its owner) are removed as the deletion is announced.
 */
@Component(service = Attachments.class, configurationPid = AttachmentsConfig.PID)
@Designate(ocd = AttachmentsConfig.class)
public final class AttachmentStore implements Attachments {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentStore.class);
    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TwinRegistry registry;
    private final ContentTable contents;
    private final FileTypes types;
    private final int maxFileBytes;
    private final Clock clock;
    private Subscription deletionFollower;
    private ExecutorService cleanupThread;

    @Activate
    public AttachmentStore(@Reference TwinRegistry registry, @Reference TwinSubscriptions subscriptions,
                           @Reference(target = "(dayuan.store=journal)") DataSource db, AttachmentsConfig config) {
        this(registry, db, config, Clock.systemUTC());
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dayuan-attachments-cleanup");
            t.setDaemon(true);
            return t;
        });
        cleanupThread = thread;
        int swept;
        try {
            followDeletions(subscriptions, thread);
            swept = sweep();
        } catch (RuntimeException e) {
            deactivate();
            throw e;
        }
        LOG.info("Attachment store on {}: files up to {} bytes of {} media types; {} content rows without a twin"
                + " removed", db, maxFileBytes, types.accepted().size(), swept);
    }

    /**
     * Removes the bytes of every attachment twin deleted other than through {@link #delete} (its owner deleted with
     * its children, a delete over the twin API), on {@code executor}: the registry's event thread must not wait for
     * the database. Subscribed before the sweep, so no deletion falls between the two.
     */
    void followDeletions(TwinSubscriptions subscriptions, Executor executor) {
        EventSelection deletions = new EventSelection(Set.of(), Set.of(), Set.of(TwinEvent.Type.DELETED),
                Optional.of(twin -> twin.definition().filter(DEFINITION::equals).isPresent()));
        deletionFollower = subscriptions.subscribe(registry.identity(), deletions, -1, new SubscriptionListener() {
            @Override
            public void onEvent(TwinEvent event, Optional<Twin> after) {
                if (event.deletesTwin()) {
                    executor.execute(() -> removeQuietly(event.thingId()));
                }
            }

            @Override
            public void reset(String reason) {
                // live only: nothing is replayed, so nothing can be missed here; the sweep at start covers crashes
            }
        });
    }

    private void removeQuietly(TwinId id) {
        try {
            contents.delete(id.toString());
        } catch (RuntimeException e) {
            LOG.warn("The content of deleted attachment {} stays until the next start: {}", id, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (deletionFollower != null) {
            deletionFollower.close();
        }
        if (cleanupThread != null) {
            cleanupThread.shutdown();
        }
    }

    AttachmentStore(TwinRegistry registry, DataSource db, AttachmentsConfig config, Clock clock) {
        this(registry, db, config, clock, BackupArchive.restoreFile());
    }

    /** Loading the backup at {@code restoreFile} into an empty store when there is one; for tests. */
    AttachmentStore(TwinRegistry registry, DataSource db, AttachmentsConfig config, Clock clock, Path restoreFile) {
        if (config.maxFileBytes() < 1) {
            throw new IllegalArgumentException(AttachmentsConfig.PID + " maxFileBytes: " + config.maxFileBytes()
                    + " is not a size; use a number of bytes of at least 1.");
        }
        this.registry = registry;
        this.contents = new ContentTable(db);
        this.types = new FileTypes(config.contentTypes());
        this.maxFileBytes = config.maxFileBytes();
        this.clock = clock;
        contents.create();
        AttachmentBackup.restoreIfPresent(db, restoreFile);
    }

    @Override
    public int maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public Attachment store(Caller caller, TwinId owner, String name, String contentType, String kind,
                            String description, InputStream content) {
        requireOwner(caller, owner);
        TwinId id = TwinId.of(owner.namespace(), "att-" + HexFormat.of().formatHex(randomBytes()));
        // Refuse a caller who may not attach before reading a byte: the registry would refuse the twin anyway.
        caller.within(registry.identity()).checkWrite(id, JsonPointer.empty());
        String fileName = requireName(name);
        Kind k = kind == null || kind.isBlank() ? Kind.OTHER : Kind.of(kind).orElseThrow(() ->
                ErrorCode.PARAMETER_INVALID.exception("The kind <" + kind + "> is unknown; use one of "
                        + List.of(Kind.values()).stream().map(Kind::id).toList() + "."));
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ErrorCode.PARAMETER_INVALID.exception("The description has " + description.length()
                    + " characters; at most " + MAX_DESCRIPTION + " are kept.");
        }
        String type = types.requireAccepted(contentType);
        byte[] head = readHead(content);
        if (head.length == 0) {
            throw AttachmentErrors.EMPTY.exception("The file " + fileName + " is empty.");
        }
        types.requireSignature(type, head);

        ContentTable.Stored stored = contents.write(id.toString(), new CappedDigest(head, content, maxFileBytes));
        Attachment attachment = new Attachment(id, owner, fileName, type, stored.size(), stored.sha256(), k,
                description == null || description.isBlank() ? null : description.strip(), caller.subject(),
                clock.instant());
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.DEFINITION, DEFINITION);
        thing.set(Twin.ATTRIBUTES, attachment.attributes());
        try {
            registry.create(caller, id, thing);
        } catch (RuntimeException refused) {
            contents.delete(id.toString());
            throw refused;
        }
        return attachment;
    }

    @Override
    public List<Attachment> list(Caller caller, TwinId owner) {
        requireOwner(caller, owner);
        return registry.getAll(caller, registry.children(caller, owner)).stream()
                .map(Attachment::of).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Attachment::uploadedAt).reversed().thenComparing(Attachment::id))
                .toList();
    }

    @Override
    public Content open(Caller caller, TwinId id) {
        Attachment a = find(caller, id);
        // An attachment twin written around the store (over the twin API) may have no bytes, or other figures.
        ContentTable.Read read = contents.read(id.toString()).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND
                .exception("The attachment " + id + " has no content in the attachment store; it was not stored"
                        + " through it."));
        // Size and digest are the bytes' own, as the write measured them, whatever the twin says now.
        return new Content(new Attachment(a.id(), a.owner(), a.name(), a.contentType(), read.stored().size(),
                read.stored().sha256(), a.kind(), a.description(), a.uploadedBy(), a.uploadedAt()), read.bytes());
    }

    @Override
    public void delete(Caller caller, TwinId id) {
        find(caller, id);
        registry.delete(caller, id, JsonPointer.empty(), (twin, value) -> {
            if (twin.flatMap(Attachment::of).isEmpty()) {
                throw notFound(id);
            }
        }, false);
        contents.delete(id.toString());
    }

    /**
     * Removes bytes whose twin does not exist: a crash between storing the bytes and creating the twin, or between
     * deleting the twin and its bytes, or an owner deleted with its children. Only rows in namespaces the bundle's
     * grant covers are judged, so a narrowed grant never makes files look orphaned.
     */
    int sweep() {
        Caller self = registry.identity();
        int removed = 0;
        for (String id : contents.ids()) {
            TwinId twin = TwinId.of(id);
            if (self.sees(twin) && registry.get(self, twin).flatMap(Attachment::of).isEmpty()) {
                contents.delete(id);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public Optional<Attachment> get(Caller caller, TwinId id) {
        return registry.get(caller, id).flatMap(Attachment::of);
    }

    private Attachment find(Caller caller, TwinId id) {
        return get(caller, id).orElseThrow(() -> notFound(id));
    }

    private static RuntimeException notFound(TwinId id) {
        return ErrorCode.THING_NOT_FOUND.exception("There is no attachment " + id + ".");
    }

    private void requireOwner(Caller caller, TwinId owner) {
        if (registry.get(caller, owner).isEmpty()) {
            throw ErrorCode.THING_NOT_FOUND.exception("There is no twin " + owner + " to hold attachments.");
        }
    }

    private static String requireName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == '/'
                || c == '\\')) {
            throw ErrorCode.PARAMETER_INVALID.exception("The file name <" + (n.length() > 300 ? n.substring(0, 300)
                    : n) + "> is not usable: give 1 to " + MAX_NAME + " characters, without / \\ or control"
                    + " characters.");
        }
        return n;
    }

    private static byte[] readHead(InputStream content) {
        try {
            return content.readNBytes(FileTypes.HEAD);
        } catch (IOException e) {
            throw new UncheckedIOException("The upload could not be read", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
