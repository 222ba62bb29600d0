package org.dayuan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.junit.jupiter.api.Test;

/** The loader's lifecycle, called directly as DS would call it, against an in-memory registry. */
class DemoLoaderTest {
    private static final Caller ADMIN = Caller.fromGrants("admin", List.of(Caller.ROLE_ADMIN, "ns:*"), "test");
    private static final List<ObjectNode> DEMO = DemoCounty.twins();
    private static final long WAIT_SECONDS = 30;

    @Test
    void loadsEveryTwinInOrderIntoAnEmptyRegistry() throws InterruptedException {
        FakeRegistry registry = new FakeRegistry();
        DemoLoader loader = new DemoLoader(registry, () -> DEMO);

        loader.activate(config(true));
        assertTrue(loader.awaitLoaded(WAIT_SECONDS, TimeUnit.SECONDS));
        loader.deactivate();

        assertEquals(DEMO.size(), registry.count(ADMIN));
        assertEquals(DEMO.stream().map(DemoData::id).toList(), registry.created);
    }

    @Test
    void leavesARegistryThatHoldsTwinsAlone() throws InterruptedException {
        FakeRegistry registry = new FakeRegistry();
        registry.create(ADMIN, TwinId.of("acme:existing"), JsonNodeFactory.instance.objectNode());
        DemoLoader loader = new DemoLoader(registry, () -> DEMO);

        loader.activate(config(true));
        assertTrue(loader.awaitLoaded(WAIT_SECONDS, TimeUnit.SECONDS));
        loader.deactivate();

        assertEquals(List.of("acme:existing"), registry.created);
    }

    @Test
    void doesNothingWhenDisabled() throws InterruptedException {
        FakeRegistry registry = new FakeRegistry();
        DemoLoader loader = new DemoLoader(registry, () -> DEMO);

        loader.activate(config(false));
        assertTrue(loader.awaitLoaded(WAIT_SECONDS, TimeUnit.SECONDS));
        loader.deactivate();

        assertEquals(0, registry.counted, "the registry is not even asked");
        assertTrue(registry.created.isEmpty());
    }

    private static DemoLoader.Config config(boolean enabled) {
        return config(enabled, false);
    }

    static DemoLoader.Config config(boolean enabled, boolean users) {
        return new DemoLoader.Config() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public boolean users() {
                return users;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DemoLoader.Config.class;
            }
        };
    }

    /** Just enough registry for the loader: create and count; the rest is not the loader's business. */
    private static final class FakeRegistry implements TwinRegistry {
        final Map<TwinId, Twin> twins = new ConcurrentHashMap<>();
        final List<String> created = Collections.synchronizedList(new ArrayList<>());
        volatile int counted;

        @Override
        public List<WriteResult> writeAll(Caller caller, List<TwinWrite> writes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<WriteResult> checkAll(Caller caller, List<TwinWrite> writes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Caller identity() {
            return ADMIN;
        }

        @Override
        public Twin create(Caller caller, TwinId id, ObjectNode thing) {
            Instant now = Instant.now();
            Twin twin = Twin.of(id, thing, 1, now, now);
            twins.put(id, twin);
            created.add(id.toString());
            return twin;
        }

        @Override
        public int count(Caller caller) {
            counted++;
            return twins.size();
        }

        @Override
        public Optional<Twin> get(Caller caller, TwinId id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Twin> getAll(Caller caller, Collection<TwinId> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Twin> list(Caller caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition,
                boolean recursive) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TwinId> children(Caller caller, TwinId id) {
            throw new UnsupportedOperationException();
        }
    }
}
