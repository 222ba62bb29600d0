package org.dayuan.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupServletTest {
    @TempDir
    Path dir;

    @Test
    void anAdministratorGetsTheBackupAsAZipWithItsManifest() throws Exception {
        BackupServlet servlet = new BackupServlet(BackupFixture.service(BackupFixture.database(dir), true));

        FakeHttp http = new FakeHttp("POST", BackupServlet.PATH).send(servlet);

        assertEquals(200, http.status);
        assertEquals("application/zip", http.contentType);
        assertTrue(http.responseHeader("Content-Disposition").matches(
                "attachment; filename=\"dayuan-backup-\\d{8}T\\d{6}Z\\.zip\""), http.responseHeader("Content-Disposition"));
        Map<String, String> entries = BackupFixture.entries(http.body.toByteArray());
        assertEquals("{\"table\":\"t\",\"columns\":[[\"seq\",\"long\"],[\"v\",\"string\"]]}\n[1,\"一\"]\n[2,\"two\"]\n",
                entries.get("journal/t.ndjson"));
        assertTrue(entries.get("manifest.json").contains("\"headSeq\" : \"2\""), entries.get("manifest.json"));
    }

    @Test
    void anyoneButAnAdministratorIsRefusedWithDittoErrorJson() throws Exception {
        BackupServlet servlet = new BackupServlet(BackupFixture.service(BackupFixture.database(dir), true));
        Caller manager = Caller.fromGrants("wujin-manager", List.of(Caller.ROLE_MANAGER, "ns:cz.wujin"), "test");

        FakeHttp http = new FakeHttp("POST", BackupServlet.PATH).caller(manager).send(servlet);

        assertEquals(403, http.status);
        assertEquals("dayuan:access.forbidden", http.json().path("error").asText());
        assertTrue(http.json().path("message").asText().contains("may not make a backup"));
    }

    @Test
    void getIsNotAllowedAndNamesPost() throws Exception {
        BackupServlet servlet = new BackupServlet(BackupFixture.service(BackupFixture.database(dir), true));

        FakeHttp http = new FakeHttp("GET", BackupServlet.PATH).send(servlet);

        assertEquals(405, http.status);
        assertEquals("POST", http.responseHeader("Allow"));
    }

    @Test
    void withoutTheJournalTheAnswerIs503AndNoZip() throws Exception {
        BackupServlet servlet = new BackupServlet(BackupFixture.service(BackupFixture.database(dir), false));

        FakeHttp http = new FakeHttp("POST", BackupServlet.PATH).send(servlet);

        assertEquals(503, http.status);
        assertEquals("dayuan:store.unavailable", http.json().path("error").asText());
    }
}
