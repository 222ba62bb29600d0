package org.dayuan.energy;

/** One problem in a bill file, at a 1-based physical line number (the header is line 1). */
public record BillError(int line, String reason) {
    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
