package org.dayuan.twin.core.grants;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;
import org.dayuan.twin.core.Registry;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link TwinRegistry} service as one bundle gets it: every call bounded by that bundle's grant
 * ({@link BundleGrants}), whatever Caller it passes. One instance per using bundle.
 */
@Component(service = TwinRegistry.class, scope = ServiceScope.BUNDLE)
public final class BundleRegistry implements TwinRegistry {
    private final TwinRegistry registry;
    private final BundleGrants grants;
    private final String bundle;

    @Activate
    public BundleRegistry(@Reference Registry registry, @Reference BundleGrants grants, ComponentContext context) {
        this(registry, grants, context.getUsingBundle().getSymbolicName());
    }

    /** The view of the bundle with symbolic name {@code bundle}; also for tests of code that uses the registry. */
    public BundleRegistry(TwinRegistry registry, BundleGrants grants, String bundle) {
        this.registry = registry;
        this.grants = grants;
        this.bundle = bundle;
    }

    private Caller bound(Caller caller) {
        return grants.bound(bundle, caller);
    }

    @Override
    public Caller identity() {
        return grants.identity(bundle);
    }

    @Override
    public Optional<Twin> get(Caller caller, TwinId id) {
        return registry.get(bound(caller), id);
    }

    @Override
    public List<Twin> getAll(Caller caller, Collection<TwinId> ids) {
        return registry.getAll(bound(caller), ids);
    }

    @Override
    public List<Twin> list(Caller caller) {
        return registry.list(bound(caller));
    }

    @Override
    public Twin create(Caller caller, TwinId id, ObjectNode thing) {
        return registry.create(bound(caller), id, thing);
    }

    @Override
    public WriteResult put(Caller caller, TwinId id, JsonPointer path, JsonNode value, WriteCondition condition) {
        return registry.put(bound(caller), id, path, value, condition);
    }

    @Override
    public WriteResult merge(Caller caller, TwinId id, JsonPointer path, JsonNode patch, WriteCondition condition) {
        return registry.merge(bound(caller), id, path, patch, condition);
    }

    @Override
    public WriteResult delete(Caller caller, TwinId id, JsonPointer path, WriteCondition condition,
                              boolean recursive) {
        return registry.delete(bound(caller), id, path, condition, recursive);
    }

    @Override
    public List<WriteResult> writeAll(Caller caller, List<TwinWrite> writes) {
        return registry.writeAll(bound(caller), writes);
    }

    @Override
    public List<WriteResult> checkAll(Caller caller, List<TwinWrite> writes) {
        return registry.checkAll(bound(caller), writes);
    }

    @Override
    public List<TwinId> children(Caller caller, TwinId id) {
        return registry.children(bound(caller), id);
    }

    @Override
    public int count(Caller caller) {
        return registry.count(bound(caller));
    }
}
