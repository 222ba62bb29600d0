package org.dayuan.auth.osgi;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link AuthConfig} with the declared defaults, some overridden. */
final class TestConfig {
    private TestConfig() {
    }

    static AuthConfig with(Map<String, Object> overrides) {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class}, (p, m, args) -> {
                    if (m.getName().equals("annotationType")) {
                        return AuthConfig.class;
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
