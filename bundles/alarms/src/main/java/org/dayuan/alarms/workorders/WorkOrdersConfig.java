package org.dayuan.alarms.workorders;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Work-order settings; etc/org.dayuan.workorders.cfg lists each with its default (ShippedConfigIT checks). */
@ObjectClassDefinition(name = "Dayuan work orders",
        description = "工单: the time an order is given unless it says otherwise, and how often overdue is updated.")
@interface WorkOrdersConfig {
    @AttributeDefinition(description = "Hours an order is given to be done when it is opened without slaHours.",
            min = "1")
    int defaultSlaHours() default 24;

    @AttributeDefinition(description = "Seconds between two checks that set or clear overdue on open orders.",
            min = "1")
    int checkSeconds() default 60;
}
