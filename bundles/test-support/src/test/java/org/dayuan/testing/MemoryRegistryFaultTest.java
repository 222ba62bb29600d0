package org.dayuan.testing;

import org.dayuan.twin.core.MemoryJournal;
import org.dayuan.twin.spi.TwinJournal;

class MemoryRegistryFaultTest extends RegistryFaultContract {
    @Override
    protected TwinJournal openStore() {
        return new MemoryJournal();
    }
}
