package org.dayuan.sample;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.Twin;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The visitor line's route: every pass created without a state is issued. The route's {@code twin:} endpoints act as
 * this bundle's own identity (its line in etc/org.dayuan.identities.cfg), so the line sees and writes what that grant
 * allows and the audit trail records it as the writer. Health reports the line starting until the route runs.
 */
@Component(immediate = true, service = HealthIndicator.class)
public final class VisitorLine implements HealthIndicator {
    static final String ROUTE = "visitors-issue";
    private static final String CREATED_PASSES = "twin:events?types=created&filter=RAW(eq(definition,\""
            + VisitorPasses.DEFINITION + "\"))";

    private final CamelContext camel;

    @Activate
    public VisitorLine(BundleContext context, @Reference(target = "(component=twin)") ComponentResolver twin)
            throws Exception {
        camel = new OsgiDefaultCamelContext(context);
        // twin: resolved for this context is bound to this bundle; the reference also makes DS wait for camel-twin
        camel.addComponent("twin", twin.resolveComponent("twin", camel));
        camel.start(); // before routes are added: OsgiDefaultCamelContext leaves routes added earlier unstarted
        camel.addRoutes(routes());
    }

    /** The line's route, on whichever {@code twin:} component its context has (tests give one over a memory registry). */
    static RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(CREATED_PASSES).routeId(ROUTE)
                        .filter(e -> VisitorPasses.needsIssuing(e.getMessage().getHeader(TwinConstants.TWIN,
                                Twin.class)))
                        .setHeader(TwinConstants.PATH, constant(""))
                        .setBody(e -> VisitorPasses.issue())
                        .to("twin:merge");
            }
        };
    }

    @Deactivate
    void deactivate() {
        camel.stop();
    }

    @Override
    public String name() {
        return "visitor-line";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    public boolean ready() {
        return camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started;
    }
}
