package org.dayuan.twin.core.models;

import java.util.Map;

import org.dayuan.twin.ThingModel;

/**
 * One Thing Model, compiled.
 *
 * @param definition its Ditto definition id, e.g. {@code dayuan:Room:1.0.0}
 * @param kind       whether twins ({@code definition}) or features ({@code definition} array) name it
 * @param properties checker of the twin's attributes (thing model) or the feature's properties (feature model)
 * @param desired    checker of a feature's desired properties: the same rules, nothing required
 * @param submodels  feature id ({@code instanceName}) to the definition of the feature model linked for it
 */
record CompiledModel(String definition, ThingModel.Kind kind, Schema properties, Schema desired,
                     Map<String, String> submodels) {
    CompiledModel {
        submodels = Map.copyOf(submodels);
    }
}
