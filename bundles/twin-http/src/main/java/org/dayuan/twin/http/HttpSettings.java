package org.dayuan.twin.http;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The settings of {@code org.dayuan.http}, read by the things servlet and the CORS filter on each request. They are
 * a service of their own so that a change applies in place: a whiteboard servlet or filter that took the
 * configuration itself would change its service properties with it and be registered anew, and during that swap
 * Pax Web answered 404s and 500s for seconds, or lost the servlet.
 */
@Component(service = HttpSettings.class, configurationPid = "org.dayuan.http")
@Designate(ocd = HttpConfig.class)
public final class HttpSettings {
    private volatile HttpConfig config;
    private volatile Set<String> corsOrigins;

    @Activate
    public HttpSettings(HttpConfig config) {
        modified(config);
    }

    @Modified
    void modified(HttpConfig newConfig) {
        // A .cfg file gives one string; accept "a, b" there as well as a real array.
        corsOrigins = Arrays.stream(newConfig.corsAllowedOrigins()).flatMap(o -> Arrays.stream(o.split(",")))
                .map(String::trim).filter(o -> !o.isEmpty()).collect(Collectors.toUnmodifiableSet());
        config = newConfig;
    }

    int maxBodyBytes() {
        return config.maxBodyBytes();
    }

    String defaultNamespace() {
        return config.defaultNamespace();
    }

    /** The allowed origins as configured, {@code *} among them when any origin may read without credentials. */
    Set<String> corsOrigins() {
        return corsOrigins;
    }

    int corsMaxAgeSeconds() {
        return config.corsMaxAgeSeconds();
    }
}
