package org.dayuan.attachments;

import java.util.Locale;
import java.util.Optional;

/** What a document is to its owner; the id is what the twin and the API carry. */
public enum Kind {
    DEED("产权证明"),
    LEASE("租赁合同"),
    DRAWING("图纸"),
    PHOTO("照片"),
    OTHER("其他");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Chinese label, as the office registers name it. */
    public String label() {
        return label;
    }

    public static Optional<Kind> of(String id) {
        for (Kind k : values()) {
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
