package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.karaf.features.FeaturesService;
import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A line is one bundle: the sample line (bundles/line-sample, visitor passes) brings its own Thing Model, error code,
 * servlet and Camel route, and is installed and uninstalled live as feature dayuan-sample. Nothing else changes for
 * it but the features file and the distribution's config; here the only config is its grant in
 * etc/org.dayuan.identities.cfg.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LineKitIT extends DistributionTest {
    private static final String FEATURE = "dayuan-sample";
    private static final String BUNDLE = "org.dayuan.line-sample";
    private static final String MODEL = "dayuan:VisitorPass:1.0.0";
    private static final String PASS_ID = "cz.wujin:it-visitor-1";
    private static final String PASS = "/api/2/things/" + PASS_ID;
    private static final String CHECKIN = "/api/dayuan/visitors/" + PASS_ID + "/checkin";
    private static final String NO_PASS = "/api/dayuan/visitors/cz.wujin:no-such-pass/checkin";
    private static final String STATE = PASS + "/features/pass/properties/state";

    @Inject
    private FeaturesService features;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/org.dayuan.identities.cfg", "bundle." + BUNDLE, "integrator, ns:*"));
        return options.toArray(Option[]::new);
    }

    @Test
    public void aLineIsInstalledUsedAndUninstalledLive() throws Exception {
        Api integrator = api.as("wj-integrator", Dist.USER_PASSWORD);
        assertFalse(features.isInstalled(features.getFeature(FEATURE)));
        assertFalse(modelBundles().contains(MODEL + "=" + BUNDLE));
        assertError(integrator.post(CHECKIN, null), 404, "things:resource.notfound");
        assertFalse(lines().contains(FEATURE));
        assertTrue("a booted line is listed: " + lines(), lines().contains("dayuan-safety"));

        features.installFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        await("the line's model is listed", () -> modelBundles().contains(MODEL + "=" + BUNDLE));
        await("the line's servlet answers", () -> integrator.post(NO_PASS, null).status() == 404
                && "things:thing.notfound".equals(integrator.post(NO_PASS, null).json().path("error").asText()));
        api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(60)); // UP: the line's route has started
        assertTrue("what a viewer asks to show the line's panels: " + lines(), lines().contains(FEATURE));
        try {
            // writes are checked against the line's model: a pass without its visitor is refused, changing nothing
            assertError(integrator.put(PASS, pass("")), 400, "dayuan:model.violation");
            assertEquals(404, api.get(PASS).status());
            Reply created = integrator.put(PASS, pass("'visitor':'张三',"));
            assertEquals(created.toString(), 201, created.status());
            awaitState("issued"); // the line's route, as the bundle's own identity

            Reply wrongMethod = integrator.get(CHECKIN);
            assertError(wrongMethod, 405, "things:method.notallowed");
            assertEquals(wrongMethod.toString(), "POST", wrongMethod.header("Allow"));
            // the caller's own rights apply: a viewer may not check a visitor in
            Reply viewer = api.as("wj-viewer", Dist.USER_PASSWORD).post(CHECKIN, null);
            assertEquals(viewer.toString(), 403, viewer.status());
            assertEquals("issued", api.get(STATE).json().asText());
            assertError(integrator.post(NO_PASS, null), 404, "things:thing.notfound");
            assertError(integrator.post("/api/dayuan/visitors/" + DistributionTest.CAMPUS + "/checkin", null), 404,
                    "things:thing.notfound");

            Reply checkedIn = integrator.post(CHECKIN, null);
            assertEquals(checkedIn.toString(), 200, checkedIn.status());
            JsonNode pass = checkedIn.json().path("features").path("pass").path("properties");
            assertEquals(checkedIn.toString(), "checkedIn", pass.path("state").asText());
            assertFalse(checkedIn.toString(), pass.path("checkedInAt").asText().isEmpty());
            Reply again = integrator.post(CHECKIN, null);
            assertError(again, 409, "visitors:pass.notissued");
            assertTrue(again.toString(), again.json().path("message").asText().contains("checkedIn"));
        } finally {
            features.uninstallFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }

        assertFalse(features.isInstalled(features.getFeature(FEATURE)));
        await("the line's model is gone", () -> !modelBundles().contains(MODEL + "=" + BUNDLE));
        assertFalse(MODEL + " is not listed at all", modelBundles().toString().contains(MODEL));
        assertFalse("a viewer drops the line's panels: " + lines(), lines().contains(FEATURE));
        api.awaitHealthy(DEMO_TWINS, Duration.ofSeconds(60));
        JsonNode kept = api.get(PASS).json();
        assertEquals(kept.toString(), "checkedIn", kept.path("features").path("pass").path("properties")
                .path("state").asText());
        assertError(integrator.post(CHECKIN, null), 404, "things:resource.notfound");
        assertError(integrator.put(PASS + "/attributes/host", "'王五'"), 409, "dayuan:model.notinstalled");
        assertEquals("the refused write changed nothing", kept, api.get(PASS).json());
        assertEquals("deleting the whole twin needs no model", 204, api.delete(PASS).status());
    }

    private static String pass(String visitor) {
        return "{'definition':'" + MODEL + "','attributes':{'name':'张三 来访','parent':'cz.wujin:bldg-b',"
                + visitor + "'host':'办公室 李四','validUntil':'2099-12-31T18:00:00+08:00'}}";
    }

    /** The features GET /api/dayuan/lines names, as a viewer of the demo county reads them. */
    private List<String> lines() {
        Reply list = api.as("wujin-viewer", "Wujin-Viewer-2026").get("/api/dayuan/lines");
        assertEquals(list.toString(), 200, list.status());
        List<String> out = new ArrayList<>();
        list.json().path("lines").forEach(l -> out.add(l.path("feature").asText()));
        return out;
    }

    /** "definition=bundle" for every model GET /api/dayuan/models lists now. */
    private List<String> modelBundles() {
        Reply list = api.get("/api/dayuan/models");
        assertEquals(list.toString(), 200, list.status());
        List<String> out = new ArrayList<>();
        list.json().forEach(m -> out.add(m.path("definition").asText() + "=" + m.path("bundle").asText()));
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(what + " within 30 s", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private void awaitState(String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = api.get(STATE);
            if (last.status() == 200 && state.equals(last.json().asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the pass never became " + state + ": " + last);
    }
}
