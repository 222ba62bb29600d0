package org.dayuan.ditto.bridge;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.dayuan.twin.TwinId;

/** One connection to the upstream Ditto Protocol endpoint. */
public interface Upstream extends AutoCloseable {
    /**
     * Sends {@code command}; the stage completes once the upstream acknowledged it (a deletion of a twin the upstream
     * does not have counts as done) and fails with the upstream's refusal or a lost connection.
     */
    CompletionStage<Void> send(UpstreamCommand command);

    /**
     * The ids of the copies the upstream holds in {@code namespaces} that came from {@code source} (their
     * {@link UpstreamCommand#SOURCE_ATTRIBUTE} names it), read page by page; blocks until all are read.
     */
    Set<TwinId> mirrored(String source, Set<String> namespaces) throws Exception;

    /** Whether the connection still stands; once lost, the bridge opens a new one. */
    boolean isOpen();

    @Override
    void close();

    /** Opens connections; throws when the upstream cannot be reached or refuses the login. */
    @FunctionalInterface
    interface Connector {
        Upstream connect() throws Exception;
    }
}
