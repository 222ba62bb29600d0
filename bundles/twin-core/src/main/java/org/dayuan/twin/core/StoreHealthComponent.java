package org.dayuan.twin.core;

import java.util.Map;

import org.dayuan.twin.StoreHealth;
import org.dayuan.twin.spi.TwinJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The journal's health, published through the API, so that only twin-core and the store itself see the journal SPI.
 */
@Component(service = StoreHealth.class)
public final class StoreHealthComponent implements StoreHealth {
    private final TwinJournal journal;

    @Activate
    public StoreHealthComponent(@Reference TwinJournal journal) {
        this.journal = journal;
    }

    @Override
    public boolean isHealthy() {
        return journal.isHealthy();
    }

    @Override
    public String describe() {
        return journal.describe();
    }

    @Override
    public Map<String, Number> figures() {
        return journal.figures();
    }
}
