package org.dayuan.itests;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The structural rules of OpenAPI 3.0 that a document assembled from fragments can break: the version, info, paths
 * that start with "/", operations with responses keyed by status, every path template variable declared as a
 * required path parameter, parameters with a name, a known location and a schema, unique operationIds, security
 * requirements naming declared schemes, and every local $ref resolving. Runs inside the container, where no
 * validator library is installed.
 */
final class OpenApiCheck {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Set<String> LOCATIONS = Set.of("path", "query", "header", "cookie");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern STATUS = Pattern.compile("[1-5][0-9][0-9]|[1-5]XX|default");

    private OpenApiCheck() {
    }

    /** What is wrong with {@code doc}; empty when nothing is. */
    static List<String> structure(JsonNode doc) {
        List<String> out = new ArrayList<>();
        if (!doc.path("openapi").asText().matches("3\\.0\\.\\d+")) {
            out.add("openapi is not 3.0.x: " + doc.path("openapi"));
        }
        if (doc.at("/info/title").asText().isEmpty() || doc.at("/info/version").asText().isEmpty()) {
            out.add("info needs a title and a version");
        }
        if (!doc.path("paths").isObject() || doc.path("paths").isEmpty()) {
            out.add("no paths");
        }
        checkSecurity(doc, doc.path("security"), "the document", out);
        Set<String> operationIds = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(p -> {
            String path = p.getKey();
            if (!path.startsWith("/")) {
                out.add(path + ": a path must start with /");
            }
            Set<String> variables = new HashSet<>();
            Matcher m = VARIABLE.matcher(path);
            while (m.find()) {
                variables.add(m.group(1));
            }
            List<JsonNode> shared = parameters(doc, p.getValue().path("parameters"), path, out);
            p.getValue().fields().forEachRemaining(e -> {
                String key = e.getKey();
                if (!METHODS.contains(key)) {
                    if (!key.equals("parameters") && !key.equals("summary") && !key.equals("description")
                            && !key.equals("servers") && !key.startsWith("x-")) {
                        out.add(path + ": unknown field " + key);
                    }
                    return;
                }
                String where = key.toUpperCase() + " " + path;
                JsonNode op = e.getValue();
                String id = op.path("operationId").asText(null);
                if (id != null && !operationIds.add(id)) {
                    out.add(where + ": operationId " + id + " is used twice");
                }
                List<JsonNode> params = new ArrayList<>(shared);
                params.addAll(parameters(doc, op.path("parameters"), where, out));
                for (String v : variables) {
                    if (params.stream().noneMatch(x -> x.path("in").asText().equals("path")
                            && x.path("name").asText().equals(v))) {
                        out.add(where + ": path variable {" + v + "} is not declared");
                    }
                }
                params.stream().filter(x -> x.path("in").asText().equals("path")
                        && !variables.contains(x.path("name").asText()))
                        .forEach(x -> out.add(where + ": path parameter " + x.path("name") + " is not in the path"));
                JsonNode responses = op.path("responses");
                if (!responses.isObject() || responses.isEmpty()) {
                    out.add(where + ": no responses");
                }
                responses.fields().forEachRemaining(r -> {
                    if (!STATUS.matcher(r.getKey()).matches()) {
                        out.add(where + ": response key " + r.getKey() + " is no status");
                    }
                    JsonNode response = resolve(doc, r.getValue(), where, out);
                    if (response != null && !response.has("description")) {
                        out.add(where + ": response " + r.getKey() + " has no description");
                    }
                });
                JsonNode body = op.path("requestBody");
                if (!body.isMissingNode() && (!body.path("content").isObject() || body.path("content").isEmpty())) {
                    out.add(where + ": requestBody without content");
                }
                checkSecurity(doc, op.path("security"), where, out);
            });
        });
        refs(doc, doc, "", out);
        return out;
    }

    private static List<JsonNode> parameters(JsonNode doc, JsonNode list, String where, List<String> out) {
        List<JsonNode> params = new ArrayList<>();
        for (JsonNode raw : list) {
            JsonNode p = resolve(doc, raw, where, out);
            if (p == null) {
                continue;
            }
            if (p.path("name").asText().isEmpty() || !LOCATIONS.contains(p.path("in").asText())) {
                out.add(where + ": parameter needs a name and in of " + LOCATIONS + ": " + p);
            }
            if (p.path("in").asText().equals("path") && !p.path("required").asBoolean()) {
                out.add(where + ": path parameter " + p.path("name") + " must be required");
            }
            if (!p.has("schema") && !p.has("content")) {
                out.add(where + ": parameter " + p.path("name") + " has no schema");
            }
            params.add(p);
        }
        return params;
    }

    private static void checkSecurity(JsonNode doc, JsonNode security, String where, List<String> out) {
        for (JsonNode requirement : security) {
            requirement.fieldNames().forEachRemaining(name -> {
                if (!doc.at("/components/securitySchemes").has(name)) {
                    out.add(where + ": security scheme " + name + " is not declared");
                }
            });
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node, String where, List<String> out) {
        if (!node.has("$ref")) {
            return node;
        }
        JsonNode target = target(doc, node.path("$ref").asText());
        if (target == null) {
            out.add(where + ": $ref " + node.path("$ref").asText() + " does not resolve");
        }
        return target;
    }

    private static JsonNode target(JsonNode doc, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = doc.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    /** Every $ref anywhere in the document must point into it. */
    private static void refs(JsonNode doc, JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && target(doc, ref.asText()) == null) {
                out.add(at + ": $ref " + ref.asText() + " does not resolve");
            }
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                refs(doc, e.getValue(), at + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refs(doc, node.get(i), at + "/" + i, out);
            }
        }
    }
}
