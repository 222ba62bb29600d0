package org.dayuan.twin;

import java.util.List;

/** A twin and the twins below it by their {@code parent} attributes, descendants in thingId order. */
public record Subtree(Twin root, List<Twin> descendants) {
    public Subtree {
        descendants = List.copyOf(descendants);
    }
}
