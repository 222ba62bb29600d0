/**
 * Work orders (工单): the rules ({@link org.dayuan.alarms.workorders.WorkOrderRules}), the service behind
 * {@link org.dayuan.alarms.WorkOrders} and the servlet on {@code /api/dayuan/workorders}. Private to the bundle: other
 * bundles use the exported {@code WorkOrders} service.
 */
package org.dayuan.alarms.workorders;
