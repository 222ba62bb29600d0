package org.dayuan.twin.core.models;

import org.dayuan.twin.core.Registry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a {@link ModelValidator} over the installed Thing Models to the registry's write path, and takes it off
 * again on deactivation (a configuration change deactivates and activates it anew). The models follow the bundles
 * that bring them, so the validator checks against what is installed at the time of each write.
 */
@Component(immediate = true, configurationPid = ModelValidationComponent.PID)
@Designate(ocd = ModelValidationConfig.class)
public final class ModelValidationComponent {
    static final String PID = "org.dayuan.models";
    private static final Logger LOG = LoggerFactory.getLogger(ModelValidationComponent.class);

    private final Registry registry;
    private final ModelValidator validator;

    @Activate
    public ModelValidationComponent(@Reference Registry registry, @Reference ModelExtender models,
                                    ModelValidationConfig config) {
        this(registry, models.catalog(), config);
    }

    ModelValidationComponent(Registry registry, ModelCatalog catalog, ModelValidationConfig config) {
        this.registry = registry;
        if (!config.enabled()) {
            this.validator = null;
            LOG.warn("Model validation is off (enabled=false in etc/{}.cfg): writes are not checked against the"
                    + " Thing Models.", PID);
            return;
        }
        this.validator = new ModelValidator(catalog);
        registry.addValidator(validator);
        LOG.info("Model validation on: writes are checked against the installed Thing Models ({} now)",
                catalog.size());
    }

    @Deactivate
    void deactivate() {
        if (validator != null) {
            registry.removeValidator(validator);
        }
    }
}
