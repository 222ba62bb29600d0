package org.dayuan.twin;

import java.util.Optional;

/** One change from a twin's history and the twin right after it (empty when the change deleted it). */
public record TwinChange(TwinEvent event, Optional<Twin> twin) {
}
