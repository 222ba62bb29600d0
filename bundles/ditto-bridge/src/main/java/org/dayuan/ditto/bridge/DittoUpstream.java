package org.dayuan.ditto.bridge;

import java.net.MalformedURLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.neovisionaries.ws.client.WebSocket;
import org.dayuan.http.kit.Http;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.client.DisconnectedDittoClient;
import org.eclipse.ditto.client.DittoClient;
import org.eclipse.ditto.client.DittoClients;
import org.eclipse.ditto.client.configuration.AccessTokenAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.BasicAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.MessagingConfiguration;
import org.eclipse.ditto.client.configuration.TrustStoreConfiguration;
import org.eclipse.ditto.client.configuration.WebSocketMessagingConfiguration;
import org.eclipse.ditto.client.messaging.AuthenticationProvider;
import org.eclipse.ditto.client.messaging.AuthenticationProviders;
import org.eclipse.ditto.client.messaging.MessagingProviders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.jwt.model.ImmutableJsonWebToken;
import org.eclipse.ditto.things.model.ThingId;

/**
 * The upstream over the Eclipse Ditto Java client's WebSocket (Ditto Protocol on {@code <endpoint>/ws/2}). The
 * client's own reconnect is off: a lost connection fails the bridge's commands, and the bridge reconnects with its
 * backoff and resumes from its durable position, which the client's reconnect could not do.
 */
final class DittoUpstream implements Upstream {
    private final DittoClient client;
    private volatile boolean open = true;

    private DittoUpstream(DittoClient client) {
        this.client = client;
    }

    /** A connector for {@code settings}; each call opens a new connection. */
    static Upstream.Connector connector(BridgeSettings settings) {
        return () -> connect(settings);
    }

    static DittoUpstream connect(BridgeSettings settings) throws Exception {
        DittoUpstream[] self = new DittoUpstream[1];
        MessagingConfiguration.Builder config = WebSocketMessagingConfiguration.newBuilder()
                .endpoint(settings.endpoint())
                .jsonSchemaVersion(JsonSchemaVersion.V_2)
                .timeout(Duration.ofSeconds(settings.timeoutSeconds()))
                .reconnectEnabled(false)
                .initialConnectRetryEnabled(false)
                .connectionErrorHandler(e -> lost(self))
                .disconnectedListener(context -> lost(self));
        if (!settings.trustStore().isEmpty()) {
            try {
                config.trustStoreConfiguration(TrustStoreConfiguration.newBuilder()
                        .location(Path.of(settings.trustStore()).toUri().toURL())
                        .password(settings.trustStorePassword()).build());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("The trust store path '" + settings.trustStore()
                        + "' is not a file path.", e);
            }
        }
        DisconnectedDittoClient disconnected = DittoClients.newInstance(
                MessagingProviders.webSocket(config.build(), authentication(settings)));
        try {
            DittoClient client = disconnected.connect().toCompletableFuture()
                    .get(settings.timeoutSeconds(), TimeUnit.SECONDS);
            self[0] = new DittoUpstream(client);
            return self[0];
        } catch (Exception e) {
            disconnected.destroy();
            throw e;
        }
    }

    private static void lost(DittoUpstream[] self) {
        if (self[0] != null) {
            self[0].open = false;
        }
    }

    private static AuthenticationProvider<WebSocket> authentication(BridgeSettings settings) {
        if (!settings.bearerToken().isEmpty()) {
            String token = settings.bearerToken();
            return AuthenticationProviders.accessToken(AccessTokenAuthenticationConfiguration.newBuilder()
                    .identifier(settings.username().isEmpty() ? settings.source() : settings.username())
                    .accessTokenSupplier(() -> ImmutableJsonWebToken.fromToken(token))
                    .build());
        }
        return AuthenticationProviders.basic(BasicAuthenticationConfiguration.newBuilder()
                .username(settings.username()).password(settings.password()).build());
    }

    @Override
    public CompletionStage<Void> send(UpstreamCommand command) {
        ThingId id = ThingId.of(command.id().toString());
        if (command.kind() == UpstreamCommand.Kind.DELETE) {
            return client.twin().delete(id).exceptionally(e -> {
                if (status(e) == 404) {
                    return null; // already gone upstream: the deletion is done
                }
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            });
        }
        String json;
        try {
            json = Http.MAPPER.writeValueAsString(command.thing());
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.twin().put(JsonFactory.newObject(json)).thenApply(previous -> null);
    }

    @Override
    public Set<TwinId> mirrored(String source, Set<String> namespaces) {
        String filter = "eq(attributes/" + UpstreamCommand.SOURCE_ATTRIBUTE + "/" + UpstreamCommand.SOURCE_INSTANCE
                + "," + TwinSearch.literal(source) + ")";
        return client.twin().search().stream(q -> q.filter(filter).namespaces(namespaces).fields("thingId")
                        .options("size(200)"))
                .map(t -> TwinId.of(t.getEntityId().orElseThrow().toString())).collect(Collectors.toSet());
    }

    private static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DittoRuntimeException d) {
                return d.getHttpStatus().getCode();
            }
        }
        return -1;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        client.destroy();
    }
}
