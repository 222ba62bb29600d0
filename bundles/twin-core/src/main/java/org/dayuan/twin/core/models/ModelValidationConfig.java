package org.dayuan.twin.core.models;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan model validation",
        description = "Checks every write to a twin whose definition names an installed Thing Model"
                + " (e.g. dayuan:<Type>:<version>) against that model.")
@interface ModelValidationConfig {
    @AttributeDefinition(name = "Enabled",
            description = "Refuse writes that break the twin's Thing Model with 400 dayuan:model.violation. Turn off"
                    + " only to repair twins stored before a model changed; twins are not re-checked when it is"
                    + " turned on again, only written ones.")
    boolean enabled() default true;
}
