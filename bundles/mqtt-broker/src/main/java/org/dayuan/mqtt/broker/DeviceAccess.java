package org.dayuan.mqtt.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.dayuan.auth.PasswordLogin;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker and what they may do there. A client logs in with a user name and password
 * of Dayuan's realm (the lockout applies as on HTTP); there are no anonymous clients. A publish is let through only
 * when the topic has the device topics' shape ({@code dayuan/<namespace>/<name>/<feature>}) and the user's role may
 * write features ({@code device}, {@code integrator}, ...) in that namespace's organisation; anything else is dropped
 * by the broker and never reaches ingestion. Reading (subscribing) is for the configured subscribers only, the
 * ingestion's service user: devices cannot read each other's telemetry.
 */
final class DeviceAccess implements IAuthenticator, IAuthorizatorPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAccess.class);

    private final PasswordLogin login;
    private final Set<String> subscribers;
    private final List<String> levels;
    private final int namespaceLevel;
    /** Who each user was at its latest login; a change of roles applies at the next connect. */
    private final Map<String, Caller> callers = new ConcurrentHashMap<>();
    /** Users and topics already refused, so a device retrying in a loop logs its refusal once. */
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();

    DeviceAccess(PasswordLogin login, String topicPattern, Set<String> subscribers) {
        this.login = login;
        this.subscribers = Set.copyOf(subscribers);
        this.levels = List.of(topicPattern.split("/", -1));
        this.namespaceLevel = levels.indexOf("{namespace}");
        if (namespaceLevel < 0 || levels.lastIndexOf("{namespace}") != namespaceLevel) {
            throw new IllegalArgumentException("The topic pattern '" + topicPattern
                    + "' must have {namespace} exactly once, as a whole topic level");
        }
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return false;
        }
        try {
            Caller caller = login.login(username, new String(password, StandardCharsets.UTF_8),
                    "mqtt client " + clientId);
            callers.put(username, caller);
            return true;
        } catch (DayuanException e) {
            // The login logs wrong credentials and lockouts itself; only a realm that cannot be asked is news here.
            if (e.status() >= 500) {
                LOG.error("MQTT client {} of user '{}' refused: {}", clientId, username, e.getMessage());
            }
            return false;
        }
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        Caller caller = user == null ? null : callers.get(user);
        String namespace = namespaceOf(topic.toString());
        boolean allowed = caller != null && namespace != null && caller.inScope(namespace)
                && caller.may(Caller.Access.WRITE_FEATURES);
        if (!allowed && refusalsLogged.size() < 10_000 && refusalsLogged.add(user + " " + topic)) {
            LOG.warn("MQTT publish of user '{}' (client {}) on {} dropped: {}", user, client, topic,
                    caller == null ? "not logged in" : namespace == null ? "not a device topic"
                            : "its roles " + caller.roles() + " in " + caller.namespaces()
                            + " do not allow writing devices of " + namespace);
        }
        return allowed;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return user != null && subscribers.contains(user) && callers.containsKey(user);
    }

    /** The namespace a device topic names, or null for a topic that is not one. */
    String namespaceOf(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != levels.size()) {
            return null;
        }
        for (int i = 0; i < parts.length; i++) {
            String level = levels.get(i);
            boolean placeholder = level.startsWith("{") && level.endsWith("}");
            if (placeholder ? parts[i].isEmpty() : !level.equals(parts[i])) {
                return null;
            }
        }
        String namespace = parts[namespaceLevel];
        return TwinId.isValidNamespace(namespace) ? namespace : null;
    }
}
