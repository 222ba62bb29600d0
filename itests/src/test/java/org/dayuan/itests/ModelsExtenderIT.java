package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Thing Models come with their bundles: a bundle built here, carrying models under {@code OSGI-INF/dayuan/models/}
 * and nothing else, is installed into the running distribution; its models are listed and enforced while it is
 * started and gone when it stops, and twins of its types stay readable, searchable and deletable without it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelsExtenderIT extends DistributionTest {
    private static final String MODELS = "/api/dayuan/models";
    private static final String LINE = "org.dayuan.it.kettles";
    private static final String KETTLE = "/api/2/things/cz.wujin.test:kettle-1";
    private static final String CORE = "org.dayuan.twin-models";
    private static final int CORE_MODELS = 22;
    /**
     * The models the booted distribution ships: the platform's, the alarm service's, the attachment store's, the
     * safety, fleet and office lines'.
     */
    private static final Map<String, Integer> SHIPPED = Map.of(CORE, CORE_MODELS, "org.dayuan.alarms", 2,
            "org.dayuan.attachments", 1, "org.dayuan.line-safety", 2, "org.dayuan.line-fleet", 3,
            "org.dayuan.line-office", 4);
    private static final int SHIPPED_MODELS = SHIPPED.values().stream().mapToInt(Integer::intValue).sum();

    @Inject
    private BundleContext context;

    @Test
    public void aLinesModelsFollowItsBundleAndItsTwinsOutliveIt() throws Exception {
        assertEquals(SHIPPED, bundlesOfModels());

        Bundle line = context.installBundle("dayuan-it:" + LINE, new ByteArrayInputStream(lineBundle()));
        try {
            line.start();
            Map<String, String> models = modelsByDefinition();
            assertEquals(LINE, models.get("dayuan:Kettle:1.0.0"));
            assertEquals(LINE, models.get("dayuan:Boil:1.0.0"));
            assertEquals("the first bundle keeps its model", CORE, models.get("dayuan:Room:1.0.0"));
            assertFalse("the broken model is left out", models.containsKey("dayuan:Broken:1.0.0"));
            assertEquals(SHIPPED_MODELS + 2, models.size());
            assertEquals("feature", kindOf("dayuan:Boil:1.0.0"));
            Reply served = api.get(MODELS + "/Kettle.tm.jsonld");
            assertEquals(served.toString(), 200, served.status());
            assertEquals("dayuan:Kettle:1.0.0", served.json().path("dayuan:definition").asText());

            Reply created = api.send("PUT", KETTLE, "application/json", "{\"definition\":\"dayuan:Kettle:1.0.0\","
                    + "\"attributes\":{\"litres\":1.5},\"features\":{\"boil\":{\"definition\":"
                    + "[\"dayuan:Boil:1.0.0\"],\"properties\":{\"on\":false}},"
                    + "\"location\":{\"properties\":{\"lat\":\"north\"}}}}");
            assertEquals("a feature linked to another bundle's model is checked against it: " + created, 400,
                    created.status());
            created = api.send("PUT", KETTLE, "application/json", "{\"definition\":\"dayuan:Kettle:1.0.0\","
                    + "\"attributes\":{\"litres\":1.5},\"features\":{\"boil\":{\"definition\":"
                    + "[\"dayuan:Boil:1.0.0\"],\"properties\":{\"on\":false}}}}");
            assertEquals(created.toString(), 201, created.status());
            assertError(api.send("PUT", KETTLE + "/attributes/litres", "application/json", "3"), 400,
                    "dayuan:model.violation");

            line.stop();
            assertEquals(SHIPPED, bundlesOfModels());
            assertEquals(404, api.get(MODELS + "/dayuan:Kettle:1.0.0").status());
            JsonNode kept = api.get(KETTLE).json();
            assertEquals(1.5, kept.path("attributes").path("litres").asDouble(), 0);
            assertEquals(1, search("eq(definition,\"dayuan:Kettle:1.0.0\")").size());
            Reply refused = api.send("PUT", KETTLE + "/attributes/litres", "application/json", "1.8");
            assertError(refused, 409, "dayuan:model.notinstalled");
            assertTrue(refused.toString(), refused.json().path("message").asText().contains("dayuan:Kettle:1.0.0"));
            assertTrue(refused.toString(), refused.json().path("message").asText().contains(LINE));
            assertEquals("the refused write changed nothing", kept, api.get(KETTLE).json());

            line.start();
            assertEquals(LINE, modelsByDefinition().get("dayuan:Kettle:1.0.0"));
            assertEquals(204, api.send("PUT", KETTLE + "/attributes/litres", "application/json", "1.8").status());

            line.stop();
            assertEquals(204, api.delete(KETTLE).status());
            assertEquals(404, api.get(KETTLE).status());
        } finally {
            line.uninstall();
            api.delete(KETTLE);
        }
        assertEquals(SHIPPED, bundlesOfModels());
    }

    /** Bundle symbolic name to how many of the installed models it brought. */
    private Map<String, Integer> bundlesOfModels() {
        Map<String, Integer> out = new LinkedHashMap<>();
        modelsByDefinition().values().forEach(b -> out.merge(b, 1, Integer::sum));
        return out;
    }

    /** Definition to the bundle that brought it, as GET /api/dayuan/models lists them. */
    private Map<String, String> modelsByDefinition() {
        Reply list = api.get(MODELS);
        assertEquals(list.toString(), 200, list.status());
        Map<String, String> out = new LinkedHashMap<>();
        list.json().forEach(m -> out.put(m.path("definition").asText(), m.path("bundle").asText()));
        return out;
    }

    private String kindOf(String definition) {
        for (JsonNode m : api.get(MODELS).json()) {
            if (m.path("definition").asText().equals(definition)) {
                return m.path("kind").asText();
            }
        }
        throw new AssertionError(definition + " is not listed");
    }

    private JsonNode search(String filter) {
        Reply r = api.get("/api/2/search/things?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(r.toString(), 200, r.status());
        return r.json().path("items");
    }

    /**
     * A line bundle that is only models: a thing model linking its own feature model and the platform's Location,
     * a model that is not JSON, and a second Room model, which twin-models brought first.
     */
    private static byte[] lineBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", LINE);
        main.putValue("Bundle-Version", "1.0.0");
        Map<String, String> models = Map.of(
                "Kettle", "{\"@context\":\"https://www.w3.org/2022/wot/td/v1.1\",\"@type\":\"tm:ThingModel\","
                        + "\"title\":\"Kettle\",\"description\":\"A kettle. dayuan:Kettle:1.0.0\","
                        + "\"dayuan:definition\":\"dayuan:Kettle:1.0.0\",\"links\":["
                        + "{\"rel\":\"tm:submodel\",\"href\":\"./Boil.tm.jsonld\",\"instanceName\":\"boil\"},"
                        + "{\"rel\":\"tm:submodel\",\"href\":\"./Location.tm.jsonld\",\"instanceName\":\"location\"}],"
                        + "\"properties\":{\"litres\":{\"type\":\"number\",\"minimum\":0,\"maximum\":2}}}",
                "Boil", "{\"title\":\"Boil\",\"dayuan:definition\":\"dayuan:Boil:1.0.0\","
                        + "\"properties\":{\"on\":{\"type\":\"boolean\"}}}",
                "Broken", "{\"dayuan:definition\":\"dayuan:Broken:1.0.0\",\"properties\":{",
                "Room", "{\"title\":\"Room\",\"dayuan:definition\":\"dayuan:Room:1.0.0\",\"properties\":{}}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (String dir : new String[] {"OSGI-INF/", "OSGI-INF/dayuan/", "OSGI-INF/dayuan/models/"}) {
                jar.putNextEntry(new JarEntry(dir));
                jar.closeEntry();
            }
            for (Map.Entry<String, String> m : models.entrySet()) {
                jar.putNextEntry(new JarEntry("OSGI-INF/dayuan/models/" + m.getKey() + ".tm.jsonld"));
                jar.write(m.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
