package org.dayuan.twin.core;

import java.util.List;

import org.dayuan.twin.AuditQuery;
import org.dayuan.twin.AuditRecord;
import org.dayuan.twin.Caller;
import org.dayuan.twin.TwinAudit;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The audit trail, published to other bundles as {@link TwinAudit} through
 * {@link org.dayuan.twin.core.grants.BundleAudit}, bounded by each bundle's grant. Entries are written only by the registry's write path, in the
 * journal's transaction; here they are only read, and only those about twins in the caller's organisations.
 */
@Component(service = AuditTrail.class)
public final class AuditTrail implements TwinAudit {
    private final TwinJournal journal;

    @Activate
    public AuditTrail(@Reference TwinJournal journal) {
        this.journal = journal;
    }

    @Override
    public List<AuditRecord> query(Caller caller, AuditQuery query) {
        caller.require(Caller.Access.AUDIT, "read the audit trail");
        // The caller's scopes replace whatever the query asked for: nobody widens their own view.
        return journal.audit(new AuditQuery(query.thingId(), query.subject(), query.from(), query.to(),
                query.beforeSeq(), query.limit(), caller.namespaces()));
    }
}
