package org.dayuan.fleet.costs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * The cost ledger (单车核算) in the registry: one {@code dayuan:VehicleLedger:1.0.0} twin per vehicle and month
 * (Asia/Shanghai), {@code <vehicle id>-ledger-<yyyy-MM>} under the vehicle, whose {@code entries} hold that month's
 * costs. A vehicle twin stays small however many years of costs pile up, and a period's figures read only the
 * months they need. A cost is identified by vehicle, kind and reference: importing it again replaces it, in whatever
 * month it now falls (it leaves the month it was in). Every read and write is the caller's.
 *
 * <p>A file is checked whole before anything is written (every row's form, that its vehicle is one the caller may
 * write, no cost twice); then each ledger is written in one revision-checked write. Should the store fail between
 * two ledgers, the ledgers written stay; importing the same file again completes it, as re-imports never double.
 */
public final class VehicleLedgers {
    public static final String DEFINITION = "dayuan:VehicleLedger:1.0.0";
    private static final ErrorCode RACE = new ErrorCode("fleet:ledger.changed", 409,
            "A ledger changed while the import wrote it; send the file again (a re-import never doubles a cost).");
    private static final int ATTEMPTS = 5;
    private static final JsonPointer ENTRIES = JsonPointer.of(Twin.ATTRIBUTES, "entries");

    private final TwinRegistry registry;
    private final TwinSearch search;

    /** What an import did. */
    public record Imported(int records, int added, int replaced, int moved, List<String> ledgers) {
    }

    public VehicleLedgers(TwinRegistry registry, TwinSearch search) {
        this.registry = registry;
        this.search = search;
    }

