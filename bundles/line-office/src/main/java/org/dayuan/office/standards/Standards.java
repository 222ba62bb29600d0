package org.dayuan.office.standards;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.office.OfficeRoom;

/**
 * An office-area standard as data: the usable m² each occupant is entitled to by government level and rank, which
 * ranks are leaders, and the edition it comes from. A room's entitlement is the sum of its occupants'. Immutable;
 * the line swaps the whole table when the config changes, so an assessment never mixes two editions.
 */
public final class Standards {
    /** The government levels of the Room model's {@code occupants[].level}, highest first. */
    public static final List<String> LEVELS = List.of("central", "provincial", "city", "county", "township");
    public static final String TOWNSHIP = "township";
    /** The county deputy's rank: the standard caps what a province may grant a township head at its entitlement. */
    public static final String COUNTY_DEPUTY = "县级副职";

    private final String edition;
    private final Map<String, Map<String, Double>> byLevel;
    private final Set<String> leaderRanks;
    private final Optional<LocalDate> effective;
    private final List<Row> rows;

    public Standards(String edition, Map<String, Map<String, Double>> byLevel, Set<String> leaderRanks) {
        this(edition, Optional.empty(), rowsOf(byLevel), leaderRanks);
    }

    /**
     * A standard from its rows, in table order; a row may cover several of the Room model's rank labels (the 2014
     * table's "局(处)级以下" covers 正科, 副科 and 科员及以下 at city level).
     */
    public Standards(String edition, Optional<LocalDate> effective, List<Row> rows, Set<String> leaderRanks) {
        this.edition = edition;
        this.effective = effective;
        this.rows = List.copyOf(rows);
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Double> ranks = copy.computeIfAbsent(r.level(), l -> new LinkedHashMap<>());
            r.ranks().forEach(rank -> ranks.put(rank, r.area()));
        }
        copy.replaceAll((level, ranks) -> java.util.Collections.unmodifiableMap(ranks));
        this.byLevel = java.util.Collections.unmodifiableMap(copy);
        this.leaderRanks = Set.copyOf(leaderRanks);
    }

    /** One line of the table: a level, its label for the rank (or ranks) it covers, the m² per person. */
    public record Row(String level, String label, double area, List<String> ranks) {
        public Row {
            ranks = List.copyOf(ranks);
        }
    }

    /**
     * Reads an edition as the bundle ships it ({@code 2014-2674.json}) or a province's own file: {@code edition},
     * {@code effective} (yyyy-MM-dd, optional), {@code levels} (level → {@code rows} [{label, area, ranks?}]) and
     * {@code leaderRanks}. Anything missing or ill-typed is an IllegalArgumentException naming it.
     */
    public static Standards parse(JsonNode json) {
        String edition = json.path("edition").asText("");
        if (edition.isBlank()) {
            throw new IllegalArgumentException("The standard names no edition.");
        }
        Optional<LocalDate> effective = Optional.empty();
        if (json.hasNonNull("effective")) {
            try {
                effective = Optional.of(LocalDate.parse(json.path("effective").asText()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("effective is not a date yyyy-MM-dd: " + json.path("effective"));
            }
        }
        if (!json.path("levels").isObject() || json.path("levels").isEmpty()) {
            throw new IllegalArgumentException("The standard " + edition + " has no levels.");
        }
        List<Row> rows = new ArrayList<>();
        for (var level : (Iterable<Map.Entry<String, JsonNode>>) json.path("levels")::fields) {
            if (!LEVELS.contains(level.getKey())) {
                throw new IllegalArgumentException("Unknown level '" + level.getKey() + "'; levels are " + LEVELS);
            }
            for (JsonNode row : level.getValue().path("rows")) {
                String label = row.path("label").asText("");
                if (label.isBlank() || !row.path("area").isNumber() || row.path("area").asDouble() <= 0) {
                    throw new IllegalArgumentException("A row of level " + level.getKey()
                            + " needs a label and an area above 0 m²: " + row);
                }
                List<String> ranks = new ArrayList<>();
                row.path("ranks").forEach(r -> ranks.add(r.asText()));
                rows.add(new Row(level.getKey(), label, row.path("area").asDouble(),
                        ranks.isEmpty() ? List.of(label) : ranks));
            }
        }
        Set<String> leaders = new LinkedHashSet<>();
        json.path("leaderRanks").forEach(r -> leaders.add(r.asText()));
        return new Standards(edition, effective, rows, leaders);
    }

    /**
     * This standard with the township row a province sets (乡级正职, 乡级副职, 科员及以下 at level township) in place of
     * any it has. The standard asks that a township head get no more than a county deputy: a head above that is
     * refused with an IllegalArgumentException, as is any entitlement not above 0.
     */
    public Standards withTownship(double head, double deputy, double staff) {
        double cap = entitlement("county", COUNTY_DEPUTY).orElse(Double.MAX_VALUE);
        for (double v : new double[] {head, deputy, staff}) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("Township entitlements must be above 0 m², not " + v + ".");
            }
        }
        if (head > cap || deputy > head || staff > deputy) {
            throw new IllegalArgumentException("Township entitlements must not exceed a county deputy's (" + cap
                    + " m²), nor a deputy's the head's, nor staff's a deputy's: head " + head + ", deputy " + deputy
                    + ", staff " + staff + ".");
        }
        List<Row> next = new ArrayList<>(rows.stream().filter(r -> !TOWNSHIP.equals(r.level())).toList());
        next.add(new Row(TOWNSHIP, "乡级正职", head, List.of("乡级正职")));
        next.add(new Row(TOWNSHIP, "乡级副职", deputy, List.of("乡级副职")));
        next.add(new Row(TOWNSHIP, "乡级以下", staff, List.of("科员及以下")));
        return new Standards(edition, effective, next, leaderRanks);
    }

    /** The first day the edition applies, when the file says. */
    public Optional<LocalDate> effective() {
        return effective;
    }

    /** The table's lines in order, as the API shows them. */
    public List<Row> rows() {
        return rows;
    }

    /** The table as {@code GET /api/dayuan/office/standards} answers it. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("edition", edition);
        effective.ifPresent(d -> out.put("effective", d.toString()));
        out.put("unit", "m2");
        ArrayNode list = out.putArray("rows");
        for (Row r : rows) {
            ObjectNode o = list.addObject();
            o.put("level", r.level());
            o.put("label", r.label());
            o.put("area", r.area());
            r.ranks().forEach(o.putArray("ranks")::add);
            o.put("leader", r.ranks().stream().anyMatch(this::isLeader));
        }
        leaderRanks.stream().sorted().forEach(out.putArray("leaderRanks")::add);
        return out;
    }

    private static List<Row> rowsOf(Map<String, Map<String, Double>> byLevel) {
        List<Row> out = new ArrayList<>();
        byLevel.forEach((level, ranks) -> ranks.forEach((rank, area) -> out.add(new Row(level, rank, area,
                List.of(rank)))));
        return out;
    }

    /** The standard's edition, e.g. {@code 发改投资〔2014〕2674号}; named in every finding made under it. */
    public String edition() {
        return edition;
    }

    /** The m² the standard grants {@code rank} at {@code level}; empty when the table has no such row. */
    public Optional<Double> entitlement(String level, String rank) {
        return Optional.ofNullable(byLevel.getOrDefault(level, Map.of()).get(rank));
    }

    /** Whether {@code rank} is a leader's (领导干部): their over-standard offices are flagged as such. */
    public boolean isLeader(String rank) {
        return leaderRanks.contains(rank);
    }

    /** Levels and their ranks in table order, for the API and the console. */
    public Map<String, Map<String, Double>> table() {
        return byLevel;
    }

    /**
     * Whether the standard judges the room per person: an office ({@code category} office) with someone in it.
     * Service, equipment and ancillary rooms have no per-person entitlement (the indicators count their area); an
     * office with nobody in it is a matter for the idle rule, not for this table; a shared office is judged
     * against the sum of its occupants' entitlements.
     */
    public static boolean judges(OfficeRoom room) {
        return room.isOffice() && !room.occupants().isEmpty();
    }

    /**
     * What the standard says of an office: its occupants' entitlements summed, the area above it, whether a leader
     * sits in it, and the occupants the table has no row for (they count zero and are named, never guessed).
     */
    public Assessment assess(OfficeRoom room) {
        double entitled = 0;
        boolean leader = false;
        List<OfficeRoom.Occupant> unknown = new java.util.ArrayList<>();
        for (OfficeRoom.Occupant o : room.occupants()) {
            Optional<Double> e = entitlement(o.level(), o.rank());
            if (e.isPresent()) {
                entitled += e.get();
            } else {
                unknown.add(o);
            }
            leader |= isLeader(o.rank());
        }
        double excess = Math.max(0, room.usableArea() - entitled);
        return new Assessment(entitled, excess, leader, List.copyOf(unknown));
    }

    /** The standard's verdict on one office. */
    public record Assessment(double entitled, double excess, boolean leader, List<OfficeRoom.Occupant> unknownRanks) {
    }
}
