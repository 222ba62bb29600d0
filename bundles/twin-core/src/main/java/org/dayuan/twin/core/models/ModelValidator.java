package org.dayuan.twin.core.models;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ThingModel;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.core.TwinValidator;

/**
 * Checks a twin, as a write would leave it, against the Thing Models its definitions name: every installed model,
 * whatever its namespace, and every definition in the {@code dayuan} namespace, which must name an installed model.
 * Other definitions (other namespaces without an installed model, URLs) are someone else's and not checked.
 *
 * <ul>
 * <li>The twin's {@code definition} names a thing model; its properties are the twin's attributes, and its
 * {@code tm:required} ones must be there.</li>
 * <li>Each feature is checked against every {@code dayuan} model its {@code definition} array names and against the
 * feature model the thing model links for its id ({@code tm:submodel} {@code instanceName}): properties with their
 * {@code tm:required} ones, desired properties with the same rules but nothing required (they are a wish, not a
 * state). A feature is only checked once it exists: a thing model never demands its features.</li>
 * <li>Members the model does not describe are allowed, as Ditto's things are open.</li>
 * </ul>
 * The first violation refuses the write, with a message naming the JSON path, the value and the rule. A twin whose
 * model's bundle has stopped cannot be checked, so a write that leaves it (or a feature of it) naming that model is
 * refused with 409 {@code dayuan:model.notinstalled}, naming the model and the bundle; a delete of the whole twin
 * needs no check and goes through.
 */
public final class ModelValidator implements TwinValidator {
    private static final String OURS = "dayuan:";
    private static final JsonPointer FEATURES = JsonPointer.of(Twin.FEATURES);
    /** Stands for an absent attributes or properties object, so that required members are still asked for. */
    private static final JsonNode NOTHING = JsonNodeFactory.instance.objectNode();

    private final ModelCatalog catalog;

    public ModelValidator(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void validate(Twin next) {
        CompiledModel thing = next.definition().filter(this::isChecked)
                .map(d -> model(d, ThingModel.Kind.THING, "/" + Twin.DEFINITION))
                .orElse(null);
        if (thing == null && !next.has(FEATURES)) {
            return;
        }
        // One copy of the twin per write: Twin hands out nothing else, and the registry copies as much per write.
        ObjectNode json = next.toJson();
        if (thing != null) {
            Violation v = thing.properties().check(json.path(Twin.ATTRIBUTES).isObject()
                    ? json.get(Twin.ATTRIBUTES) : NOTHING);
            if (v != null) {
                throw v.under(Twin.ATTRIBUTES).exception(thing.definition());
            }
        }
        JsonNode features = json.get(Twin.FEATURES);
        if (features != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                checkFeature(f.getKey(), f.getValue(), thing);
            }
        }
    }

    private void checkFeature(String id, JsonNode feature, CompiledModel thing) {
        JsonNode definitions = feature.path(Twin.DEFINITION);
        String linked = thing == null ? null : thing.submodels().get(id);
        boolean linkedChecked = false;
        for (int i = 0; i < definitions.size(); i++) {
            String d = definitions.get(i).asText();
            if (isChecked(d)) {
                String where = "/" + Twin.FEATURES + "/" + id + "/" + Twin.DEFINITION + "/" + i;
                checkFeatureAgainst(model(d, ThingModel.Kind.FEATURE, where), id, feature);
                linkedChecked |= d.equals(linked);
            }
        }
        if (linked != null && !linkedChecked) {
            checkFeatureAgainst(model(linked, ThingModel.Kind.FEATURE, "the feature model " + thing.definition()
                    + " links for /" + Twin.FEATURES + "/" + id), id, feature);
        }
    }

    private static void checkFeatureAgainst(CompiledModel model, String id, JsonNode feature) {
        JsonNode properties = feature.path(Twin.PROPERTIES);
        Violation v = model.properties().check(properties.isObject() ? properties : NOTHING);
        String part = Twin.PROPERTIES;
        JsonNode desired = feature.get(Twin.DESIRED_PROPERTIES);
        if (v == null && desired != null && desired.isObject()) {
            v = model.desired().check(desired);
            part = Twin.DESIRED_PROPERTIES;
        }
        if (v != null) {
            throw v.under(part).under(id).under(Twin.FEATURES).exception(model.definition());
        }
    }

    private boolean isChecked(String definition) {
        return definition.startsWith(OURS) || catalog.get(definition).isPresent()
                || catalog.removedWith(definition).isPresent();
    }

    /** The model a definition at {@code where} names, which must be installed and be of the expected kind. */
    private CompiledModel model(String definition, ThingModel.Kind kind, String where) {
        CompiledModel m = catalog.get(definition).orElseThrow(() -> missing(definition, where));
        if (m.kind() != kind) {
            throw refused("The value \"" + definition + "\" at " + where + " names a " + m.kind().word()
                    + " model where a " + kind.word() + " model belongs.");
        }
        return m;
    }

    private DayuanException missing(String definition, String where) {
        return catalog.removedWith(definition)
                .map(bundle -> ModelErrors.MODEL_NOT_INSTALLED.exception("The Thing Model " + definition + " at "
                        + where + " is not installed now: its bundle " + bundle + " has stopped. Install (or start)"
                        + " the line that brings it to change this twin; reading and deleting it still work."))
                .orElseGet(() -> refused("The value \"" + definition + "\" at " + where + " names an unknown model:"
                        + " no installed bundle brings a Thing Model with this id."));
    }

    private static DayuanException refused(String message) {
        return ModelErrors.MODEL_VIOLATION.exception(message, "Name one of the models GET /api/dayuan/models lists,"
                + " or install the line that brings the model.");
    }
}
