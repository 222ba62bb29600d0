package org.dayuan.twin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The audit trail of accepted changes: read-only; entries are written only by the registry's write path. */
@ProviderType
public interface TwinAudit {

    /**
     * Entries matching {@code query}, newest first, further restricted to the caller's organisation subtrees;
     * refused with {@link ErrorCode#ACCESS_FORBIDDEN} unless the caller's roles grant {@link Caller.Access#AUDIT}.
     */
    List<AuditRecord> query(Caller caller, AuditQuery query);
}
