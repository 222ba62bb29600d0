package org.dayuan.attachments.store;

import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.attachments.Attachments;
import org.dayuan.attachments.Content;
import org.dayuan.testing.Configs;
import org.dayuan.testing.InMemoryTwins;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.junit.jupiter.api.AfterEach;

/**
 * A registry in memory holding room {@link #ROOM}, the view the attachments bundle gets of it under its shipped grant,
 * and a real database for the bytes.
 */
abstract class StoreFixture {
    static final String BSN = "org.dayuan.attachments";
    static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    static final TwinId ROOM = TwinId.of("cz.wujin:room-a-0305");
    static final Caller MANAGER = new Caller("wujin-manager", Set.of(Caller.ROLE_MANAGER), Set.of("cz.wujin"), "test");
    static final Caller VIEWER = new Caller("wujin-viewer", Set.of(Caller.ROLE_VIEWER), Set.of("cz.wujin"), "test");
    static final Caller OTHER_COUNTY = new Caller("xinbei-manager", Set.of(Caller.ROLE_MANAGER), Set.of("cz.xinbei"),
            "test");
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryTwins twins = new InMemoryTwins();
    final TwinRegistry view = twins.of(BSN, InMemoryTwins.grants("bundle." + BSN, "integrator, ns:*, name:attachments"))
            .registry();
    DataSource db;

    /** A fresh, empty database. */
    abstract DataSource database() throws Exception;

    /** Removes it again. */
    void dropDatabase() throws Exception {
    }

    StoreFixture() throws Exception {
        twins.registry().create(FakeAdmin.ADMIN, ROOM, (ObjectNode) JSON.readTree(
                "{\"definition\":\"dayuan:Room:1.0.0\",\"attributes\":{\"name\":\"0305\"}}"));
    }

    @AfterEach
    void drop() throws Exception {
        dropDatabase();
    }

    AttachmentStore store(Map<String, Object> config) throws Exception {
        if (db == null) {
            db = database();
        }
        return new AttachmentStore(view, db, Configs.of(AttachmentsConfig.class, config), Clock.fixed(NOW,
                ZoneOffset.UTC));
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] read(Attachments store, Caller caller, TwinId id) throws Exception {
        try (Content c = store.open(caller, id); InputStream in = c.bytes()) {
            return in.readAllBytes();
        }
    }

    long rows() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + ContentTable.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int twinCount() {
        return twins.registry().count(FakeAdmin.ADMIN);
    }
}
