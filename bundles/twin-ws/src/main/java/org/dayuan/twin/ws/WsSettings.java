package org.dayuan.twin.ws;

/** The checked values of {@link WsConfig}, for the plain classes that need them. */
record WsSettings(int maxConnections, int maxConnectionsPerUser, int maxFrameBytes, int queueMessages,
                  int maxSearchesPerConnection, int idleTimeoutSeconds) {
    WsSettings {
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerUser", maxConnectionsPerUser);
        atLeast("maxFrameBytes", maxFrameBytes, 1024);
        atLeast("queueMessages", queueMessages, 16);
        positive("maxSearchesPerConnection", maxSearchesPerConnection);
        atLeast("idleTimeoutSeconds", idleTimeoutSeconds, 10);
    }

    static WsSettings of(WsConfig c) {
        return new WsSettings(c.maxConnections(), c.maxConnectionsPerUser(), c.maxFrameBytes(), c.queueMessages(),
                c.maxSearchesPerConnection(), c.idleTimeoutSeconds());
    }

    private static void positive(String key, int value) {
        atLeast(key, value, 1);
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(WsServlet.PID + ": '" + key + "' must be at least " + min + ", not "
                    + value + ".");
        }
    }
}
