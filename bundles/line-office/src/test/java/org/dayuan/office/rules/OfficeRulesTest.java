package org.dayuan.office.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;
import org.dayuan.office.standards.StandardsInForce;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

class OfficeRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Standards STD = StandardsInForce.national().withTownship(24, 18, 9);
    static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    final OfficeRules rules = new OfficeRules(OfficeRules.Settings.DEFAULTS);

    static OfficeRoom room(String attributes) {
        try {
            ObjectNode thing = (ObjectNode) JSON.readTree(("{'definition':'dayuan:Room:1.0.0','attributes':"
                    + attributes + "}").replace('\'', '"'));
            return OfficeRoom.of(Twin.of(TwinId.of("cz.wujin:room-a-0305"), thing, 1, Instant.EPOCH, Instant.EPOCH));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> types(OfficeRoom room, LocalDate today) {
        return rules.judge(room, STD, today).stream().map(Finding::type).toList();
    }

    Finding only(OfficeRoom room, LocalDate today) {
        List<Finding> f = rules.judge(room, STD, today);
        assertEquals(1, f.size(), f.toString());
        return f.get(0);
    }

    @Test
    void aDeputySectionChiefAloneIn18SquareMetresIsSixOver() {
        Finding f = only(room("{'name':'A305','category':'office','usableArea':18,'status':'inUse','occupants':["
                + "{'id':'fgj-0007','name':'王建国','rank':'副科','level':'county'}]}"), TODAY);
        assertEquals(OfficeRules.OVER_STANDARD, f.type());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("办公室面积超标", f.name());
        JsonNode d = f.details();
        assertEquals(18, d.path("area").asDouble());
        assertEquals(12, d.path("entitled").asDouble());
        assertEquals(6, d.path("excess").asDouble());
        assertEquals(false, d.path("leader").asBoolean());
        assertEquals("发改投资〔2014〕2674号", d.path("edition").asText());
        assertEquals("fgj-0007", d.path("occupants").get(0).path("id").asText());
        assertEquals(12, d.path("occupants").get(0).path("entitled").asDouble());
        assertTrue(f.message().contains("超标 6 m²"), f.message());
    }

    @Test
    void aLeadersOfficeOverStandardIsMajorAndSaysSo() {
        Finding f = only(room("{'name':'A801','category':'office','usableArea':36,'occupants':["
                + "{'name':'李晓明','rank':'县级副职','level':'county'}]}"), TODAY);
        assertEquals(Severity.MAJOR, f.severity());
        assertEquals("领导干部办公室超标", f.name());
        assertEquals(true, f.details().path("leader").asBoolean());
        assertEquals(12, f.details().path("excess").asDouble());
    }

    @Test
    void anOfficeWithinItsOccupantsSumAndServiceRoomsRaiseNothing() {
        assertEquals(List.of(), types(room("{'category':'office','usableArea':30,'occupants':["
                + "{'name':'a','rank':'正科','level':'county'},{'name':'b','rank':'副科','level':'county'}]}"), TODAY));
        assertEquals(List.of(), types(room("{'category':'service','use':'meeting','usableArea':80}"), TODAY));
    }

    @Test
    void anUnknownRankIsReportedInsteadOfAGuessedExcess() {
        Finding f = only(room("{'name':'A306','category':'office','usableArea':40,'occupants':["
                + "{'name':'张三','rank':'正处','level':'county'}]}"), TODAY);
        assertEquals(OfficeRules.RANK_UNKNOWN, f.type());
        assertEquals(Severity.INFO, f.severity());
        assertEquals("正处", f.details().path("unknown").get(0).path("rank").asText());
        assertTrue(f.message().contains("张三"), f.message());
    }

    @Test
    void anOfficeIsIdleFromItsNinetiethEmptyDay() {
        String idle = "{'name':'B210','category':'office','usableArea':18,'status':'idle','vacantSince':'%s'}";
        assertEquals(List.of(), types(room(String.format(idle, TODAY.minusDays(89))), TODAY));
        Finding f = only(room(String.format(idle, TODAY.minusDays(90))), TODAY);
        assertEquals(OfficeRules.IDLE, f.type());
        assertEquals(90, f.details().path("days").asInt());
        assertEquals(List.of(), types(room("{'category':'office','usableArea':18,'status':'letOut','vacantSince':'"
                + TODAY.minusYears(1) + "'}"), TODAY), "let out is not idle");
        assertEquals(List.of(), types(room("{'category':'office','usableArea':18,'status':'disposed','vacantSince':'"
                + TODAY.minusYears(1) + "'}"), TODAY), "disposed of is not idle");
        assertEquals(List.of(), types(room("{'category':'office','usableArea':18}"), TODAY),
                "no vacantSince yet: the line starts it today");
    }

    @Test
    void aLeaseWarnsAtNinetyDaysAndIsMajorAtThirtyAndAfterItsEnd() {
        String letOut = "{'name':'C207','category':'office','usableArea':40,'status':'letOut','lease':{"
                + "'counterparty':'邮储银行','end':'2027-02-04','annualRent':86400}}";
        assertEquals(List.of(), types(room(letOut), LocalDate.parse("2027-02-04").minusDays(91)));
        Finding warn = only(room(letOut), LocalDate.parse("2027-02-04").minusDays(90));
        assertEquals(OfficeRules.LEASE_EXPIRING, warn.type());
        assertEquals(Severity.WARNING, warn.severity());
        assertEquals(90, warn.details().path("daysLeft").asInt());
        assertEquals(Severity.WARNING, only(room(letOut), LocalDate.parse("2027-02-04").minusDays(31)).severity());
        assertEquals(Severity.MAJOR, only(room(letOut), LocalDate.parse("2027-02-04").minusDays(30)).severity());
        Finding ended = only(room(letOut), LocalDate.parse("2027-02-14"));
        assertEquals(Severity.MAJOR, ended.severity());
        assertEquals(-10, ended.details().path("daysLeft").asInt());
        assertTrue(ended.message().contains("已于 2027-02-04 到期"), ended.message());
        assertEquals(List.of(), types(room(letOut.replace("letOut", "idle")), LocalDate.parse("2027-02-14")),
                "a lease the room is no longer under binds nobody");
        assertEquals(List.of(OfficeRules.LEASE_EXPIRING), types(room(letOut.replace("'status':'letOut'",
                "'ownership':'leasedIn','occupants':[{'name':'a','rank':'正科','level':'county'},{'name':'b','rank':"
                        + "'正科','level':'county'},{'name':'c','rank':'副科','level':'county'}]")),
                LocalDate.parse("2027-01-04")));
    }

    @Test
    void rentIsInArrearsAfterTheGraceAndOwedUpToTodayOrTheLeasesEnd() {
        String lease = "{'name':'C207','category':'office','usableArea':40,'status':'letOut','lease':{"
                + "'counterparty':'邮储银行','end':'2027-12-31','annualRent':73000,'paidUntil':'2026-10-31'}}";
        assertEquals(List.of(), types(room(lease), LocalDate.parse("2026-11-30")), "within the 30 days' grace");
        Finding f = only(room(lease), LocalDate.parse("2026-12-01"));
        assertEquals(OfficeRules.RENT_ARREARS, f.type());
        assertEquals(31, f.details().path("daysUnpaid").asInt());
        assertEquals(6200, f.details().path("owed").asDouble(), "73000 / 365 × 31");
        List<Finding> after = rules.judge(room(lease.replace("2027-12-31", "2026-11-15")), STD,
                LocalDate.parse("2027-06-01"));
        Finding owed = after.stream().filter(x -> x.type().equals(OfficeRules.RENT_ARREARS)).findFirst().orElseThrow();
        assertEquals(15, owed.details().path("daysUnpaid").asInt(), "owed up to the lease's end, not today");
        assertEquals(List.of(OfficeRules.LEASE_EXPIRING), types(room(lease.replace("2026-10-31", "2027-12-31")),
                LocalDate.parse("2027-12-01")), "paid to the end: no arrears");
    }

    @Test
    void theLineStartsAVacancyWhenAnOfficeEmptiesAndEndsItWhenSomeoneMovesIn() {
        assertEquals(Optional.of(OfficeRules.Vacancy.START), OfficeRules.vacancy(room("{'category':'office'}")));
        assertEquals(Optional.empty(), OfficeRules.vacancy(room("{'category':'office','vacantSince':'2026-01-01'}")));
        assertEquals(Optional.of(OfficeRules.Vacancy.END), OfficeRules.vacancy(room("{'category':'office',"
                + "'vacantSince':'2026-01-01','occupants':[{'name':'a','rank':'正科','level':'county'}]}")));
        assertEquals(Optional.empty(), OfficeRules.vacancy(room("{'category':'office','status':'letOut'}")));
        assertEquals(Optional.empty(), OfficeRules.vacancy(room("{'category':'office','status':'disposed'}")));
        assertEquals(Optional.empty(), OfficeRules.vacancy(room("{'category':'service','use':'meeting'}")));
    }

    @Test
    void badSettingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfficeRules.Settings.of(
                org.dayuan.testing.Configs.of(RulesConfig.class, Map.of("leaseUrgentDays", 120))));
        assertTrue(e.getMessage().contains("leaseUrgentDays (120)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OfficeRules.Settings.of(
                org.dayuan.testing.Configs.of(RulesConfig.class, Map.of("timeZone", "Mars/Base"))));
    }
}
