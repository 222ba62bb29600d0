package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HealthServletTest {
    @Test
    void aFailedPartIsNamedByItsInnermostCause() {
        String trace = String.join("\n",
                "java.lang.reflect.InvocationTargetException",
                "\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)",
                "Caused by: java.io.IOException: The embedded MQTT broker cannot listen on 127.0.0.1:11883: the port"
                        + " is in use",
                "\tat org.dayuan.mqtt.broker.EmbeddedBroker.<init>(EmbeddedBroker.java:80)",
                "Caused by: java.net.BindException: Address already in use",
                "\t... 12 more");
        assertEquals("java.net.BindException: Address already in use", HealthServlet.rootCause(trace));
        assertEquals("java.lang.IllegalStateException: no", HealthServlet.rootCause(
                "java.lang.IllegalStateException: no\n\tat x.y(Z.java:1)"));
        assertEquals("unknown", HealthServlet.rootCause(null));
    }
}
