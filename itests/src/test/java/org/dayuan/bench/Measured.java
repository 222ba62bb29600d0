package org.dayuan.bench;

/** A measured value with how it was obtained, or why there is none. */
record Measured(double value, String error, String detail) {
    static Measured of(double value, String detail) {
        return new Measured(value, null, detail);
    }

    static Measured failed(String error) {
        return new Measured(Double.NaN, error == null ? "not measured" : error, null);
    }

    boolean ok() {
        return error == null && !Double.isNaN(value);
    }
}
