package org.dayuan.fleet.costs;

/** One problem of an imported file, at a 1-based physical line (the header is line 1; 0: the file as a whole). */
public record RowError(int line, String reason) implements Comparable<RowError> {
    @Override
    public int compareTo(RowError o) {
        return Integer.compare(line, o.line);
    }

    @Override
    public String toString() {
        return line == 0 ? reason : "line " + line + ": " + reason;
    }
}
