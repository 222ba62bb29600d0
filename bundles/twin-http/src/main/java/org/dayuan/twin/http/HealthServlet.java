package org.dayuan.twin.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HealthIndicator;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.spi.TwinJournal;
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
 * {@code GET /api/health}: 200 and {@code UP} when the store answers and every part of Dayuan runs, 503 and
 * {@code DOWN} otherwise. A part is down when a Dayuan component failed to start or waits for a service that is not
 * there (as the embedded broker did when it could not read its store), or when a {@link HealthIndicator} says so
 * (the MQTT ingestion while it cannot reach its broker).
 *
 * <p>A monitor without a login learns only UP or DOWN. A login also gets which parts are down and why, the store's
 * kind, the version, the uptime and how many twins it may see; only an administrator sees where the store is.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dayuan-health")
@HttpWhiteboardServletPattern("/api/health")
public final class HealthServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    private static final String DAYUAN_BUNDLES = "org.dayuan";

    private final transient TwinRegistry registry;
    private final transient TwinJournal journal;
    private final transient ServiceComponentRuntime components;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<HealthIndicator> indicators = List.of();

    @Activate
    public HealthServlet(@Reference TwinRegistry registry, @Reference TwinJournal journal,
                         @Reference ServiceComponentRuntime components) {
        this.registry = registry;
        this.journal = journal;
        this.components = components;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean storeHealthy = journal.isHealthy();
        Map<String, String> down = partsDown();
        boolean healthy = storeHealthy && down.isEmpty();
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("status", healthy ? "UP" : "DOWN");
        if (req.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
            String store = journal.describe();
            // The store's location (a file path or a JDBC URL) tells an outsider about the machine: administrators only.
            body.put("store", caller.may(Caller.Access.ADMINISTER) ? store : store.split("[ :]", 2)[0]);
            body.put("storeHealthy", storeHealthy);
            ObjectNode parts = body.putObject("down");
            down.forEach(parts::put);
            body.put("twins", registry.count(caller));
            var bundle = FrameworkUtil.getBundle(HealthServlet.class);
            body.put("version", bundle == null ? "unknown" : bundle.getVersion().toString());
            body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        }
        Http.writeJson(resp, healthy ? 200 : 503, body);
    }

    /** Each part that is down, by name, with why. */
    Map<String, String> partsDown() {
        Map<String, String> down = new TreeMap<>();
        for (HealthIndicator indicator : indicators) {
            indicator.problem().ifPresent(problem -> down.put(indicator.name(), problem));
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
                    down.put(description.name, "waits for " + missing);
                }
            }
        }
        return down;
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
