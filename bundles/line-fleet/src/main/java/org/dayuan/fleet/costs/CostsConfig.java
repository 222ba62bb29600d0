package org.dayuan.fleet.costs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the cost ledger and the fleet indicators (PID {@code org.dayuan.fleet.costs});
 * etc/org.dayuan.fleet.costs.cfg lists each with its default. {@code _} in a method name is {@code .} in the key.
 */
@ObjectClassDefinition(name = "Dayuan fleet line: cost ledger and indicators",
        description = "Import of fuel, charging, ETC, maintenance and insurance costs (单车核算, POST"
                + " /api/dayuan/fleet/costs as text/csv) and the fleet indicators (GET /api/dayuan/fleet/indicators).")
public @interface CostsConfig {
    @AttributeDefinition(description = "Largest cost CSV body accepted, in bytes; a larger one is answered 413.",
            min = "1024")
    int import_maxBytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "Most data rows accepted in one cost file.", min = "1")
    int import_maxRows() default 20_000;

    @AttributeDefinition(description = "Fuel norm in L/100 km for a car whose displacement falls in no class of"
            + " fuel.norm.classes (or is unknown).", min = "0.1")
    double fuel_norm_default() default 9.0;

    @AttributeDefinition(description = "Fuel norms by displacement class: comma-separated <max litres>=<L/100 km>,"
            + " the first class whose maximum is at least the car's displacement applies.")
    String fuel_norm_classes() default "1.6=7.5,2.0=8.5,3.0=10.5";

    @AttributeDefinition(description = "Fuel norm in L/100 km of plug-in hybrids, whose km are partly electric.",
            min = "0.1")
    double fuel_norm_plugInHybrid() default 4.0;
}
