package org.dayuan.twin;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The W3C WoT Thing Models installed now, as a service. Any bundle brings models as resources
 * {@code OSGI-INF/dayuan/models/<Type>.tm.jsonld}; they are installed while the bundle is started and removed when it
 * stops. Writes to twins are validated against the model their {@code definition} names.
 */
@ProviderType
public interface ThingModels {
    /** Where in a bundle its Thing Models are found. */
    String MODELS_PATH = "OSGI-INF/dayuan/models";
    /** The file name ending of a Thing Model; the rest of the name is the model's type. */
    String MODEL_SUFFIX = ".tm.jsonld";

    /** Every model installed now, in the order they were installed. */
    List<ThingModel> installed();

    /** The installed model with this Ditto definition id, e.g. {@code dayuan:Room:1.0.0}. */
    Optional<ThingModel> find(String definition);
}
