package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * What every Pax Exam test of the booted distribution shares: the distribution on free ports with the store the
 * run asks for, a client once the demo county is loaded, and the check of Ditto's error JSON.
 */
public abstract class DistributionTest {
    /** The demo campus. */
    static final String CAMPUS = "cz.wujin:campus-xzzx";
    /** The demo county has 901 twins; waiting for them means the demo loader has finished. */
    static final int DEMO_TWINS = 901;

    /**
     * The users Dayuan writes into the realm at first start, each on a thread of its own: the demo users and the MQTT
     * ingestion's broker login.
     */
    static final List<String> FIRST_START_USERS = List.of("xinbei-viewer", "demo-simulator", "dayuan-ingest");
    /** How long users.properties must stay unchanged before the realm's writes at first start count as done. */
    private static final Duration REALM_QUIET = Duration.ofSeconds(2);
    private static boolean realmSettled;

    protected Api api;
    protected int port;

    @Configuration
    public Option[] config() {
        return Dist.options();
    }

    @Before
    public void awaitReady() {
        port = Integer.getInteger(Dist.PORT_PROPERTY);
        api = new Api(port);
        api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(120));
        awaitRealmSettled();
    }

    /**
     * Waits until the users written at first start are in users.properties and the file has been left alone for a
     * moment. Karaf rewrites that file in place, so a login that reads it mid-write fails even for a user whose line
     * was there all along; a test's first login must not race those writes. Waits by reading the file, not by logging
     * in, which would count failures towards a lockout.
     */
    static void awaitRealmSettled() {
        if (realmSettled) {
            return;
        }
        Path realm = Path.of(System.getProperty("karaf.etc"), "users.properties");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!settled(realm)) {
            assertTrue("the realm's users are written at first start: " + FIRST_START_USERS,
                    System.nanoTime() < deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        realmSettled = true;
    }

    private static boolean settled(Path realm) {
        try {
            List<String> lines = Files.readAllLines(realm);
            boolean written = FIRST_START_USERS.stream().allMatch(user -> lines.stream()
                    .anyMatch(l -> l.startsWith(user + " ") || l.startsWith(user + "=")));
            return written && Files.getLastModifiedTime(realm).toMillis()
                    < System.currentTimeMillis() - REALM_QUIET.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** A Ditto error: the status, the code, a message and a description, and never a stack trace. */
    static void assertError(Reply r, int status, String code) {
        assertEquals(r.toString(), status, r.status());
        JsonNode e = r.json();
        assertEquals(r.toString(), status, e.path("status").asInt());
        assertEquals(r.toString(), code, e.path("error").asText());
        assertFalse(r.toString(), e.path("message").asText().isEmpty());
        assertFalse(r.toString(), e.path("description").asText().isEmpty());
        assertFalse(r.toString(), r.raw().body().contains("Exception"));
    }
}
