package org.dayuan.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

/**
 * The machine's services some tests need (PostgreSQL, Mosquitto). On a developer's machine where one does not answer,
 * those tests are skipped with one line saying how to run them, so that a fresh clone passes; in CI ({@code CI=true},
 * set by {@code .ci/run}, which starts the services) a missing service fails the test instead.
 */
public final class LocalServices {
    /** The services already said to be missing: one line each, not one per test. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private LocalServices() {
    }

    /** Whether a missing service is a failure rather than a skip. */
    public static boolean mandatory() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Ends the calling test: skipped, or in CI failed, with {@code service} (what and where), how to make it answer,
     * and what the attempt got.
     */
    public static void unavailable(String service, String howToRun, Exception cause) {
        String line = service + " is not answering (" + cause.getMessage() + "); " + howToRun;
        if (mandatory()) {
            throw new AssertionError(line + ". CI=true makes this test mandatory.", cause);
        }
        if (SAID.add(service)) {
            System.out.println("SKIPPED (and every test that needs it): " + line + ".");
        }
        Assumptions.abort(line);
    }
}
