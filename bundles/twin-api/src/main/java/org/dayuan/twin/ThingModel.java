package org.dayuan.twin;

import java.util.Objects;

/**
 * One installed Thing Model.
 *
 * @param definition  its Ditto definition id, e.g. {@code dayuan:Room:1.0.0}
 * @param type        its file name without {@code .tm.jsonld}, e.g. {@code Room}, which links to it use
 * @param kind        whether twins name it in {@code definition} or features in their {@code definition} array
 * @param title       its {@code title}
 * @param description its {@code description}
 * @param bundle      the symbolic name of the bundle that brought it
 * @param source      the model as stored in that bundle (UTF-8 JSON-LD)
 */
public record ThingModel(String definition, String type, Kind kind, String title, String description, String bundle,
                         String source) {
    /** What names a model: a twin (thing model) or a feature (feature model, linked as a {@code tm:submodel}). */
    public enum Kind {
        THING, FEATURE;

        /** {@code thing} or {@code feature}, as the HTTP API shows it. */
        public String word() {
            return this == THING ? "thing" : "feature";
        }
    }

    public ThingModel {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(source, "source");
    }
}
