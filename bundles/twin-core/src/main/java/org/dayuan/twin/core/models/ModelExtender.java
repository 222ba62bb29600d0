package org.dayuan.twin.core.models;

import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import org.dayuan.twin.ThingModel;
import org.dayuan.twin.ThingModels;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender that makes Thing Models pluggable: while a bundle is starting or active, the models it carries under
 * {@code OSGI-INF/dayuan/models/*.tm.jsonld} are in the catalogue; when it stops they leave it. twin-models is one
 * such bundle, a line is another. Registered as {@link ThingModels}, the catalogue as it is now.
 */
@Component(immediate = true, service = {ThingModels.class, ModelExtender.class})
public final class ModelExtender implements ThingModels {
    private static final Logger LOG = LoggerFactory.getLogger(ModelExtender.class);

    private final ModelCatalog catalog = new ModelCatalog();
    private final BundleTracker<Bundle> tracker;

    @Activate
    public ModelExtender(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                List<URL> files = modelFiles(bundle);
                if (files.isEmpty()) {
                    return null;
                }
                ModelCatalog.Installation done = catalog.add(bundle.getSymbolicName(), files);
                LOG.info("Thing Models of bundle {} installed: {} ({} left out)", bundle.getSymbolicName(),
                        done.installed().size(), done.refused().size());
                return bundle;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                int removed = catalog.remove(bundle.getSymbolicName());
                LOG.info("Thing Models of bundle {} removed: {}; twins that name them stay readable and deletable,"
                        + " and writes to them are refused until the bundle is back", bundle.getSymbolicName(), removed);
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    /** The catalogue the validator checks against; it follows the bundles. */
    ModelCatalog catalog() {
        return catalog;
    }

    @Override
    public List<ThingModel> installed() {
        return catalog.installed();
    }

    @Override
    public Optional<ThingModel> find(String definition) {
        return catalog.find(definition);
    }

    private static List<URL> modelFiles(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries(MODELS_PATH, "*" + MODEL_SUFFIX, false);
        List<URL> out = new ArrayList<>();
        while (entries != null && entries.hasMoreElements()) {
            out.add(entries.nextElement());
        }
        out.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        return out;
    }
}
