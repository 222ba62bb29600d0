package org.dayuan.twin.core.grants;

import java.util.List;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinAudit;
import org.dayuan.twin.core.AuditTrail;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** The {@link TwinAudit} service as one bundle gets it: every query bounded by that bundle's grant. */
@Component(service = TwinAudit.class, scope = ServiceScope.BUNDLE)
public final class BundleAudit implements TwinAudit {
    private final TwinAudit audit;
    private final BundleGrants grants;
    private final String bundle;

    @Activate
    public BundleAudit(@Reference AuditTrail audit, @Reference BundleGrants grants, ComponentContext context) {
        this(audit, grants, context.getUsingBundle().getSymbolicName());
    }

    /** The view of the bundle with symbolic name {@code bundle}. */
    public BundleAudit(TwinAudit audit, BundleGrants grants, String bundle) {
        this.audit = audit;
        this.grants = grants;
        this.bundle = bundle;
    }

    @Override
    public List<AuditRecord> query(Caller caller, AuditQuery query) {
        return audit.query(grants.bound(bundle, caller), query);
    }
}