    /**
     * Imports {@code parsed} as {@code caller}: a {@link CostImportException} listing every bad row and nothing
     * written, or every cost written.
     */
    public Imported importCosts(Caller caller, ParsedCosts parsed, Instant now) {
        Caller acting = caller.within(registry.identity());
        if (!acting.may(Caller.Access.WRITE)) {
            throw ErrorCode.THING_NOT_MODIFIABLE.exception("'" + caller.subject() + "' with role(s) " + caller.roles()
                    + " may not import costs.", "Costs are imported by a manager, integrator or admin of the"
                    + " vehicles' organisations.");
        }
        List<RowError> errors = new ArrayList<>(parsed.errors());
        Vehicles vehicles = Vehicles.visibleTo(search, caller);
        Map<String, Integer> seen = new HashMap<>();
        Map<TwinId, Map<YearMonth, List<LedgerEntry>>> byLedger = new LinkedHashMap<>();
        Map<TwinId, Twin> vehicleTwins = new HashMap<>();
        String importedAt = now.toString();
        for (CostRecord r : parsed.records()) {
            Optional<Twin> vehicle = vehicles.find(r.vehicle()).filter(v -> acting.inScope(v.id().namespace()));
            if (vehicle.isEmpty()) {
                errors.add(new RowError(r.line(), "vehicle '" + r.vehicle() + "' is not a vehicle you may record costs"
                        + " for (a thingId or plate of your organisations)"));
                continue;
            }
            TwinId id = vehicle.get().id();
            Integer first = seen.putIfAbsent(id + " " + r.kind().id() + " " + r.reference(), r.line());
            if (first != null) {
                errors.add(new RowError(r.line(), "the same vehicle, kind and reference as line " + first + " ("
                        + r.kind().id() + " " + r.reference() + ")"));
                continue;
            }
            vehicleTwins.put(id, vehicle.get());
            byLedger.computeIfAbsent(id, k -> new TreeMap<>())
                    .computeIfAbsent(YearMonth.from(r.at().atZoneSameInstant(CostCsvParser.ZONE)),
                            k -> new ArrayList<>())
                    .add(new LedgerEntry(id.toString(), r.kind(), r.reference(), r.at(), r.amount(), r.quantity(),
                            r.unit(), r.vendor(), r.note(), importedAt, caller.subject()));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.naturalOrder());
            throw new CostImportException(errors);
        }
        int added = 0;
        int replaced = 0;
        int moved = 0;
        List<String> written = new ArrayList<>();
        for (Map.Entry<TwinId, Map<YearMonth, List<LedgerEntry>>> v : byLedger.entrySet()) {
            Twin vehicle = vehicleTwins.get(v.getKey());
            // where each cost of this vehicle is kept now, to move one whose month changed
            Map<String, TwinId> keptIn = new HashMap<>();
            for (Twin ledger : ledgersOf(caller, vehicle.id())) {
                ledger.get(ENTRIES).ifPresent(es -> es.forEach(e -> keptIn.put(key(e), ledger.id())));
            }
            for (Map.Entry<YearMonth, List<LedgerEntry>> m : v.getValue().entrySet()) {
                TwinId ledgerId = ledgerId(vehicle.id(), m.getKey());
                for (LedgerEntry e : m.getValue()) {
                    TwinId before = keptIn.get(e.key());
                    if (before == null) {
                        added++;
                    } else if (before.equals(ledgerId)) {
                        replaced++;
                    } else {
                        moved++;
                    }
                }
                write(caller, vehicle, m.getKey(), m.getValue(), List.of());
                written.add(ledgerId.toString());
            }
            // then take moved costs out of the months they left, so a failure in between leaves no cost missing
            Map<TwinId, List<String>> leaving = new LinkedHashMap<>();
            for (Map.Entry<YearMonth, List<LedgerEntry>> m : v.getValue().entrySet()) {
                TwinId ledgerId = ledgerId(vehicle.id(), m.getKey());
                for (LedgerEntry e : m.getValue()) {
                    TwinId before = keptIn.get(e.key());
                    if (before != null && !before.equals(ledgerId)) {
                        leaving.computeIfAbsent(before, k -> new ArrayList<>()).add(e.key());
                    }
                }
            }
            for (Map.Entry<TwinId, List<String>> l : leaving.entrySet()) {
                YearMonth month = monthOf(l.getKey());
                write(caller, vehicle, month, List.of(), l.getValue());
            }
        }
        return new Imported(parsed.records().size(), added, replaced, moved, written);
    }

    /** The ledger of {@code vehicle} for {@code month}: {@code <vehicle id>-ledger-2026-11}. */
    public static TwinId ledgerId(TwinId vehicle, YearMonth month) {
        return TwinId.of(vehicle.namespace(), vehicle.name() + "-ledger-" + month);
    }

    private static YearMonth monthOf(TwinId ledger) {
        String name = ledger.name();
        return YearMonth.parse(name.substring(name.length() - 7));
    }

    private List<Twin> ledgersOf(Caller caller, TwinId vehicle) {
        return search.all(caller, "and(eq(definition," + TwinSearch.literal(DEFINITION)
                + "),eq(attributes/vehicle," + TwinSearch.literal(vehicle.toString()) + "))");
    }

    /** Puts {@code entries} into (replacing those of the same key) and takes {@code removed} out of one ledger. */
    private void write(Caller caller, Twin vehicle, YearMonth month, List<LedgerEntry> entries, List<String> removed) {
        TwinId id = ledgerId(vehicle.id(), month);
        for (int attempt = 1; ; attempt++) {
            Optional<Twin> current = registry.get(caller, id);
            long revision = current.map(Twin::revision).orElse(0L);
            Map<String, JsonNode> merged = new LinkedHashMap<>();
            current.flatMap(t -> t.get(ENTRIES)).ifPresent(es -> es.forEach(e -> merged.put(key(e), e)));
            removed.forEach(merged::remove);
            entries.forEach(e -> merged.put(e.key(), e.toJson()));
            if (current.isEmpty() && merged.isEmpty()) {
                return;
            }
            ObjectNode thing = ledger(vehicle, month, merged.values());
            try {
                registry.put(caller, id, JsonPointer.empty(), thing, (twin, value) -> {
                    if (twin.map(Twin::revision).orElse(0L) != revision) {
                        throw RACE.exception("The ledger " + id + " changed while it was written.");
                    }
                });
                return;
            } catch (DayuanException e) {
                if (!RACE.equals(e.errorCode()) || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static ObjectNode ledger(Twin vehicle, YearMonth month, java.util.Collection<JsonNode> entries) {
        List<JsonNode> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((JsonNode e) -> instant(e.path("at").asText()))
                .thenComparing(VehicleLedgers::key));
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put(Twin.DEFINITION, DEFINITION);
        ObjectNode a = thing.putObject(Twin.ATTRIBUTES);
        String plate = Vehicles.plate(vehicle).orElse(vehicle.id().name());
        a.put("name", "单车台账 " + plate + " " + month);
        a.put(Twin.PARENT, vehicle.id().toString());
        a.put("vehicle", vehicle.id().toString());
        Vehicles.plate(vehicle).ifPresent(p -> a.put("plate", p));
        Vehicles.organisation(vehicle).ifPresent(o -> a.put("organisation", o));
        a.put("month", month.toString());
        double total = 0;
        for (JsonNode e : sorted) {
            total += e.path("amount").asDouble();
        }
        a.put("total", Math.round(total * 100) / 100.0);
        a.put("count", sorted.size());
        ArrayNode list = a.putArray("entries");
        sorted.forEach(list::add);
        return thing;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String key(JsonNode entry) {
        return entry.path("kind").asText() + " " + entry.path("reference").asText();
    }

    /**
     * The costs {@code caller} sees of the months {@code from} to {@code to} (inclusive), optionally of one vehicle,
     * oldest first. A ledger whose entries this version cannot read contributes what it can.
     */
    public List<LedgerEntry> entries(Caller caller, Optional<TwinId> vehicle, YearMonth from, YearMonth to) {
        StringBuilder filter = new StringBuilder("and(eq(definition,").append(TwinSearch.literal(DEFINITION))
                .append("),ge(attributes/month,").append(TwinSearch.literal(from.toString()))
                .append("),le(attributes/month,").append(TwinSearch.literal(to.toString())).append(")");
        vehicle.ifPresent(v -> filter.append(",eq(attributes/vehicle,").append(TwinSearch.literal(v.toString()))
                .append(")"));
        filter.append(")");
        List<LedgerEntry> out = new ArrayList<>();
        for (Twin ledger : search.all(caller, filter.toString())) {
            String owner = Vehicles.attribute(ledger, "vehicle").orElse(ledger.parent().orElse(""));
            ledger.get(ENTRIES).ifPresent(es -> es.forEach(e -> {
                LedgerEntry entry = LedgerEntry.fromJson(owner, e);
                if (entry != null) {
                    out.add(entry);
                }
            }));
        }
        out.sort(Comparator.comparing((LedgerEntry e) -> e.at().toInstant()).thenComparing(LedgerEntry::vehicle)
                .thenComparing(LedgerEntry::key));
        return out;
    }
}
