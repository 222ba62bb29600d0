package org.dayuan.office.indicators;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.http.kit.Csv;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.rules.OfficeRules;
import org.dayuan.office.standards.Standards;

/**
 * The office indicators of the rooms a caller sees, on one day: for all of them ({@code county}), per county
 * (namespace) and per organisation (the rooms' {@code organisation}; rooms without one count in their county only).
 */
public final class OfficeReport {
    private final LocalDate day;
    private final String edition;
    private final Figures all = new Figures();
    private final Map<String, Figures> counties = new TreeMap<>();
    private final Map<String, Figures> organisations = new TreeMap<>();
    private final Map<String, String> names;

    private OfficeReport(LocalDate day, String edition, Map<String, String> names) {
        this.day = day;
        this.edition = edition;
        this.names = names;
    }

    /** {@code names}: organisation id → name, for the organisations the caller sees. */
    public static OfficeReport compute(List<OfficeRoom> rooms, Map<String, String> names, Standards standards,
                                       OfficeRules rules, LocalDate day) {
        OfficeReport r = new OfficeReport(day, standards.edition(), names);
        names.keySet().forEach(id -> r.organisations.put(id, new Figures()));
        for (OfficeRoom room : rooms) {
            var findings = rules.judge(room, standards, day);
            r.all.add(room, standards, findings);
            r.counties.computeIfAbsent(room.id().namespace(), k -> new Figures()).add(room, standards, findings);
            room.organisation().ifPresent(o -> r.organisations.computeIfAbsent(o.toString(), k -> new Figures())
                    .add(room, standards, findings));
        }
        return r;
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("date", day.toString());
        out.put("edition", edition);
        out.set("county", all.toJson());
        ObjectNode c = out.putObject("counties");
        counties.forEach((ns, f) -> c.set(ns, f.toJson()));
        var list = out.putArray("organisations");
        organisations.forEach((id, f) -> {
            ObjectNode o = f.toJson();
            o.put("organisation", id);
            o.put("name", names.getOrDefault(id, id));
            list.add(o);
        });
        return out;
    }

    public Csv toCsv() {
        List<String> header = new ArrayList<>(List.of("level", "id", "name", "date"));
        header.addAll(Figures.HEADER);
        Csv csv = new Csv(header.toArray(String[]::new));
        row(csv, "all", null, null, all);
        counties.forEach((ns, f) -> row(csv, "county", ns, ns, f));
        organisations.forEach((id, f) -> row(csv, "organisation", id, names.getOrDefault(id, id), f));
        return csv;
    }

    private void row(Csv csv, String level, String id, String name, Figures f) {
        List<Object> cells = new ArrayList<>(java.util.Arrays.asList(level, id, name, day.toString()));
        cells.addAll(f.cells());
        csv.row(cells.toArray());
    }
}
