package org.dayuan.office.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dayuan.alarms.Severity;
import org.dayuan.demo.DemoCounty;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;
import org.dayuan.office.standards.StandardsInForce;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** The rules applied to the demo county: its planted cases raise exactly these alarms, and nothing else does. */
class DemoAlarmsTest {
    static final Standards STD = StandardsInForce.national().withTownship(24, 18, 9);
    static final LocalDate AS_OF = DemoCounty.AS_OF.toLocalDate();
    /** The over-standard offices, by room name. */
    static final Set<String> OVER = Set.of("room-a-0305", "room-a-0503", "room-b-0401", "room-c-0412");
    static final Set<String> IDLE_LONG = Set.of("room-a-0212", "room-a-0310", "room-a-0403", "room-a-0412",
            "room-a-0506", "room-a-0519", "room-a-0701", "room-a-0710", "room-a-0803", "room-a-0812", "room-a-0924",
            "room-b-0205", "room-b-0310", "room-b-0407", "room-b-0503", "room-b-0516", "room-b-0609", "room-c-0304");
    /** Emptied 20 days before AS_OF. */
    static final Set<String> IDLE_RECENT = Set.of("room-a-0608", "room-b-0301", "room-c-0404");
    static final Set<String> LET_OUT = Set.of("room-c-0207");

    static List<Finding> findings(LocalDate today) {
        OfficeRules rules = new OfficeRules(OfficeRules.Settings.DEFAULTS);
        return DemoCounty.twins().stream()
                .map(t -> Twin.of(TwinId.of(t.path(Twin.THING_ID).asText()), t, 1, Instant.EPOCH, Instant.EPOCH))
                .filter(OfficeRoom::isRoom)
                .flatMap(t -> rules.judge(OfficeRoom.of(t), STD, today).stream()).toList();
    }

    static Map<String, Set<String>> byType(List<Finding> findings) {
        Map<String, Set<String>> out = new TreeMap<>();
        findings.forEach(f -> out.computeIfAbsent(f.type(), k -> new TreeSet<>()).add(f.room().name()));
        return out;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void asOfTheDemosDayTheRecentlyEmptiedOfficesAreNotYetIdleAndTheLeaseOnlyWarns() {
        List<Finding> f = findings(AS_OF);
        assertEquals(Map.of(OfficeRules.OVER_STANDARD, OVER, OfficeRules.IDLE, IDLE_LONG,
                OfficeRules.LEASE_EXPIRING, LET_OUT, OfficeRules.RENT_ARREARS, LET_OUT), byType(f));
        Finding leader = f.stream().filter(x -> x.room().name().equals("room-c-0412")).findFirst().orElseThrow();
        assertEquals(Severity.MAJOR, leader.severity());
        assertEquals("领导干部办公室超标", leader.name());
        assertEquals(12, leader.details().path("excess").asDouble());
        assertEquals(Set.of(Severity.WARNING), f.stream().filter(x -> x != leader).map(Finding::severity)
                .collect(java.util.stream.Collectors.toSet()));
        Finding scenario5 = f.stream().filter(x -> x.room().name().equals("room-a-0305")).findFirst().orElseThrow();
        assertEquals(6, scenario5.details().path("excess").asDouble());
        Finding arrears = f.stream().filter(x -> x.type().equals(OfficeRules.RENT_ARREARS)).findFirst().orElseThrow();
        assertEquals(48, arrears.details().path("daysUnpaid").asInt());
        assertEquals(11_362, arrears.details().path("owed").asDouble(), "86 400 yuan a year × 48 / 365");
    }

    @Test
    void aYearAndAHalfLaterEveryIdleOfficeIsIdleAndTheLeaseHasEnded() {
        List<Finding> f = findings(LocalDate.of(2026, 12, 6));
        assertEquals(Map.of(OfficeRules.OVER_STANDARD, OVER, OfficeRules.IDLE, union(IDLE_LONG, IDLE_RECENT),
                OfficeRules.LEASE_EXPIRING, LET_OUT, OfficeRules.RENT_ARREARS, LET_OUT), byType(f));
        Finding lease = f.stream().filter(x -> x.type().equals(OfficeRules.LEASE_EXPIRING)).findFirst().orElseThrow();
        assertEquals(Severity.MAJOR, lease.severity());
    }
}
