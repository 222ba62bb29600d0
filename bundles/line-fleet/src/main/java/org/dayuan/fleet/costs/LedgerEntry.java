package org.dayuan.fleet.costs;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One cost as the ledger keeps it; {@link #key()} (kind and reference) is what a re-import overwrites. */
public record LedgerEntry(String vehicle, CostKind kind, String reference, OffsetDateTime at, double amount,
                          Double quantity, String unit, String vendor, String note, String importedAt,
                          String importedBy) {

    public String key() {
        return kind.id() + " " + reference;
    }

    /** RFC 3339 with seconds always (OffsetDateTime.toString leaves out zero seconds, which RFC 3339 requires). */
    public String stamp() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at);
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", kind.id());
        o.put("reference", reference);
        o.put("at", stamp());
        o.put("amount", amount);
        if (quantity != null) {
            o.put("quantity", quantity);
            o.put("unit", unit);
        }
        if (vendor != null) {
            o.put("vendor", vendor);
        }
        if (note != null) {
            o.put("note", note);
        }
        o.put("importedAt", importedAt);
        o.put("importedBy", importedBy);
        return o;
    }

    /** An entry as stored; null for one this version cannot read (it is then left as it is). */
    static LedgerEntry fromJson(String vehicle, JsonNode o) {
        CostKind kind = CostKind.parse(o.path("kind").asText("")).orElse(null);
        if (kind == null || !o.path("reference").isTextual() || !o.path("amount").isNumber()) {
            return null;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(o.path("at").asText());
        } catch (RuntimeException e) {
            return null;
        }
        return new LedgerEntry(vehicle, kind, o.path("reference").asText(), at, o.path("amount").asDouble(),
                o.path("quantity").isNumber() ? o.path("quantity").asDouble() : null, text(o, "unit"),
                text(o, "vendor"), text(o, "note"), text(o, "importedAt"), text(o, "importedBy"));
    }

    private static String text(JsonNode o, String name) {
        return o.path(name).isTextual() ? o.path(name).asText() : null;
    }
}
