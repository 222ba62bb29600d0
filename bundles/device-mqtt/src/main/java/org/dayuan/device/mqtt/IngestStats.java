package org.dayuan.device.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the ingestion, for the status API and the log. */
final class IngestStats {
    final AtomicLong received = new AtomicLong();
    final AtomicLong applied = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile boolean connected;
    volatile String lastError;
}
