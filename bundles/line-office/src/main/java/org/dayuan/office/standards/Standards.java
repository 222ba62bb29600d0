package org.dayuan.office.standards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dayuan.office.OfficeRoom;

/**
 * An office-area standard as data: the usable m² each occupant is entitled to by government level and rank, which
 * ranks are leaders, and the edition it comes from. A room's entitlement is the sum of its occupants'. Immutable;
 * the line swaps the whole table when the config changes, so an assessment never mixes two editions.
 */
public final class Standards {
    private final String edition;
    private final Map<String, Map<String, Double>> byLevel;
    private final Set<String> leaderRanks;

    public Standards(String edition, Map<String, Map<String, Double>> byLevel, Set<String> leaderRanks) {
        this.edition = edition;
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        byLevel.forEach((level, ranks) -> copy.put(level, Map.copyOf(ranks)));
        this.byLevel = copy;
        this.leaderRanks = Set.copyOf(leaderRanks);
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
