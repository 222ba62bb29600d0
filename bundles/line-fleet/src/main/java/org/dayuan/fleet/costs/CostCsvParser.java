package org.dayuan.fleet.costs;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cost records from CSV text (RFC 4180: a field in double quotes may hold commas, doubled quotes and line breaks;
 * a leading BOM is dropped). The header names the columns, in any order, in English or Chinese:
 * <pre>
 * vehicle   (车辆)  required  thingId (cz.wujin:vehicle-01) or plate (苏D·12345)
 * time      (时间)  required  2026-11-03 08:15[:00], 2026-11-03T08:15[:00][+08:00|Z], 2026/11/03 08:15 or 2026-11-03;
 *                             without an offset in Asia/Shanghai
 * kind      (类别)  required  fuel 加油 | charge 充电 | etc 通行费 | maintenance 维修保养 | insurance 保险
 * amount    (金额)  required  yuan, 0 to 10,000,000, at most two decimals
 * quantity  (数量)  fuel and charge only, required there: litres or kWh, more than 0 and at most 2,000
 * unit      (单位)  fuel: L (升), charge: kWh (度); empty means that unit
 * vendor    (商户)  optional  station, garage or insurer, at most 100 characters
 * reference (单号)  required  receipt or transaction number, at most 64 characters
 * note      (备注)  optional  at most 200 characters
 * </pre>
 * Every row is checked and every problem reported with its line, so a clerk fixes a file in one round. Rows that
 * name the same vehicle text, kind and reference twice are refused here; the same vehicle written two ways is caught
 * once vehicles are resolved. Thread safe.
 */
public final class CostCsvParser {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final List<String> COLUMNS = List.of("vehicle", "time", "kind", "amount", "quantity", "unit", "vendor",
            "reference", "note");
    private static final List<String> REQUIRED = List.of("vehicle", "time", "kind", "amount", "reference");
    private static final Map<String, String> CHINESE = Map.ofEntries(Map.entry("车辆", "vehicle"),
            Map.entry("车牌", "vehicle"), Map.entry("时间", "time"), Map.entry("日期", "time"), Map.entry("类别", "kind"),
            Map.entry("金额", "amount"), Map.entry("数量", "quantity"), Map.entry("单位", "unit"),
            Map.entry("商户", "vendor"), Map.entry("供应商", "vendor"), Map.entry("单号", "reference"),
            Map.entry("凭证号", "reference"), Map.entry("备注", "note"));
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("10000000");
    private static final double MAX_QUANTITY = 2000;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final int MAX_REFERENCE = 64;
    private static final int MAX_VENDOR = 100;
    private static final int MAX_NOTE = 200;
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final int maxRows;
    private final Clock clock;

