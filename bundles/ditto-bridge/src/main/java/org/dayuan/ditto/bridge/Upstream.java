package org.dayuan.ditto.bridge;

import java.util.concurrent.CompletionStage;

/** One connection to the upstream Ditto Protocol endpoint. */
public interface Upstream extends AutoCloseable {
    /**
     * Sends {@code command}; the stage completes once the upstream acknowledged it (a deletion of a twin the upstream
     * does not have counts as done) and fails with the upstream's refusal or a lost connection.
     */
    CompletionStage<Void> send(UpstreamCommand command);

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
