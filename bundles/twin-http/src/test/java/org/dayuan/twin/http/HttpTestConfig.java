package org.dayuan.twin.http;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link HttpConfig} with the declared defaults, some overridden, as Declarative Services would build it. */
final class HttpTestConfig {
    private HttpTestConfig() {
    }

    static HttpConfig with(Map<String, Object> overrides) {
        return (HttpConfig) Proxy.newProxyInstance(HttpConfig.class.getClassLoader(),
                new Class<?>[] {HttpConfig.class}, (p, m, args) -> {
                    if (m.getName().equals("annotationType")) {
                        return HttpConfig.class;
                    }
                    if (overrides.containsKey(m.getName())) {
                        return overrides.get(m.getName());
                    }
                    if (m.getDefaultValue() != null) {
                        return m.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
