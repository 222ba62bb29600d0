package org.dayuan.store.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the twin journal, PID {@value #PID} (file {@code etc/org.dayuan.store.cfg}). */
@ObjectClassDefinition(name = "Dayuan twin store",
        description = "Where the durable journal of twin events and the twin snapshots are kept.")
public @interface StoreConfig {
    String PID = "org.dayuan.store";

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "jdbc:h2:... or jdbc:postgresql://host:port/database. Empty means the embedded H2 file"
                    + " ${karaf.data}/dayuan/twins.")
    String url() default "";

    @AttributeDefinition(name = "User", required = false,
            description = "Database user; empty uses the driver's default.")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Database password; empty for none.")
    String password() default "";

    @AttributeDefinition(name = "Connections for reads", min = "1", max = "100",
            description = "Size of the pool that journal reads (history, events, audit, snapshots) and bundles"
                    + " using the store's DataSource (attachments) share. The journal's writer, its history job and"
                    + " its health probe hold one connection each besides.")
    int poolSize() default 8;

    @AttributeDefinition(name = "Events per transaction", min = "1", max = "100000",
            description = "Most events written in one transaction by group commit; a single append larger than"
                    + " this still goes in one transaction.")
    int maxBatch() default 1000;

    @AttributeDefinition(name = "Keep history (days)", min = "0",
            description = "Events older than this are removed in the background; past states after the cut can"
                    + " still be read, earlier ones get a 404. 0 keeps every event for ever.")
    int retentionDays() default 0;

    @AttributeDefinition(name = "History upkeep every (minutes)", min = "1", max = "10080",
            description = "How often the background job copies the latest snapshot's changed twins into history"
                    + " checkpoints (which keep history reads short and are what retention keeps) and removes"
                    + " events older than retentionDays.")
    int retentionCheckMinutes() default 60;

    @AttributeDefinition(name = "Keep the audit of telemetry (days)", min = "0",
            description = "Audit records of changes by a caller whose only role is device (readings, MQTT"
                    + " ingestion) older than this are removed in the background. 0 keeps them for ever.")
    int auditTelemetryDays() default 180;

    @AttributeDefinition(name = "Keep other audit records (days)", min = "0",
            description = "Every other audit record (changes by people and services) older than this is removed"
                    + " in the background. 0, the default, keeps them for ever.")
    int auditDays() default 0;
}
