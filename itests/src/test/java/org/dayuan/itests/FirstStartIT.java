package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.Test;

/**
 * A county's operator starts a fresh distribution without choosing an admin password: the generated one is in a file
 * under {@code data/} that only Dayuan's own user may read, the log says where and never shows the password, and it
 * logs in.
 */
public class FirstStartIT {
    @Test
    public void theGeneratedAdminPasswordIsInAnOwnerOnlyFileAndNotInTheLog() throws Exception {
        try (ProcessDist dist = new ProcessDist("firststart-")) {
            dist.append("etc/org.dayuan.auth.cfg", "adminPassword ="); // the shipped empty value, after the tests' own
            dist.start();
            Path file = dist.home.resolve("data/dayuan/admin-password");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.exists(file)) {
                assertTrue("no " + file + " within 120 s", System.nanoTime() < deadline);
                Thread.sleep(250);
            }
            String password = Files.readString(file).strip();
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));

            Api api = new Api(dist.port).as(Dist.ADMIN, password);
            awaitUp(api);
            assertEquals(200, api.get("/api/2/things/" + DistributionTest.CAMPUS).status());
            assertEquals(401, new Api(dist.port).get("/api/2/things/" + DistributionTest.CAMPUS).status());

            String log = Files.readString(dist.home.resolve("data/log/karaf.log"))
                    + Files.readString(dist.home.resolve("console.log"));
            assertFalse("the password is in the log", log.contains(password));
            assertTrue("the log names the file: " + log, log.contains("data/dayuan/admin-password"));
        }
    }

    private static void awaitUp(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (api.anonymous().get("/api/health").status() == 200 && api.whoami().status() == 200) {
                    return;
                }
            } catch (AssertionError notListeningYet) {
                // the HTTP port opens a little after the password is written
            }
            assertTrue("not UP with the generated password within 120 s", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }
}
