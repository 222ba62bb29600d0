package org.dayuan.http.kit.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The document every bundle of this reactor makes together, the base with all their fragments as the servlet merges
 * them, is a valid OpenAPI 3 document by swagger-parser, the reference parser, and merges without a conflict. The
 * running distribution's document is checked by OpenApiIT.
 */
class ShippedFragmentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BUNDLES = Path.of("..");
    private static final String FRAGMENTS = "src/main/resources/OSGI-INF/dayuan/openapi";

    @Test
    void everyBundlesFragmentTogetherIsAValidOpenApi3Document() throws IOException {
        OpenApiDocument doc;
        try (InputStream in = getClass().getResourceAsStream("/org/dayuan/http/kit/internal/openapi-base.json")) {
            ObjectNode base = (ObjectNode) JSON.readTree(in);
            base.withObjectProperty("info").put("version", "0.1.0"); // as the servlet does, from its bundle
            doc = new OpenApiDocument(base);
        }
        List<Path> files;
        try (Stream<Path> bundles = Files.list(BUNDLES)) {
            files = bundles.map(b -> b.resolve(FRAGMENTS)).filter(Files::isDirectory).flatMap(d -> {
                try (Stream<Path> in = Files.list(d)) {
                    return in.filter(f -> f.toString().endsWith(".json")).toList().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
        }
        assertTrue(files.size() >= 10, "the fragments of the reactor's bundles: " + files);
        for (Path file : files) {
            doc.put(file.getParent().getParent().getParent().getParent().getParent().getParent().getParent()
                    .getFileName().toString(), JSON.readTree(file.toFile()));
        }
        OpenApiDocument.Merged merged = doc.merge();
        assertEquals(List.of(), merged.conflicts());

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(JSON.writeValueAsString(merged.document()),
                null, options);
        assertEquals(List.of(), result.getMessages(), "swagger-parser's findings");
        assertTrue(result.getOpenAPI().getPaths().size() > 50, "paths: " + result.getOpenAPI().getPaths().keySet());
        JsonNode paths = merged.document().path("paths");
        assertEquals("line-sample", paths.path("/api/dayuan/visitors/{passId}/checkin").path("x-dayuan-bundle")
                .asText());
    }
}
