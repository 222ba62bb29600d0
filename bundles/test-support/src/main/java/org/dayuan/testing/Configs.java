package org.dayuan.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Metatype configuration annotations for tests, as DS would hand them to a component. */
public final class Configs {
    private Configs() {
    }

    /**
     * An instance of the configuration annotation {@code type} with every attribute at its default and the given
     * overrides by method name ({@code bill_maxLines} for key {@code bill.maxLines}), as DS builds one from a PID.
     */
    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (overrides.containsKey(m.getName())) {
                return overrides.get(m.getName());
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> type.getSimpleName();
            };
        });
    }
}
