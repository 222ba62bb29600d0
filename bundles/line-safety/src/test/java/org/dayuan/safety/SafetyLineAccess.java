package org.dayuan.safety;

/** The line as tests in other packages drive it: started over a {@link Fixture}, settled, stopped. */
public final class SafetyLineAccess {
    public final SafetyLine line;

    private SafetyLineAccess(SafetyLine line) {
        this.line = line;
    }

    public static SafetyLineAccess start(Fixture f, SafetyConfig config) {
        return new SafetyLineAccess(new SafetyLine(config, f.line.registry(), f.line.search(),
                f.line.subscriptions(), f.alarms, f.workOrders, f.clock, false));
    }

    public void settle() {
        line.settle();
    }

    public void stop() {
        line.deactivate();
    }
}
