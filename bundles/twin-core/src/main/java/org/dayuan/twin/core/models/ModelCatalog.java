package org.dayuan.twin.core.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.models.Models;

/**
 * Every Thing Model of twin-models, loaded, resolved and compiled once, by Ditto definition id. A model that
 * cannot be compiled fails the load, naming the model and the keyword, so a broken model is found at start-up and
 * not by the first write.
 */
public final class ModelCatalog {
    private static final String SUBMODEL = "tm:submodel";
    private static final String INSTANCE_NAME = "instanceName";
    private static final String PROPERTY_POINTER = "#/properties/";
    /** Required actions and events need no data in the twin (Ditto sends them as messages), so no check. */
    private static final List<String> MESSAGE_POINTERS = List.of("#/actions/", "#/events/");

    private final Map<String, CompiledModel> byDefinition;

    /**
     * @param thingTypes   types whose models twins name in {@code definition}
     * @param featureTypes types whose models features name in their {@code definition} array
     * @param loader       the stored model of a type
     */
    ModelCatalog(List<String> thingTypes, List<String> featureTypes, Function<String, ObjectNode> loader) {
        ModelResolver resolver = new ModelResolver(loader);
        Map<String, ObjectNode> resolved = new LinkedHashMap<>();
        Map<String, String> definitions = new LinkedHashMap<>();
        for (String type : concat(thingTypes, featureTypes)) {
            ObjectNode model = resolver.resolve(type);
            String definition = model.path(Models.DEFINITION_KEY).asText();
            if (definition.isEmpty()) {
                throw new IllegalStateException("The model " + type + " names no " + Models.DEFINITION_KEY + ".");
            }
            resolved.put(type, model);
            definitions.put(type, definition);
        }
        Map<String, CompiledModel> out = new LinkedHashMap<>();
        resolved.forEach((type, model) -> {
            CompiledModel.Kind kind = thingTypes.contains(type) ? CompiledModel.Kind.THING : CompiledModel.Kind.FEATURE;
            CompiledModel compiled = compile(type, model, kind, definitions);
            out.put(compiled.definition(), compiled);
        });
        this.byDefinition = Map.copyOf(out);
    }

    /** The models of twin-models. */
    public static ModelCatalog load() {
        return new ModelCatalog(Models.THING_TYPES, Models.FEATURE_TYPES, Models::read);
    }

    /** The model with this Ditto definition id. */
    Optional<CompiledModel> get(String definition) {
        return Optional.ofNullable(byDefinition.get(definition));
    }

    /** How many models there are. */
    public int size() {
        return byDefinition.size();
    }

    private static CompiledModel compile(String type, ObjectNode model, CompiledModel.Kind kind,
                                         Map<String, String> definitions) {
        String definition = definitions.get(type);
        Schema properties = SchemaCompiler.affordances(model.path(ModelResolver.PROPERTIES), required(type, model),
                definition);
        Map<String, String> submodels = new LinkedHashMap<>();
        for (JsonNode link : model.path(ModelResolver.LINKS)) {
            if (SUBMODEL.equals(link.path(ModelResolver.REL).asText())) {
                String target = ModelResolver.typeOf(link.path(ModelResolver.HREF).asText());
                String instance = link.path(INSTANCE_NAME).asText();
                if (!definitions.containsKey(target) || instance.isEmpty()) {
                    throw new IllegalStateException("The model " + type + " links submodel " + target
                            + " without an instanceName or to a model that is not loaded.");
                }
                submodels.put(instance, definitions.get(target));
            }
        }
        return new CompiledModel(definition, kind, properties, properties.withoutRequired(), submodels);
    }

    /** The names of the properties {@code tm:required} lists. */
    private static List<String> required(String type, ObjectNode model) {
        return streamOf(model.path(ModelResolver.REQUIRED))
                .filter(r -> MESSAGE_POINTERS.stream().noneMatch(r::startsWith))
                .map(r -> {
                    if (!r.startsWith(PROPERTY_POINTER) || r.length() == PROPERTY_POINTER.length()) {
                        throw new IllegalStateException("The model " + type + " requires <" + r
                                + ">, which is not an affordance pointer.");
                    }
                    return r.substring(PROPERTY_POINTER.length());
                })
                .toList();
    }

    private static Stream<String> streamOf(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
