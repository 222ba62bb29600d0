package org.dayuan.twin.core;

import org.dayuan.twin.spi.TwinJournal;

class MemoryRegistryFaultTest extends RegistryFaultContract {
    @Override
    protected TwinJournal openStore() {
        return new MemoryJournal();
    }
}
