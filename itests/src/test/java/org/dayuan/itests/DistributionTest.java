package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * What every Pax Exam test of the booted distribution shares: the distribution on free ports with the store the
 * run asks for, a client once health says UP, and the check of Ditto's error JSON.
 */
public abstract class DistributionTest {
    /** The demo campus. */
    static final String CAMPUS = "cz.wujin:campus-xzzx";
    /** The demo county has 901 twins; waiting for them means the demo loader has finished. */
    static final int DEMO_TWINS = 901;

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
        // UP means every part is ready: the demo county loaded, the realm's users written, the lines rebuilt
        api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(120));
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
