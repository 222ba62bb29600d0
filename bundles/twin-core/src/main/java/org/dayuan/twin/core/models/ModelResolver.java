package org.dayuan.twin.core.models;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Thing Model into the one it stands for, as the WoT Thing Model rules say: a {@code tm:extends} link
 * brings in the base model's affordances (the extending model's own win, {@code tm:required} is the union), and a
 * {@code tm:ref} is replaced by what it points at, overridden by the keys next to it. Links name other models by
 * relative file ({@code ./Base.tm.jsonld}), which is their type. {@code tm:submodel} links are left for the catalog.
 */
final class ModelResolver {
    static final String LINKS = "links";
    static final String REL = "rel";
    static final String HREF = "href";
    static final String EXTENDS = "tm:extends";
    static final String REF = "tm:ref";
    static final String REQUIRED = "tm:required";
    static final String PROPERTIES = "properties";
    private static final String FILE_SUFFIX = ".tm.jsonld";
    /** Deeper than any sane chain of extensions and references; past it there is a cycle. */
    private static final int MAX_DEPTH = 16;

    private final Function<String, ObjectNode> loader;

    /** @param loader the stored model of a type, e.g. {@code Models::read} */
    ModelResolver(Function<String, ObjectNode> loader) {
        this.loader = loader;
    }

    /** The model of {@code type} with its extensions and references resolved; a new tree. */
    ObjectNode resolve(String type) {
        return resolve(type, 0);
    }

    /** The type a link's {@code href} names: {@code ./Room.tm.jsonld} is {@code Room}. */
    static String typeOf(String href) {
        String file = href.startsWith("./") ? href.substring(2) : href;
        if (!file.endsWith(FILE_SUFFIX) || file.contains("/")) {
            throw new IllegalStateException("The link <" + href + "> does not name a model file beside this one.");
        }
        return file.substring(0, file.length() - FILE_SUFFIX.length());
    }

    private ObjectNode resolve(String type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("The model " + type + " extends or references itself.");
        }
        ObjectNode raw = loader.apply(type);
        ObjectNode model = (ObjectNode) refs(raw, raw, type, depth);
        for (JsonNode link : raw.path(LINKS)) {
            if (EXTENDS.equals(link.path(REL).asText())) {
                model = extend(resolve(typeOf(link.path(HREF).asText()), depth + 1), model);
            }
        }
        return model;
    }

    /** {@code own} on top of {@code base}. */
    private static ObjectNode extend(ObjectNode base, ObjectNode own) {
        ObjectNode out = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case PROPERTIES -> out.withObjectProperty(PROPERTIES).setAll((ObjectNode) e.getValue());
                case REQUIRED -> {
                    Set<JsonNode> union = new LinkedHashSet<>();
                    base.path(REQUIRED).forEach(union::add);
                    e.getValue().forEach(union::add);
                    out.set(REQUIRED, JsonNodeFactory.instance.arrayNode().addAll(union));
                }
                case LINKS -> {
                    ArrayNode links = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode l : base.path(LINKS)) {
                        if (!EXTENDS.equals(l.path(REL).asText())) {
                            links.add(l);
                        }
                    }
                    e.getValue().forEach(links::add);
                    out.set(LINKS, links);
                }
                default -> out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** A copy of {@code node} with every {@code tm:ref} in it replaced. */
    private JsonNode refs(JsonNode node, ObjectNode model, String type, int depth) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(refs(item, model, type, depth)));
            return out;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode ref = node.get(REF);
        if (ref != null) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("The tm:ref <" + ref.asText() + "> in " + type + " is circular.");
            }
            out.setAll((ObjectNode) refs(target(ref.asText(), model, type, depth), model, type, depth + 1));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(REF)) {
                out.set(e.getKey(), refs(e.getValue(), model, type, depth));
            }
        }
        return out;
    }

    /** What {@code ./Other.tm.jsonld#/pointer} or {@code #/pointer} points at. */
    private JsonNode target(String ref, ObjectNode model, String type, int depth) {
        int hash = ref.indexOf('#');
        if (hash < 0) {
            throw new IllegalStateException("The tm:ref <" + ref + "> in " + type + " has no #/pointer.");
        }
        JsonNode doc = hash == 0 ? model : resolve(typeOf(ref.substring(0, hash)), depth + 1);
        JsonNode target = doc.at(ref.substring(hash + 1));
        if (!target.isObject()) {
            throw new IllegalStateException("The tm:ref <" + ref + "> in " + type + " points at no object.");
        }
        return target;
    }
}
