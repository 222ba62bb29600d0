package org.dayuan.demo;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;
import org.dayuan.twin.Twin;

/**
 * Builds one Thing JSON: definition from the model type, the common attributes every model documents
 * ({@code name}, {@code parent}, {@code geometry}, {@code relations}), the type's own attributes and its features
 * with their feature definitions. Not thread-safe; one builder per twin.
 */
final class ThingBuilder {
    static final String NAME = "name";
    static final String GEOMETRY = "geometry";
    static final String RELATIONS = "relations";
    static final String FEEDS = "feeds";
    static final String ORGANISATION = "organisation";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode thing = JSON.objectNode();
    private final ObjectNode attributes;

    private ThingBuilder(String id, String type, String name, String parent) {
        thing.put(Twin.THING_ID, id);
        thing.put(Twin.DEFINITION, Models.definitionOf(type));
        attributes = thing.putObject(Twin.ATTRIBUTES);
        attributes.put(NAME, name);
        if (parent != null) {
            attributes.put(Twin.PARENT, parent);
        }
    }

    /** A twin of model {@code type}; {@code parent} is null for roots. */
    static ThingBuilder of(String id, String type, String name, String parent) {
        return new ThingBuilder(id, type, name, parent);
    }

    ThingBuilder attr(String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
        return this;
    }

    ThingBuilder attr(String key, double value) {
        attributes.put(key, value);
        return this;
    }

    ThingBuilder attr(String key, int value) {
        attributes.put(key, value);
        return this;
    }

    ThingBuilder attr(String key, JsonNode value) {
        attributes.set(key, value);
        return this;
    }

    ThingBuilder geometry(ObjectNode geometry) {
        return attr(GEOMETRY, geometry);
    }

    /** {@code relations.feeds}: what a meter measures. */
    ThingBuilder feeds(List<String> ids) {
        ArrayNode feeds = JSON.arrayNode();
        ids.forEach(feeds::add);
        attributes.putObject(RELATIONS).set(FEEDS, feeds);
        return this;
    }

    /** Adds feature {@code featureId} of model {@code featureType} with these properties. */
    ThingBuilder feature(String featureId, String featureType, ObjectNode properties) {
        ObjectNode feature = thing.withObjectProperty(Twin.FEATURES).putObject(featureId);
        feature.putArray(Twin.DEFINITION).add(Models.definitionOf(featureType));
        feature.set(Twin.PROPERTIES, properties);
        return this;
    }

    ObjectNode build() {
        return thing;
    }

    /** A fresh object for properties or nested attributes. */
    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }
}
