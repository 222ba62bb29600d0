package org.dayuan.importer;

import java.util.Locale;
import java.util.Optional;

/** The two file formats an import takes, by media type or file name. */
public enum ImportFormat {
    NDJSON("application/x-ndjson"),
    CSV("text/csv");

    private final String mediaType;

    ImportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format of a request's {@code Content-Type}, parameters aside: {@code application/x-ndjson} (or the
     * spellings other tools send for it: {@code application/ndjson}, {@code application/jsonl},
     * {@code application/x-jsonlines}), or {@code text/csv}.
     */
    public static Optional<ImportFormat> ofMediaType(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return switch (base) {
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                    Optional.of(NDJSON);
            case "text/csv" -> Optional.of(CSV);
            default -> Optional.empty();
        };
    }

    /** The format of a file by its name: {@code .csv}, or {@code .ndjson}, {@code .jsonl}, {@code .json}. */
    public static Optional<ImportFormat> ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".ndjson") || n.endsWith(".jsonl") || n.endsWith(".json")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }
}
