package org.dayuan.twin.core.models;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A data schema compiled into a checker: its own rules, then, for objects, the required members and the schemas of
 * the members the model describes, and for arrays the schema of the items. Members the model does not describe are
 * allowed (Ditto's things are open). Immutable and shared between threads.
 */
final class Schema {
    private final Rule[] rules;
    private final Map<String, Schema> properties;
    private final String[] required;
    private final String requiredRule;
    private final Schema items;

    /**
     * @param properties   schemas of object members that constrain anything; empty when none do
     * @param required     members an object must have
     * @param requiredRule how a missing member names the rule: {@code required}, or {@code tm:required} for
     *                     affordances
     * @param items        schema of every array item, or null
     */
    Schema(List<Rule> rules, Map<String, Schema> properties, List<String> required, String requiredRule,
           Schema items) {
        this.rules = rules.toArray(Rule[]::new);
        this.properties = Map.copyOf(properties);
        this.required = required.toArray(String[]::new);
        this.requiredRule = requiredRule;
        this.items = items;
    }

    /** The same schema without required members: desired properties are a partial wish, never a full state. */
    Schema withoutRequired() {
        return new Schema(List.of(rules), properties, List.of(), requiredRule, items);
    }

    /** Whether checking this schema could ever fail; a schema of descriptions alone is dropped when compiled. */
    boolean constrains() {
        return rules.length > 0 || !properties.isEmpty() || required.length > 0 || items != null;
    }

    /** The first violation in {@code value}, or null when it conforms. */
    Violation check(JsonNode value) {
        for (Rule r : rules) {
            if (!r.allows(value)) {
                return Violation.of(value, r.text());
            }
        }
        if (value.isObject()) {
            return checkMembers(value);
        }
        if (items != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                Violation v = items.check(value.get(i));
                if (v != null) {
                    return v.under(Integer.toString(i));
                }
            }
        }
        return null;
    }

    private Violation checkMembers(JsonNode object) {
        for (String r : required) {
            if (!object.has(r)) {
                return Violation.missing(r, requiredRule);
            }
        }
        if (properties.isEmpty()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            Schema s = properties.get(member.getKey());
            if (s != null) {
                Violation v = s.check(member.getValue());
                if (v != null) {
                    return v.under(member.getKey());
                }
            }
        }
        return null;
    }
}
