/**
 * Alarms (告警) and work orders (工单) for every line. An alarm is a twin of model {@code dayuan:Alarm:2.0.0} in the
 * namespace of the twin it concerns (its {@code source}, also its {@code parent}), so search, streams, history and
 * the audit trail cover it. A line raises and clears conditions through {@link org.dayuan.alarms.Alarms}; people move
 * alarms through their lifecycle over {@code /api/dayuan/alarms}; {@link org.dayuan.alarms.AlarmNotifier} services
 * deliver them; {@link org.dayuan.alarms.WorkOrders} tracks the work that follows.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dayuan.alarms;
