package org.dayuan.camel.twin.internal;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.dayuan.twin.metrics.MetricSink;
import org.dayuan.twin.metrics.MetricSource;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route throughput of every line, from Camel's own route statistics: each CamelContext registers its routes as
 * MBeans in the platform MBean server (camel-management), whichever bundle made it, so no line has to hand its
 * context over or count anything itself. A line is named by its bundle: in OSGi a context's management name is
 * {@code <bundle symbolic name>-<context name>}.
 */
@Component(service = MetricSource.class)
public final class RouteMetrics implements MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMetrics.class);
    private static final String[] ATTRIBUTES = {"CamelId", "CamelManagementName", "RouteId", "ExchangesCompleted",
            "ExchangesFailed", "ExchangesInflight"};

    private final MBeanServer server;

    public RouteMetrics() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    RouteMetrics(MBeanServer server) {
        this.server = server;
    }

    @Override
    public void collect(MetricSink sink) {
        Set<ObjectName> routes;
        try {
            routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        } catch (JMException e) {
            throw new IllegalStateException("Camel's route MBeans cannot be listed: " + e.getMessage(), e);
        }
        for (ObjectName route : routes) {
            AttributeList values;
            try {
                values = server.getAttributes(route, ATTRIBUTES);
            } catch (InstanceNotFoundException gone) {
                continue; // the route's context stopped since the query
            } catch (JMException e) {
                LOG.debug("Route MBean {} not read", route, e);
                continue;
            }
            if (values.size() != ATTRIBUTES.length) {
                continue;
            }
            String context = String.valueOf(values.asList().get(0).getValue());
            String management = String.valueOf(values.asList().get(1).getValue());
            String[] labels = {"line", line(management, context), "context", context,
                    "route", String.valueOf(values.asList().get(2).getValue())};
            sink.counter("dayuan_route_exchanges_completed_total", "Exchanges a Camel route completed, by line (the"
                    + " bundle of its context), context and route.", number(values.asList().get(3).getValue()),
                    labels);
            sink.counter("dayuan_route_exchanges_failed_total", "Exchanges a Camel route failed, by line, context"
                    + " and route.", number(values.asList().get(4).getValue()), labels);
            sink.gauge("dayuan_route_exchanges_inflight", "Exchanges a Camel route is processing now, by line,"
                    + " context and route.", number(values.asList().get(5).getValue()), labels);
        }
    }

    /** The bundle in {@code <bundle>-<context>}; the whole management name where it has another shape. */
    static String line(String managementName, String context) {
        String suffix = "-" + context;
        return managementName.endsWith(suffix) && managementName.length() > suffix.length()
                ? managementName.substring(0, managementName.length() - suffix.length()) : managementName;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
