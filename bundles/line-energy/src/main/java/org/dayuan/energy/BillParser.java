package org.dayuan.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.TwinId;

/**
 * Monthly utility bills from CSV: UTF-8 (the caller decodes), optional BOM, LF or CRLF, header
 * {@code organisation,carrier,period,quantity,unit,cost} (or the same columns titled
 * {@code 单位,能源种类,账期,用量,单位名称,金额}). Quantities are converted to the carrier's unit. Every line is
 * checked and every problem reported, so a clerk can fix a file in one round. Thread safe.
 */
public final class BillParser {
    private static final List<String> HEADER = List.of("organisation", "carrier", "period", "quantity", "unit", "cost");
    private static final List<String> HEADER_ZH = List.of("单位", "能源种类", "账期", "用量", "单位名称", "金额");
    private static final double KWH_PER_GJ = 1e9 / 3.6e6;
    private static final double KWH_PER_MJ = 1 / 3.6;

    private final int maxLines;
    private final Clock clock;
    private final Map<Carrier, Map<String, Double>> units = new EnumMap<>(Carrier.class);

    /**
     * @param maxLines       data lines accepted in one file
     * @param gasolineKgPerL density used for bills in litres
     * @param dieselKgPerL   density used for bills in litres
     * @param clock          what "now" is, to reject periods in the future
     */
    public BillParser(int maxLines, double gasolineKgPerL, double dieselKgPerL, Clock clock) {
        if (maxLines < 1 || !(gasolineKgPerL > 0) || !(dieselKgPerL > 0)) {
            throw new IllegalArgumentException("bill parser needs maxLines >= 1 and densities > 0");
        }
        this.maxLines = maxLines;
        this.clock = clock;
        units.put(Carrier.ELECTRICITY, Map.of("kwh", 1.0));
        units.put(Carrier.HEAT, Map.of("kwh", 1.0, "gj", KWH_PER_GJ, "mj", KWH_PER_MJ));
        units.put(Carrier.COOLING, Map.of("kwh", 1.0));
        units.put(Carrier.GAS, Map.of("m3", 1.0));
        units.put(Carrier.WATER, Map.of("m3", 1.0));
        units.put(Carrier.GASOLINE, Map.of("kg", 1.0, "l", gasolineKgPerL));
        units.put(Carrier.DIESEL, Map.of("kg", 1.0, "l", dieselKgPerL));
    }

    /**
     * Keys {@code bill.maxLines} (100000), {@code bill.density.gasoline} (0.73 kg/L), {@code bill.density.diesel}
     * (0.85 kg/L).
     */
    public static BillParser fromConfig(Settings s, Clock clock) {
        return new BillParser(s.integer("bill.maxLines", 100_000), s.positive("bill.density.gasoline", 0.73),
                s.positive("bill.density.diesel", 0.85), clock);
    }

    public BillFile parse(Reader in) throws IOException {
        BufferedReader reader = new BufferedReader(in);
        List<Bill> bills = new ArrayList<>();
        List<BillError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean headerRead = false;
        int lineNo = 0;
        int dataLines = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            if (!headerRead) {
                if (cells == null || !isHeader(cells)) {
                    errors.add(new BillError(lineNo, "header must be " + String.join(",", HEADER)));
                    return new BillFile(bills, errors);
                }
                headerRead = true;
                continue;
            }
            if (++dataLines > maxLines) {
                errors.add(new BillError(lineNo, "more than " + maxLines + " data lines (bill.maxLines); split the file"));
                return new BillFile(bills, errors);
            }
            Bill bill = bill(lineNo, cells, errors);
            if (bill == null) {
                continue;
            }
            String key = bill.organisation() + " " + bill.carrier().id() + " " + bill.period();
            Integer first = seen.putIfAbsent(key, lineNo);
            if (first != null) {
                errors.add(new BillError(lineNo, "duplicate of line " + first + " for " + key));
            } else {
                bills.add(bill);
            }
        }
        if (!headerRead) {
            errors.add(new BillError(Math.max(lineNo, 1), "empty file: header " + String.join(",", HEADER) + " required"));
        }
        return new BillFile(bills, errors);
    }

    private static boolean isHeader(List<String> cells) {
        List<String> names = cells.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
        return names.equals(HEADER) || names.equals(HEADER_ZH);
    }

    /** One data line as a bill, or null after adding its problems to {@code errors}. */
    private Bill bill(int lineNo, List<String> cells, List<BillError> errors) {
        if (cells == null) {
            errors.add(new BillError(lineNo, "unbalanced double quote"));
            return null;
        }
        if (cells.size() != HEADER.size()) {
            errors.add(new BillError(lineNo, "expected " + HEADER.size() + " columns, found " + cells.size()));
            return null;
        }
        int before = errors.size();
        String organisation = cells.get(0).trim();
        if (!isOrganisationId(organisation)) {
            errors.add(new BillError(lineNo, "organisation '" + organisation + "' is not a thingId like cz.wujin:org-1"));
        }
        Carrier carrier = null;
        try {
            carrier = Carrier.parse(cells.get(1).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new BillError(lineNo, e.getMessage()));
        }
        YearMonth period = period(lineNo, cells.get(2).trim(), errors);
        Double quantity = amount(lineNo, "quantity", cells.get(3).trim(), errors);
        String unit = cells.get(4).trim();
        Double perUnit = carrier == null ? null : units.get(carrier).get(unitKey(unit));
        if (carrier != null && perUnit == null) {
            errors.add(new BillError(lineNo, "unit '" + unit + "' is not one of " + new TreeSet<>(units.get(carrier).keySet())
                    + " for " + carrier.id()));
        }
        String costText = cells.get(5).trim();
        Double cost = costText.isEmpty() ? null : amount(lineNo, "cost", costText, errors);
        if (errors.size() > before) {
            return null;
        }
        return new Bill(organisation, carrier, period, quantity * perUnit, cost);
    }

    /** Organisations live under an organisation-code namespace, so the bare {@code :name} form is refused. */
    private static boolean isOrganisationId(String text) {
        try {
            return !TwinId.of(text).namespace().isEmpty();
        } catch (DayuanException e) {
            return false;
        }
    }

    private YearMonth period(int lineNo, String text, List<BillError> errors) {
        YearMonth period;
        try {
            period = text.matches("\\d{4}-\\d{2}") ? YearMonth.parse(text) : null;
        } catch (DateTimeException e) {
            period = null;
        }
        if (period == null) {
            errors.add(new BillError(lineNo, "period '" + text + "' is not a month like 2024-05"));
        } else if (period.isAfter(YearMonth.now(clock))) {
            errors.add(new BillError(lineNo, "period " + text + " is in the future"));
        }
        return period;
    }

    private static Double amount(int lineNo, String column, String text, List<BillError> errors) {
        if (!Settings.isNumber(text)) {
            errors.add(new BillError(lineNo, column + " '" + text + "' is not a number"));
            return null;
        }
        double v = Double.parseDouble(text);
        if (v < 0 || Double.isInfinite(v)) {
            errors.add(new BillError(lineNo, column + " " + text + " must be a finite number >= 0"));
            return null;
        }
        return v;
    }

    /** Unit spellings seen on bills: kWh, KWH, m³, L. */
    private static String unitKey(String unit) {
        return unit.toLowerCase(Locale.ROOT).replace("³", "3");
    }

    /**
     * Splits one CSV line; a field in double quotes may hold commas and doubled quotes, since spreadsheets quote
     * any field that has one. Returns null on an unbalanced quote. Fields do not span lines.
     */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
