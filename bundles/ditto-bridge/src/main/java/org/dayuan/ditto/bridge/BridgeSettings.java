package org.dayuan.ditto.bridge;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.dayuan.twin.TwinId;

/** The bridge's configuration, checked; every refusal names the PID and the key. */
record BridgeSettings(boolean enabled, String endpoint, String username, String password, String bearerToken,
                      String trustStore, String trustStorePassword, Set<String> namespaces, String source,
                      int queueSize, int window, long retryInitialMillis, long retryMaxMillis, int timeoutSeconds,
                      Path positionFile) {
    static final String PID = "org.dayuan.ditto.bridge";

    static BridgeSettings of(BridgeConfig c, Path dataDir) {
        String endpoint = text(c.endpoint());
        Set<String> namespaces = new LinkedHashSet<>();
        Arrays.stream(text(c.namespaces()).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(namespaces::add);
        String positionFile = text(c.positionFile());
        BridgeSettings s = new BridgeSettings(c.enabled(), endpoint, text(c.username()), text(c.password()),
                text(c.bearerToken()), text(c.trustStore()), text(c.trustStorePassword()), Set.copyOf(namespaces),
                text(c.source()), c.queueSize(), c.window(), c.retryInitialMillis(), c.retryMaxMillis(),
                c.timeoutSeconds(), positionFile.isEmpty()
                        ? dataDir.resolve("dayuan").resolve("ditto-bridge").resolve("position")
                        : Path.of(positionFile));
        if (s.enabled()) {
            s.check();
        }
        return s;
    }

    private void check() {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw refused("endpoint", "is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw refused("endpoint", "must be a ws:// or wss:// URL with a host, got '" + endpoint + "'");
        }
        if (namespaces.isEmpty()) {
            throw refused("namespaces", "must name at least one organisation to mirror");
        }
        for (String ns : namespaces) {
            if (!TwinId.isValidNamespace(ns)) {
                throw refused("namespaces", "holds '" + ns + "', which is not a namespace");
            }
        }
        if (source.isEmpty()) {
            throw refused("source", "must name this county instance (recorded on every upstream copy)");
        }
        if (bearerToken.isEmpty() && username.isEmpty()) {
            throw refused("username", "is needed unless bearerToken is set");
        }
        if (queueSize < 1) {
            throw refused("queueSize", "must be at least 1, got " + queueSize);
        }
        if (window < 1 || window > 10000) {
            throw refused("window", "must be between 1 and 10000, got " + window);
        }
        if (retryInitialMillis < 1 || retryMaxMillis < retryInitialMillis) {
            throw refused("retryMaxMillis", "must be at least retryInitialMillis, which must be at least 1");
        }
        if (timeoutSeconds < 1) {
            throw refused("timeoutSeconds", "must be at least 1, got " + timeoutSeconds);
        }
    }

    private static IllegalArgumentException refused(String key, String why) {
        return new IllegalArgumentException(PID + ": " + key + " " + why + ".");
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    Bridge.Options options() {
        return new Bridge.Options(endpoint, source, namespaces, queueSize, window,
                Duration.ofMillis(retryInitialMillis), Duration.ofMillis(retryMaxMillis));
    }

    @Override
    public String toString() {
        // never the password, token or trust store password
        return "endpoint " + endpoint + ", namespaces " + namespaces + ", source " + source;
    }
}
