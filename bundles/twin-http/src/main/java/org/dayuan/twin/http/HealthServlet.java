package org.dayuan.twin.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.StoreHealth;
import org.dayuan.twin.TwinRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/health}: 200 and {@code UP} when the store answers and every part of Dayuan serves; 503 and
 * {@code DOWN} when a part failed; 503 and {@code STARTING} while no part failed but some are still starting. A part is
 * down when a Dayuan component failed to start (as the embedded broker does when its port is taken) or when a
 * {@link HealthIndicator} names a problem (the MQTT ingestion while it cannot reach its broker). A part is starting
 * while a Dayuan bundle is not yet active, a Dayuan component waits for its configuration or a service, or a
 * {@link HealthIndicator} is not yet {@link HealthIndicator#ready() ready} (the realm's first users being written, a
 * line replaying its history). So UP means a login works and every line serves: scripts and tests wait for it.
 *
 * <p>{@code GET /api/health/live} answers 200 while the process runs, whatever the parts do, for a supervisor that
 * must tell a slow start from a dead process.
 *
 * <p>A monitor without a login learns only UP or DOWN. A login also gets which parts are down and why, the store's
 * kind, the version, the uptime and how many twins it may see; only an administrator sees where the store is. An
 * administrator or a monitor (role {@value Caller#ROLE_METRICS}) also gets the journal's figures: appends waiting
 * for the writer, the last journal position, and the age of the newest snapshot and the events after it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-health")
@HttpWhiteboardServletPattern({"/api/health", "/api/health/live"})
public final class HealthServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String DAYUAN_BUNDLES = "org.dayuan";
    private static final String LIVE = "/api/health/live";

    private final transient TwinRegistry registry;
    private final transient StoreHealth store;
    private final transient ServiceComponentRuntime components;
    private final transient BundleContext context;
    /** How long a verdict stands: short beside any poll interval, long beside a request under load. */
    static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    transient LongSupplier clock = System::nanoTime;
    private final transient Object judging = new Object();
    private transient volatile Verdict last;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<HealthIndicator> indicators = List.of();

    @Activate
    public HealthServlet(@Reference TwinRegistry registry, @Reference StoreHealth store,
                         @Reference ServiceComponentRuntime components, BundleContext context) {
        this.registry = registry;
        this.store = store;
        this.components = components;
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ObjectNode body = Http.MAPPER.createObjectNode();
        if (LIVE.equals(req.getServletPath())) {
            body.put("status", "LIVE");
            Http.writeJson(resp, 200, body);
            return;
        }
        Verdict verdict = verdict();
        boolean storeHealthy = verdict.storeHealthy();
        Parts parts = verdict.parts();
        String status = parts.status(storeHealthy);
        body.put("status", status);
        if (req.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            String where = store.describe();
            // The store's location (a file path or a JDBC URL) tells an outsider about the machine: administrators only.
            body.put("store", caller.may(Caller.Access.ADMINISTER) ? where : where.split("[ :]", 2)[0]);
            body.put("storeHealthy", storeHealthy);
            ObjectNode down = body.putObject("down");
            parts.down().forEach(down::put);
            ObjectNode starting = body.putObject("starting");
            parts.starting().forEach(starting::put);
            body.put("twins", registry.count(caller));
            var bundle = FrameworkUtil.getBundle(HealthServlet.class);
            body.put("version", bundle == null ? "unknown" : bundle.getVersion().toString());
            body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
            if (caller.may(Caller.Access.METRICS)) { // administrators and monitors
                // What an operator looks at first when writes slow down or a restart would be long.
                ObjectNode journal = body.putObject("journal");
                store.figures().forEach((name, value) -> {
                    if (value instanceof Double || value instanceof Float) {
                        journal.put(name, value.doubleValue());
                    } else {
                        journal.put(name, value.longValue());
                    }
                });
            }
        }
        Http.writeJson(resp, "UP".equals(status) ? 200 : 503, body);
    }

    /** The store's answer and the parts, as judged at {@code at} (nanoTime). */
    private record Verdict(boolean storeHealthy, Parts parts, long at) {
    }

    /**
     * The verdict of the last {@link #FRESH_NANOS} or a new one. Judging walks every bundle and component and asks the
     * store, which takes a lock and a round trip; monitors and load balancers that poll at load then cost one
     * judgement per interval instead of one each, and wait for the one in progress instead of starting their own.
     */
    private Verdict verdict() {
        Verdict v = last;
        if (v != null && clock.getAsLong() - v.at() < FRESH_NANOS) {
            return v;
        }
        synchronized (judging) {
            v = last;
            if (v == null || clock.getAsLong() - v.at() >= FRESH_NANOS) {
                v = new Verdict(store.isHealthy(), parts(), clock.getAsLong());
                last = v;
            }
            return v;
        }
    }

    /** The parts that are down and those still starting, each by name with why. */
    record Parts(Map<String, String> down, Map<String, String> starting) {
        /** DOWN when the store or a part failed, else STARTING while a part starts, else UP. */
        String status(boolean storeHealthy) {
            return !storeHealthy || !down.isEmpty() ? "DOWN" : !starting.isEmpty() ? "STARTING" : "UP";
        }
    }

    Parts parts() {
        Map<String, String> down = new TreeMap<>();
        Map<String, String> starting = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            // a fragment is never active: it lives in its host
            if (name != null && name.startsWith(DAYUAN_BUNDLES) && bundle.getState() != Bundle.ACTIVE
                    && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                starting.put(name, "bundle " + (bundle.getState() == Bundle.STARTING ? "starting" : "not started"));
            }
        }
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith(DAYUAN_BUNDLES)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    down.put(description.name, "failed to start: " + rootCause(configuration.failure));
                } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = Arrays.stream(configuration.unsatisfiedReferences)
                            .map(reference -> reference.name).toList();
                    starting.put(description.name, "waits for " + missing);
                } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    starting.put(description.name, "waits for its configuration");
                }
            }
        }
        for (HealthIndicator indicator : indicators) {
            Optional<String> problem = indicator.problem();
            if (problem.isPresent()) {
                down.put(indicator.name(), problem.get());
            } else if (!indicator.ready()) {
                starting.put(indicator.name(), "starting");
            }
        }
        return new Parts(down, starting);
    }

    /**
     * A failure as the runtime records it is a whole stack trace whose first line is often only a wrapper
     * (InvocationTargetException); its innermost cause says what went wrong.
     */
    static String rootCause(String failure) {
        if (failure == null) {
            return "unknown";
        }
        String cause = "Caused by: ";
        return failure.lines().filter(l -> l.startsWith(cause)).reduce((first, last) -> last)
                .map(l -> l.substring(cause.length()))
                .orElseGet(() -> failure.lines().findFirst().orElse("unknown"));
    }
}
