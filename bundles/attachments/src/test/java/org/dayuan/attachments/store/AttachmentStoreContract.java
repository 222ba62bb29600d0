package org.dayuan.attachments.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.attachments.Attachment;
import org.dayuan.attachments.AttachmentErrors;
import org.dayuan.attachments.Attachments;
import org.dayuan.attachments.Content;
import org.dayuan.attachments.Kind;
import org.dayuan.testing.Configs;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.junit.jupiter.api.Test;

/**
 * The store over a real database and a real registry in memory, through the view the attachments bundle gets under
 * its shipped grant: what is acknowledged reads back byte for byte, every refusal leaves neither bytes nor twin.
 */
abstract class AttachmentStoreContract extends StoreFixture {
    AttachmentStoreContract() throws Exception {
    }

    @Test
    void aFileReadsBackByteForByteAndIsListedAndDeleted() throws Exception {
        AttachmentStore store = store(Map.of());
        byte[] pdf = Files.pdf(300_000);
        Attachment a = store.store(MANAGER, ROOM, "产权证 0305.pdf", "application/pdf", "deed", "不动产权证书",
                new ByteArrayInputStream(pdf));
        assertEquals("cz.wujin", a.id().namespace());
        assertTrue(a.id().name().startsWith("att-"), a.id().toString());
        assertEquals(ROOM, a.owner());
        assertEquals(pdf.length, a.size());
        assertEquals(sha256(pdf), a.sha256());
        assertEquals(Kind.DEED, a.kind());
        assertEquals("wujin-manager", a.uploadedBy());
        assertEquals(NOW, a.uploadedAt());
        assertArrayEquals(pdf, read(store, VIEWER, a.id()));

        // the twin is the attachment, child of the room, as every other reader of the registry sees it
        Attachment twin = Attachment.of(twins.registry().get(FakeAdmin.ADMIN, a.id()).orElseThrow()).orElseThrow();
        assertEquals(a, twin);
        assertEquals(List.of(a.id()), twins.registry().children(FakeAdmin.ADMIN, ROOM));

        byte[] png = Files.png(1000);
        Attachment photo = store.store(MANAGER, ROOM, "现场.png", "image/png", null, null,
                new ByteArrayInputStream(png));
        assertEquals(Kind.OTHER, photo.kind());
        assertNull(photo.description());
        assertEquals(Set.of(a, photo), Set.copyOf(store.list(VIEWER, ROOM)));
        assertEquals(2, rows());

        // another county sees neither the room nor its files
        assertEquals(ErrorCode.THING_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.list(OTHER_COUNTY, ROOM)).errorCode());
        assertEquals(ErrorCode.THING_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.open(OTHER_COUNTY, a.id())).errorCode());
        // a viewer may read but not delete
        assertEquals(ErrorCode.THING_NOT_MODIFIABLE, assertThrows(DayuanException.class,
                () -> store.delete(VIEWER, a.id())).errorCode());

        store.delete(MANAGER, a.id());
        assertEquals(List.of(photo), store.list(VIEWER, ROOM));
        assertEquals(1, rows());
        assertEquals(ErrorCode.THING_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.open(MANAGER, a.id())).errorCode());
        assertEquals(ErrorCode.THING_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.delete(MANAGER, a.id())).errorCode());
        // a twin that is not an attachment is not deleted through the store
        assertEquals(ErrorCode.THING_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.delete(MANAGER, ROOM)).errorCode());
        assertTrue(twins.registry().get(FakeAdmin.ADMIN, ROOM).isPresent());
    }

    @Test
    void aFileAtTheLimitIsStoredAndOneByteMoreIsRefusedUnreadChangingNothing() throws Exception {
        AttachmentStore store = store(Map.of("maxFileBytes", 4096));
        byte[] exact = Files.jpeg(4096);
        Attachment a = store.store(MANAGER, ROOM, "a.jpg", "image/jpeg", "photo", null,
                new ByteArrayInputStream(exact));
        assertArrayEquals(exact, read(store, MANAGER, a.id()));
        int before = twinCount();

        byte[] tooLarge = Files.jpeg(1_000_000);
        ByteArrayInputStream in = new ByteArrayInputStream(tooLarge);
        DayuanException e = assertThrows(DayuanException.class, () -> store.store(MANAGER, ROOM, "b.jpg",
                "image/jpeg", "photo", null, in));
        assertEquals(AttachmentErrors.TOO_LARGE, e.errorCode());
        assertEquals(413, e.status());
        assertTrue(tooLarge.length - in.available() <= 4096 + 8192 + 1,
                "read no further than the limit (a buffer's worth): " + (tooLarge.length - in.available()));
        assertEquals(before, twinCount());
        assertEquals(1, rows());
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        AttachmentStore store = store(Map.of());
        byte[] pdf = Files.pdf(2000);
        record Case(Caller caller, TwinId owner, String name, String type, String kind, byte[] bytes, ErrorCode code) {
        }
        List<Case> cases = List.of(
                new Case(VIEWER, ROOM, "a.pdf", "application/pdf", "deed", pdf, ErrorCode.THING_NOT_MODIFIABLE),
                new Case(OTHER_COUNTY, ROOM, "a.pdf", "application/pdf", "deed", pdf, ErrorCode.THING_NOT_FOUND),
                new Case(MANAGER, TwinId.of("cz.wujin:no-such-room"), "a.pdf", "application/pdf", "deed", pdf,
                        ErrorCode.THING_NOT_FOUND),
                new Case(MANAGER, ROOM, "a.pdf", "application/pdf", "deed", new byte[0], AttachmentErrors.EMPTY),
                new Case(MANAGER, ROOM, "a.pdf", "image/png", "deed", pdf, AttachmentErrors.TYPE_UNSUPPORTED),
                new Case(MANAGER, ROOM, "a.html", "text/html", "deed", pdf, AttachmentErrors.TYPE_UNSUPPORTED),
                new Case(MANAGER, ROOM, "a.pdf", "application/pdf", "invoice", pdf, ErrorCode.PARAMETER_INVALID),
                new Case(MANAGER, ROOM, "../a.pdf", "application/pdf", "deed", pdf, ErrorCode.PARAMETER_INVALID),
                new Case(MANAGER, ROOM, " ", "application/pdf", "deed", pdf, ErrorCode.PARAMETER_INVALID));
        for (Case c : cases) {
            DayuanException e = assertThrows(DayuanException.class, () -> store.store(c.caller(), c.owner(),
                    c.name(), c.type(), c.kind(), null, new ByteArrayInputStream(c.bytes())), c.toString());
            assertEquals(c.code(), e.errorCode(), c + ": " + e.getMessage());
        }
        assertEquals(1, twinCount());
        assertEquals(0, rows());
    }

    @Test
    void theBytesNotTheTwinSayWhatIsServed() throws Exception {
        AttachmentStore store = store(Map.of());
        byte[] png = Files.png(5000);
        Attachment a = store.store(MANAGER, ROOM, "a.png", "image/png", "photo", null, new ByteArrayInputStream(png));
        // the twin changed over the twin API: its figures are not what the download is served with
        twins.registry().merge(FakeAdmin.ADMIN, a.id(), org.dayuan.twin.JsonPointer.parse("/attributes/size"),
                JSON.valueToTree(1), org.dayuan.twin.WriteCondition.NONE);
        try (Content c = store.open(VIEWER, a.id())) {
            assertEquals(png.length, c.attachment().size());
            assertEquals(sha256(png), c.attachment().sha256());
        }
        // an attachment twin written around the store has nothing to download
        ObjectNode forged = (ObjectNode) JSON.readTree("{\"definition\":\"" + Attachments.DEFINITION + "\"}");
        forged.set("attributes", a.attributes());
        TwinId id = TwinId.of("cz.wujin:att-forged");
        twins.registry().create(FakeAdmin.ADMIN, id, forged);
        assertEquals(ErrorCode.RESOURCE_NOT_FOUND, assertThrows(DayuanException.class,
                () -> store.open(VIEWER, id)).errorCode());
    }

    @Test
    void anOwnerDeletedWithItsChildrenTakesTheirBytesWithIt() throws Exception {
        AttachmentStore store = store(Map.of());
        store.followDeletions(twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*")).subscriptions(),
                Runnable::run);
        Attachment a = store.store(MANAGER, ROOM, "a.pdf", "application/pdf", "deed", null,
                new ByteArrayInputStream(Files.pdf(3000)));
        twins.registry().create(FakeAdmin.ADMIN, TwinId.of("cz.wujin:other"), (ObjectNode) JSON.readTree(
                "{\"attributes\":{\"name\":\"not an attachment\"}}"));
        twins.registry().delete(FakeAdmin.ADMIN, TwinId.of("cz.wujin:other"), org.dayuan.twin.JsonPointer.empty(),
                org.dayuan.twin.WriteCondition.NONE, false);
        assertEquals(1, rows());
        twins.registry().delete(FakeAdmin.ADMIN, ROOM, org.dayuan.twin.JsonPointer.empty(),
                org.dayuan.twin.WriteCondition.NONE, true);
        assertTrue(twins.registry().get(FakeAdmin.ADMIN, a.id()).isEmpty());
        assertEquals(0, rows());
        store.deactivate();
    }

    @Test
    void aTwinTheRegistryRefusesTakesItsBytesWithIt() throws Exception {
        store(Map.of());
        TwinRegistry refusing = (TwinRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TwinRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("create")) {
                        throw ErrorCode.STORE_UNAVAILABLE.exception("the journal is down");
                    }
                    try {
                        return method.invoke(view, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AttachmentStore store = new AttachmentStore(refusing, db, Configs.of(AttachmentsConfig.class, Map.of()),
                Clock.systemUTC());
        DayuanException e = assertThrows(DayuanException.class, () -> store.store(MANAGER, ROOM, "a.pdf",
                "application/pdf", "deed", null, new ByteArrayInputStream(Files.pdf(5000))));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertEquals(0, rows());
        assertEquals(1, twinCount());
    }

    @Test
    void aStoreStartedAgainReadsWhatWasStoredAndSweepsBytesWithoutATwin() throws Exception {
        AttachmentStore first = store(Map.of());
        byte[] png = Files.png(70_000);
        Attachment kept = first.store(MANAGER, ROOM, "平面图.png", "image/png", "drawing", null,
                new ByteArrayInputStream(png));
        // what a crash between storing bytes and creating the twin leaves behind
        new ContentTable(db).write("cz.wujin:att-orphan", new CappedDigest(new byte[0],
                new ByteArrayInputStream(Files.pdf(100)), 1000));
        // bytes outside the bundle's grant are never judged orphans
        AttachmentStore narrow = new AttachmentStore(twins.of(BSN, InMemoryTwins.grants("bundle." + BSN,
                "integrator, ns:cz.xinbei")).registry(), db, Configs.of(AttachmentsConfig.class, Map.of()),
                Clock.systemUTC());
        assertEquals(0, narrow.sweep());
        assertEquals(2, rows());

        AttachmentStore second = store(Map.of());
        assertEquals(1, second.sweep());
        assertEquals(1, rows());
        assertArrayEquals(png, read(second, VIEWER, kept.id()));
        assertEquals(sha256(png), sha256(read(second, VIEWER, kept.id())));
        assertFalse(second.list(VIEWER, ROOM).isEmpty());
    }
}