    /**
     * @param maxRows data rows accepted in one file
     * @param clock   what "now" is: a cost cannot lie in the future
     */
    public CostCsvParser(int maxRows, Clock clock) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, not " + maxRows);
        }
        this.maxRows = maxRows;
        this.clock = clock;
    }

    public ParsedCosts parse(String text) {
        List<CostRecord> records = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CsvRows rows = new CsvRows(text.startsWith("\uFEFF") ? text.substring(1) : text);
        Map<String, Integer> columns = null;
        Map<String, Integer> seen = new HashMap<>();
        int dataRows = 0;
        for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
            if (row.blank()) {
                continue;
            }
            if (row.cells() == null) {
                errors.add(new RowError(row.line(), "a double quote is not closed"));
                if (columns == null) {
                    return new ParsedCosts(records, errors);
                }
                continue;
            }
            if (columns == null) {
                columns = header(row, errors);
                if (columns == null) {
                    return new ParsedCosts(records, errors);
                }
                continue;
            }
            if (++dataRows > maxRows) {
                errors.add(new RowError(row.line(), "more than " + maxRows + " data rows (import.maxRows); split the"
                        + " file"));
                return new ParsedCosts(records, errors);
            }
            CostRecord r = record(row, columns, errors);
            if (r != null) {
                String key = r.vehicle().trim() + " " + r.kind().id() + " " + r.reference();
                Integer first = seen.putIfAbsent(key, row.line());
                if (first != null) {
                    errors.add(new RowError(row.line(), "the same vehicle, kind and reference as line " + first
                            + " (" + r.kind().id() + " " + r.reference() + ")"));
                } else {
                    records.add(r);
                }
            }
        }
        if (columns == null) {
            errors.add(new RowError(1, "the file is empty: a header row naming the columns " + String.join(",",
                    COLUMNS) + " is required"));
        }
        return new ParsedCosts(records, errors);
    }

    /** Column name to index, or null after adding the problem. */
    private static Map<String, Integer> header(CsvRows.Row row, List<RowError> errors) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < row.cells().size(); i++) {
            String raw = row.cells().get(i).trim();
            String name = CHINESE.getOrDefault(raw, raw.toLowerCase(Locale.ROOT));
            if (!COLUMNS.contains(name)) {
                problems.add("unknown column '" + raw + "'");
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add("column '" + name + "' appears twice");
            }
        }
        for (String r : REQUIRED) {
            if (!columns.containsKey(r)) {
                problems.add("column '" + r + "' is missing");
            }
        }
        if (!problems.isEmpty()) {
            errors.add(new RowError(row.line(), "header: " + String.join("; ", problems) + " (columns: "
                    + String.join(",", COLUMNS) + "; required: " + String.join(",", REQUIRED) + ")"));
            return null;
        }
        return columns;
    }

    /** One data row as a record, or null after adding its problems. */
    private CostRecord record(CsvRows.Row row, Map<String, Integer> columns, List<RowError> errors) {
        int line = row.line();
        if (row.cells().size() != columns.size()) {
            errors.add(new RowError(line, "expected " + columns.size() + " columns as in the header, found "
                    + row.cells().size()));
            return null;
        }
        List<String> problems = new ArrayList<>();
        String vehicle = cell(row, columns, "vehicle");
        if (vehicle.isEmpty()) {
            problems.add("vehicle is empty");
        }
        OffsetDateTime at = time(cell(row, columns, "time"), problems);
        String kindText = cell(row, columns, "kind");
        CostKind kind = CostKind.parse(kindText).orElse(null);
        if (kind == null) {
            problems.add("kind '" + kindText + "' is none of fuel, charge, etc, maintenance, insurance");
        }
        Double amount = amount(cell(row, columns, "amount"), problems);
        String quantityText = cell(row, columns, "quantity");
        String unitText = cell(row, columns, "unit");
        Double quantity = null;
        String unit = null;
        if (kind != null && kind.unit().isPresent()) {
            unit = unit(kind, unitText, problems);
            quantity = quantity(kind, quantityText, problems);
        } else if (kind != null && (!quantityText.isEmpty() || !unitText.isEmpty())) {
            problems.add(kind.id() + " records carry no quantity or unit");
        }
        String vendor = limited("vendor", cell(row, columns, "vendor"), MAX_VENDOR, problems);
        String reference = limited("reference", cell(row, columns, "reference"), MAX_REFERENCE, problems);
        if (reference != null && reference.isEmpty()) {
            problems.add("reference is empty: the receipt or transaction number makes a re-import overwrite, not"
                    + " double");
        }
        // a note may span lines in a spreadsheet cell; the ledger keeps it on one
        String note = limited("note", cell(row, columns, "note").replaceAll("\\s*\\R\\s*", " "), MAX_NOTE,
                problems);
        if (!problems.isEmpty()) {
            errors.add(new RowError(line, String.join("; ", problems)));
            return null;
        }
        return new CostRecord(line, vehicle, at, kind, amount, quantity, unit, emptyToNull(vendor), reference,
                emptyToNull(note));
    }

    private static String cell(CsvRows.Row row, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null ? "" : row.cells().get(i).strip();
    }

    private OffsetDateTime time(String text, List<String> problems) {
        OffsetDateTime at = parseTime(text.replace('/', '-'));
        if (at == null) {
            problems.add("time '" + text + "' is not a date-time like 2026-11-03 08:15 or 2026-11-03T08:15:00+08:00");
            return null;
        }
        if (at.toInstant().isAfter(clock.instant())) {
            problems.add("time " + text + " is in the future");
        } else if (at.atZoneSameInstant(ZONE).toLocalDate().isBefore(EARLIEST)) {
            problems.add("time " + text + " is before " + EARLIEST);
        }
        return at;
    }

    /** A time with or without an offset (then in Asia/Shanghai), or a bare date (its start); null when none. */
    static OffsetDateTime parseTime(String text) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay(ZONE).toOffsetDateTime();
            }
            if (text.matches(".*T.*([+-]\\d{2}:\\d{2}|Z)")) {
                return OffsetDateTime.parse(text);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?")) {
                return LocalDateTime.parse(text, LOCAL).atZone(ZONE).toOffsetDateTime();
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static Double amount(String text, List<String> problems) {
        BigDecimal v = decimal(text);
        if (v == null) {
            problems.add("amount '" + text + "' is not a number of yuan like 356.80");
            return null;
        }
        if (v.signum() < 0 || v.compareTo(MAX_AMOUNT) > 0) {
            problems.add("amount " + text + " is outside 0 to " + MAX_AMOUNT.toPlainString() + " yuan");
            return null;
        }
        if (v.stripTrailingZeros().scale() > 2) {
            problems.add("amount " + text + " has more than two decimals (fen)");
            return null;
        }
        return v.doubleValue();
    }

    private static Double quantity(CostKind kind, String text, List<String> problems) {
        if (text.isEmpty()) {
            problems.add(kind.id() + " needs a quantity in " + kind.unit().orElseThrow());
            return null;
        }
        BigDecimal v = decimal(text);
        if (v == null) {
            problems.add("quantity '" + text + "' is not a number");
            return null;
        }
        double q = v.doubleValue();
        if (!(q > 0) || q > MAX_QUANTITY) {
            problems.add("quantity " + text + " must be more than 0 and at most " + (int) MAX_QUANTITY + " "
                    + kind.unit().orElseThrow());
            return null;
        }
        return q;
    }

    private static String unit(CostKind kind, String text, List<String> problems) {
        String expected = kind.unit().orElseThrow();
        String t = text.toLowerCase(Locale.ROOT);
        boolean ok = t.isEmpty() || t.equals(expected.toLowerCase(Locale.ROOT))
                || kind == CostKind.FUEL && (t.equals("升") || t.equals("litre") || t.equals("liter"))
                || kind == CostKind.CHARGE && (t.equals("度") || t.equals("kw·h") || t.equals("kw.h"));
        if (!ok) {
            problems.add("unit '" + text + "' is not " + expected + " for " + kind.id());
        }
        return expected;
    }

    /** Plain decimals only (no exponent, no thousands separator, no currency sign), so a typo is never a number. */
    private static BigDecimal decimal(String text) {
        if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return null;
        }
        return new BigDecimal(text);
    }

    private static String limited(String column, String text, int max, List<String> problems) {
        if (text.codePointCount(0, text.length()) > max) {
            problems.add(column + " is longer than " + max + " characters");
            return null;
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            problems.add(column + " holds a line break or control character");
            return null;
        }
        return text;
    }

    private static String emptyToNull(String text) {
        return Optional.ofNullable(text).filter(t -> !t.isEmpty()).orElse(null);
    }
}
