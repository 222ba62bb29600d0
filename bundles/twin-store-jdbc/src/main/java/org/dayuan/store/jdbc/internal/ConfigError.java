package org.dayuan.store.jdbc.internal;

/** Builds the one kind of error a bad configuration gets, so every message names the PID and the key to fix. */
final class ConfigError {
    private ConfigError() {
    }

    static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("Invalid configuration " + StoreConfig.PID + " '" + key + "': " + problem);
    }
}
