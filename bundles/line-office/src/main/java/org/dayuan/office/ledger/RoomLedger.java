package org.dayuan.office.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinWrite;

/**
 * What a ledger file changes, decided before anything is written: the header is matched to {@link LedgerColumn}s,
 * every row to one room of the organisation by its code, and every cell checked; any problem refuses the whole file
 * with all problems listed. A row whose cells say what the room already holds changes nothing, so importing the same
 * file twice writes once. Plain Java: the servlet reads the rooms and writes the plan.
 */
final class RoomLedger {
    static final ErrorCode CHANGED_MEANWHILE = new ErrorCode("office:ledger.conflict", 409,
            "A room of the ledger was changed by someone else while it was imported; import the file again.");

    /** What to write: one put of a changed room's attributes each, and the counts the report gives. */
    record Plan(List<TwinWrite> writes, int rows, int changed, int unchanged) {
    }

    private final Twin organisation;
    private final LocalDate today;

    /** @param today the day a room emptied by the ledger becomes vacant */
    RoomLedger(Twin organisation, LocalDate today) {
        this.organisation = organisation;
        this.today = today;
    }

    /**
     * @param rooms    every Room twin the caller sees (a code may belong to another organisation's room)
     * @param progress hears each data row's number once it is checked
     */
    Plan plan(List<SheetRow> sheet, List<Twin> rooms, IntConsumer progress) {
        List<SheetRow> rows = sheet.stream().filter(r -> !r.blank()).toList();
        if (rows.isEmpty()) {
            throw new LedgerInvalidException(List.of(LedgerProblem.file("the file is empty; its first row names the"
                    + " columns, as in template.csv")));
        }
        SheetRow header = rows.get(0);
        Map<LedgerColumn, Integer> columns = columns(header);
        // a row's problems in the order the clerk reads its cells
        List<Map.Entry<LedgerColumn, Integer>> inFileOrder = columns.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList();
        Map<String, List<Twin>> byCode = new HashMap<>();
        for (Twin t : rooms) {
            OfficeRoom.of(t).code().ifPresent(c -> byCode.computeIfAbsent(c.strip(), k -> new ArrayList<>()).add(t));
        }
        List<LedgerProblem> problems = new ArrayList<>();
        Map<String, Integer> codeRows = new HashMap<>();
        Map<String, Integer> personRows = new HashMap<>();
        List<TwinWrite> writes = new ArrayList<>();
        int unchanged = 0;
        for (SheetRow row : rows.subList(1, rows.size())) {
            int before = problems.size();
            Twin room = room(row, columns, byCode, codeRows, problems);
            Map<LedgerColumn, JsonNode> values = new EnumMap<>(LedgerColumn.class);
            for (Map.Entry<LedgerColumn, Integer> c : inFileOrder) {
                LedgerColumn column = c.getKey();
                String cell = unescape(row.cell(c.getValue()).strip());
                String title = header.cell(c.getValue()).strip();
                if (column == LedgerColumn.CODE) {
                    continue;
                }
                if (cell.isEmpty()) {
                    if (column.notEmpty) {
                        problems.add(new LedgerProblem(row.number(), title, "", "empty; every room has a "
                                + column.header));
                    }
                    values.put(column, null);
                    continue;
                }
                try {
                    JsonNode value = column.read(cell);
                    if (column == LedgerColumn.ORGANISATION && !isThisOrganisation(cell)) {
                        throw new IllegalArgumentException("not the organisation of this ledger ("
                                + organisation.id() + organisationCode().map(c2 -> ", " + c2).orElse("")
                                + "); a ledger lists one organisation's rooms, moves go through reallocation");
                    }
                    if (column == LedgerColumn.STATUS && room != null) {
                        disposal(OfficeRoom.of(room), value.asText());
                    }
                    if (column == LedgerColumn.OCCUPANTS) {
                        for (JsonNode o : value) {
                            String id = o.path("id").asText("");
                            Integer first = id.isEmpty() ? null : personRows.putIfAbsent(id, row.number());
                            if (first != null) {
                                throw new IllegalArgumentException("personnel number " + id + " is also on row "
                                        + first + "; a person has one desk");
                            }
                        }
                    }
                    values.put(column, value);
                } catch (IllegalArgumentException e) {
                    problems.add(new LedgerProblem(row.number(), title, cell, e.getMessage()));
                }
            }
            if (problems.size() == before && room != null) {
                ObjectNode now = room.toJson().path(Twin.ATTRIBUTES) instanceof ObjectNode a ? a
                        : room.toJson().putObject(Twin.ATTRIBUTES);
                ObjectNode next = apply(now, values);
                if (next.equals(now)) {
                    unchanged++;
                } else {
                    long revision = room.revision();
                    writes.add(TwinWrite.put(room.id(), OfficeRoom.ATTRIBUTES, next).when((twin, value) -> {
                        if (twin.isEmpty() || twin.get().revision() != revision) {
                            throw CHANGED_MEANWHILE.exception("The room " + room.id() + " (row " + row.number()
                                    + ") changed after the ledger was checked; nothing was written.");
                        }
                    }));
                }
            }
            progress.accept(row.number());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(LedgerProblem::row));
            throw new LedgerInvalidException(problems);
        }
        return new Plan(List.copyOf(writes), rows.size() - 1, writes.size(), unchanged);
    }

    /**
     * Disposal (已处置) is the disposal workflow's to record, with its approval: a ledger neither disposes of a room
     * nor brings a disposed one back; it may only say what the room is.
     */
    private static void disposal(OfficeRoom room, String status) {
        boolean disposed = room.hasStatus(OfficeRoom.DISPOSED);
        if (status.equals(OfficeRoom.DISPOSED) && !disposed) {
            throw new IllegalArgumentException("a room is disposed of (已处置) through the disposal workflow, not by"
                    + " the ledger");
        }
        if (disposed && !status.equals(OfficeRoom.DISPOSED)) {
            throw new IllegalArgumentException("the room is disposed of (已处置); the ledger cannot bring it back");
        }
    }

    private static Map<LedgerColumn, Integer> columns(SheetRow header) {
        Map<LedgerColumn, Integer> columns = new EnumMap<>(LedgerColumn.class);
        List<LedgerProblem> problems = new ArrayList<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String title = header.cell(i).strip();
            if (title.isEmpty()) {
                continue;
            }
            int at = i;
            LedgerColumn.named(title).ifPresentOrElse(c -> {
                Integer first = columns.putIfAbsent(c, at);
                if (first != null) {
                    problems.add(new LedgerProblem(header.number(), title, title, "the column " + c.header
                            + " is there twice"));
                }
            }, () -> problems.add(new LedgerProblem(header.number(), title, title, "unknown column; the columns"
                    + " are " + String.join(", ", Arrays.stream(LedgerColumn.values())
                    .map(c -> c.header + " (" + c.key + ")").toList()))));
        }
        if (!columns.containsKey(LedgerColumn.CODE)) {
            problems.add(new LedgerProblem(header.number(), LedgerColumn.CODE.header, "", "the required column "
                    + LedgerColumn.CODE.header + " (code) is missing; the first row must name the columns"));
        }
        if (!problems.isEmpty()) {
            throw new LedgerInvalidException(problems);
        }
        return columns;
    }

    /** The one room of this organisation the row's code names; null (and a problem) otherwise. */
    private Twin room(SheetRow row, Map<LedgerColumn, Integer> columns, Map<String, List<Twin>> byCode,
                      Map<String, Integer> codeRows, List<LedgerProblem> problems) {
        String title = LedgerColumn.CODE.header;
        String code = row.cell(columns.get(LedgerColumn.CODE)).strip();
        if (code.isEmpty()) {
            problems.add(new LedgerProblem(row.number(), title, "", "no room code; every row is one room, found by"
                    + " its code"));
            return null;
        }
        Integer first = codeRows.putIfAbsent(code, row.number());
        if (first != null) {
            problems.add(new LedgerProblem(row.number(), title, code, "the room code is also on row " + first
                    + "; each room once"));
            return null;
        }
        List<Twin> found = byCode.getOrDefault(code, List.of());
        if (found.isEmpty()) {
            problems.add(new LedgerProblem(row.number(), title, code, "no room has this code (among the rooms you"
                    + " can see)"));
            return null;
        }
        if (found.size() > 1) {
            problems.add(new LedgerProblem(row.number(), title, code, "several rooms have this code ("
                    + String.join(", ", found.stream().map(t -> t.id().toString()).toList())
                    + "); fix the codes first"));
            return null;
        }
        Twin room = found.get(0);
        OfficeRoom facts = OfficeRoom.of(room);
        if (!facts.organisation().filter(organisation.id()::equals).isPresent()) {
            problems.add(new LedgerProblem(row.number(), title, code, "the room " + room.id() + " is not "
                    + organisation.id() + "'s (" + facts.organisation().map(o -> "it is " + o + "'s")
                    .orElse("it has no organisation") + "); import it with its own organisation's ledger"));
            return null;
        }
        return room;
    }

    private boolean isThisOrganisation(String cell) {
        return cell.equals(organisation.id().toString()) || organisationCode().filter(cell::equalsIgnoreCase)
                .isPresent();
    }

    private Optional<String> organisationCode() {
        JsonNode code = organisation.toJson().path(Twin.ATTRIBUTES).path("code");
        return code.isTextual() ? Optional.of(code.asText()) : Optional.empty();
    }

    /**
     * The room's attributes with the row's values: a value equal to what the room holds keeps the room's own
     * JSON (18 stays 18 when the file says 18.0), so an unchanged row compares equal. Occupants leaving an occupied
     * room start its vacancy today; anyone in ends it.
     */
    private ObjectNode apply(ObjectNode now, Map<LedgerColumn, JsonNode> values) {
        ObjectNode next = now.deepCopy();
        values.forEach((column, value) -> {
            if (column.attribute == null) {
                return;
            }
            String[] path = column.attribute.split("/");
            ObjectNode parent = next;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.path(path[i]);
                if (!child.isObject()) {
                    if (value == null) {
                        return;
                    }
                    child = parent.putObject(path[i]);
                }
                parent = (ObjectNode) child;
            }
            String field = path[path.length - 1];
            JsonNode old = parent.get(field);
            if (value == null || value instanceof ArrayNode a && a.isEmpty()) {
                if (!(old instanceof ArrayNode oldArray && oldArray.isEmpty())) {
                    parent.remove(field);
                }
            } else if (!same(old, value)) {
                parent.set(field, value);
            }
        });
        if (next.path("lease").isObject() && next.path("lease").isEmpty()) {
            next.remove("lease");
        }
        if (values.containsKey(LedgerColumn.OCCUPANTS)) {
            boolean wasEmpty = OfficeRoom.occupantsOf(now).isEmpty();
            boolean isEmpty = OfficeRoom.occupantsOf(next).isEmpty();
            if (!isEmpty) {
                next.remove("vacantSince");
            } else if (!wasEmpty && !next.has("vacantSince")) {
                next.put("vacantSince", today.toString());
            }
        }
        return next;
    }

    private static boolean same(JsonNode old, JsonNode value) {
        if (old == null) {
            return false;
        }
        if (old.isNumber() && value.isNumber()) {
            return old.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return old.equals(value);
    }

    /** The template's Csv writes {@code '=...} for text a spreadsheet would evaluate; read back what was meant. */
    private static String unescape(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@".indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1) : cell;
    }
}
