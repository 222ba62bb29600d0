package org.dayuan.device.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;

/**
 * Turns one device message into the feature properties to merge, or refuses it with a reason. Everything that can
 * be checked before the registry is checked here, so a refused message never reaches it: the topic, the size, the
 * encoding (UTF-8), the JSON (one object, no duplicate keys, at most {@link #MAX_DEPTH} levels deep, numbers a double
 * can hold), the twin and its feature, the device type's mapping. The registry then checks values against the models.
 */
final class Decoder {
    record Write(TwinId thingId, String feature, ObjectNode properties) {
    }

    /** Why a message is not applied; it goes to the dead letters. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A reading is a flat object or close to it; deeper nesting is garbage or an attack on the parser. */
    static final int MAX_DEPTH = 16;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final TopicScheme scheme;
    private final List<FieldMapping> mappings;
    private final int maxPayloadBytes;
    private final Function<TwinId, Optional<Twin>> twins;

    Decoder(TopicScheme scheme, List<FieldMapping> mappings, int maxPayloadBytes,
            Function<TwinId, Optional<Twin>> twins) {
        this.scheme = scheme;
        this.mappings = List.copyOf(mappings);
        this.maxPayloadBytes = maxPayloadBytes;
        this.twins = twins;
    }

    Write decode(String topic, byte[] payload) throws Rejected {
        return decode(scheme.match(topic).orElse(null), payload);
    }

    /** {@code target}: what the topic addresses, as {@link TopicScheme#match} found it; null when it fits nothing. */
    Write decode(TopicScheme.Target target, byte[] payload) throws Rejected {
        if (target == null) {
            throw new Rejected("topic does not fit the pattern " + scheme.subscription());
        }
        TwinId id;
        try {
            id = TwinId.of(target.thingId());
            Twin.checkFeatureId(target.feature());
        } catch (DayuanException e) {
            throw new Rejected(e.getMessage());
        }
        if (payload.length > maxPayloadBytes) {
            throw new Rejected("payload of " + payload.length + " bytes is over the limit of " + maxPayloadBytes);
        }
        ObjectNode object = parse(payload);
        Twin twin = twins.apply(id).orElseThrow(() -> new Rejected("no twin " + id));
        if (!twin.has(org.dayuan.twin.JsonPointer.of(Twin.FEATURES, target.feature()))) {
            throw new Rejected("twin " + id + " has no feature '" + target.feature() + "'");
        }
        String definition = twin.definition().orElse("");
        ObjectNode properties = object;
        for (FieldMapping mapping : mappings) {
            if (mapping.appliesTo(definition, target.feature())) {
                try {
                    properties = mapping.apply(object);
                } catch (IllegalArgumentException e) {
                    throw new Rejected(e.getMessage());
                }
                break;
            }
        }
        if (properties.isEmpty()) {
            throw new Rejected("payload has no property to write");
        }
        // After the mapping, whose factor may overflow as well.
        checkNumbers(properties, "");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                // A null in a merge patch deletes; a device must not delete what it reports.
                throw new Rejected("property '" + field.getKey() + "' is null");
            }
        }
        return new Write(id, target.feature(), properties);
    }

    private static ObjectNode parse(byte[] payload) throws Rejected {
        try {
            // JSON on the wire is UTF-8 (RFC 8259); the parser lets overlong forms and lone surrogates through.
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw new Rejected("payload is not valid UTF-8");
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            JsonNode node = JSON.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new Rejected("payload is empty");
            }
            if (!node.isObject()) {
                throw new Rejected("payload is not a JSON object");
            }
            if (parser.nextToken() != null) {
                throw new Rejected("payload has data after the JSON object");
            }
            return (ObjectNode) node;
        } catch (StreamConstraintsException e) {
            throw new Rejected("payload nests deeper than " + MAX_DEPTH + " levels");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Rejected("payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejected("payload is not readable: " + e.getMessage());
        }
    }

    /**
     * JSON has no NaN or infinity, but a number too large for a double (1e999) parses as one: stored, it would turn
     * the twin into JSON nobody can read back.
     */
    private static void checkNumbers(JsonNode node, String path) throws Rejected {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            throw new Rejected("number at '" + path + "' is out of range: too large to store as a double");
        }
        if (node.isContainerNode()) {
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                checkNumbers(field.getValue(), path.isEmpty() ? field.getKey() : path + "/" + field.getKey());
            }
            if (node.isArray()) {
                for (JsonNode item : node) {
                    checkNumbers(item, path + "/" + i++);
                }
            }
        }
    }
}
