package org.dayuan.twin.core.models;

import org.dayuan.twin.ErrorCode;

/** The error codes of the model catalogue and its validator. */
public final class ModelErrors {
    /** A write would leave a twin that breaks its Thing Model, or names a model that was never installed. */
    public static final ErrorCode MODEL_VIOLATION = new ErrorCode("dayuan:model.violation", 400,
            "The twin's definition names an installed Thing Model; see GET /api/dayuan/models for its rules.");
    /**
     * A write to a twin whose model's bundle has stopped: the twin cannot be checked, so it is not changed. It stays
     * readable, searchable and deletable; starting the bundle again makes it writable.
     */
    public static final ErrorCode MODEL_NOT_INSTALLED = new ErrorCode("dayuan:model.notinstalled", 409,
            "The line that brings this Thing Model is not installed now. Install (or start) it again to change twins"
                    + " of this type; they can still be read, searched and deleted.");

    private ModelErrors() {
    }
}
