package org.dayuan.store.jdbc.internal;

import java.lang.annotation.Annotation;

/** A {@link StoreConfig} as Configuration Admin would hand it to the component. */
final class TestConfig {
    private TestConfig() {
    }

    static StoreConfig of(String url, String user, String password, int maxBatch) {
        return of(url, user, password, maxBatch, 0, 60);
    }

    static StoreConfig of(String url, String user, String password, int maxBatch, int retentionDays,
                          int retentionCheckMinutes) {
        return of(url, user, password, maxBatch, retentionDays, retentionCheckMinutes, 180, 0);
    }

    static StoreConfig of(String url, String user, String password, int maxBatch, int retentionDays,
                          int retentionCheckMinutes, int auditTelemetryDays, int auditDays) {
        return of(url, user, password, maxBatch, retentionDays, retentionCheckMinutes, auditTelemetryDays, auditDays,
                8);
    }

    static StoreConfig of(String url, String user, String password, int maxBatch, int retentionDays,
                          int retentionCheckMinutes, int auditTelemetryDays, int auditDays, int poolSize) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public int poolSize() {
                return poolSize;
            }

            @Override
            public int maxBatch() {
                return maxBatch;
            }

            @Override
            public int retentionDays() {
                return retentionDays;
            }

            @Override
            public int retentionCheckMinutes() {
                return retentionCheckMinutes;
            }

            @Override
            public int auditTelemetryDays() {
                return auditTelemetryDays;
            }

            @Override
            public int auditDays() {
                return auditDays;
            }
        };
    }
}
