package org.dayuan.office.standards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.office.OfficeRoom;
import org.dayuan.testing.Configs;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Worked examples of the 2014 table (发改投资〔2014〕2674号) as the bundle ships it, and of the township row. */
class StandardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Standards STD = new StandardsInForce(Configs.of(StandardsConfig.class,
            java.util.Map.of())).get();

    static OfficeRoom office(double area, String... levelRankPairs) {
        ObjectNode thing = JSON.createObjectNode().put("definition", OfficeRoom.DEFINITION);
        ObjectNode a = thing.putObject("attributes").put("name", "A305 办公室").put("category", "office")
                .put("usableArea", area);
        ArrayNode occupants = a.putArray("occupants");
        for (int i = 0; i < levelRankPairs.length; i += 2) {
            occupants.addObject().put("id", "p-" + i).put("name", "人员" + i).put("level", levelRankPairs[i])
                    .put("rank", levelRankPairs[i + 1]);
        }
        return OfficeRoom.of(Twin.of(TwinId.of("cz.wujin:room-a-0305"), thing, 1, Instant.EPOCH, Instant.EPOCH));
    }

    @ParameterizedTest(name = "{0} {1}: {2} m²")
    @CsvSource({
            "county, 县级正职, 30", "county, 县级副职, 24", "county, 正科, 18", "county, 副科, 12",
            "county, 科员及以下, 9",
            "city, 市级正职, 42", "city, 市级副职, 30", "city, 正局(处), 24", "city, 副局(处), 18", "city, 正科, 9",
            "city, 科员及以下, 9",
            "provincial, 省级正职, 54", "provincial, 省级副职, 42", "provincial, 正厅(局), 30",
            "provincial, 副厅(局), 24", "provincial, 正处, 18", "provincial, 副处, 12", "provincial, 科员及以下, 9",
            "central, 部级正职, 54", "central, 部级副职, 42", "central, 正司(局), 24", "central, 副司(局), 18",
            "central, 处级, 12", "central, 科员及以下, 9",
            "township, 乡级正职, 24", "township, 乡级副职, 18", "township, 科员及以下, 9"})
    void entitlementPerLevelAndRank(String level, String rank, double m2) {
        assertEquals(Optional.of(m2), STD.entitlement(level, rank));
        Standards.Assessment fits = STD.assess(office(m2, level, rank));
        assertEquals(m2, fits.entitled());
        assertEquals(0, fits.excess());
        assertEquals(3.5, STD.assess(office(m2 + 3.5, level, rank)).excess(), 1e-9);
    }

    @Test
    void theShippedEditionIsNamedAndTheTownshipRowIsTheConfigs() {
        assertEquals("发改投资〔2014〕2674号", STD.edition());
        assertEquals(Optional.empty(), StandardsInForce.national().entitlement("township", "乡级正职"),
                "the national table leaves the township row to the province");
        Standards hubei = new StandardsInForce(Configs.of(StandardsConfig.class, java.util.Map.of(
                "township_head", 20.0, "township_deputy", 15.0, "township_staff", 8.0))).get();
        assertEquals(Optional.of(20.0), hubei.entitlement("township", "乡级正职"));
        assertEquals(Optional.of(8.0), hubei.entitlement("township", "科员及以下"));
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class, () -> new StandardsInForce(
                Configs.of(StandardsConfig.class, java.util.Map.of("township_head", 30.0))));
        assertTrue(above.getMessage().contains("county deputy's (24.0 m²)"), above.getMessage());
    }

    @Test
    void aSharedOfficeIsEntitledToTheSumOfItsOccupants() {
        Standards.Assessment a = STD.assess(office(30, "county", "副科", "county", "科员及以下", "county", "科员及以下"));
        assertEquals(30, a.entitled());
        assertEquals(0, a.excess());
        Standards.Assessment over = STD.assess(office(24, "county", "副科", "county", "科员及以下"));
        assertEquals(21, over.entitled());
        assertEquals(3, over.excess());
        assertFalse(over.leader());
    }

    @Test
    void aLeadersOfficeIsFlaggedAsSuch() {
        Standards.Assessment head = STD.assess(office(36, "county", "县级正职"));
        assertTrue(head.leader());
        assertEquals(6, head.excess());
        assertTrue(STD.assess(office(42, "city", "市级副职")).leader());
        assertFalse(STD.assess(office(30, "county", "正科")).leader(), "a section chief is no 领导干部");
    }

    @Test
    void anUnknownRankIsNamedNotGuessed() {
        Standards.Assessment a = STD.assess(office(30, "county", "正科", "county", "正处"));
        assertEquals(18, a.entitled(), "正处 is a provincial rank: the county table has no row for it");
        assertEquals(List.of("正处"), a.unknownRanks().stream().map(OfficeRoom.Occupant::rank).toList());
        assertEquals("人员2", a.unknownRanks().get(0).name());
    }

    @Test
    void onlyOfficesWithSomeoneInThemAreJudgedPerPerson() {
        assertTrue(Standards.judges(office(18, "county", "正科")));
        assertFalse(Standards.judges(office(18)), "an empty office is the idle rule's");
        ObjectNode meeting = JSON.createObjectNode().put("definition", OfficeRoom.DEFINITION);
        meeting.putObject("attributes").put("name", "会议室").put("category", "service").put("usableArea", 80)
                .putArray("occupants").addObject().put("name", "x").put("rank", "正科").put("level", "county");
        assertFalse(Standards.judges(OfficeRoom.of(Twin.of(TwinId.of("cz.wujin:room-a-0301"), meeting, 1,
                Instant.EPOCH, Instant.EPOCH))));
    }

    @Test
    void aProvincesOwnEditionIsReadFromItsFileAndABadOneIsRefusedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jiangsu.json");
        Files.writeString(file, "{'edition':'苏发改投资〔2016〕1号','effective':'2016-03-01','levels':{'county':{'rows':["
                .replace('\'', '"') + "{\"label\":\"县级正职\",\"area\":28},{\"label\":\"科级以下\",\"area\":8,"
                + "\"ranks\":[\"科员及以下\"]}]}},\"leaderRanks\":[\"县级正职\"]}");
        Standards own = new StandardsInForce(Configs.of(StandardsConfig.class, java.util.Map.of("file",
                file.toString()))).get();
        assertEquals("苏发改投资〔2016〕1号", own.edition());
        assertEquals(Optional.of(LocalDate.of(2016, 3, 1)), own.effective());
        assertEquals(Optional.of(8.0), own.entitlement("county", "科员及以下"));
        assertEquals("科级以下", own.toJson().path("rows").get(1).path("label").asText());
        Files.writeString(file, "{\"edition\":\"x\",\"levels\":{\"district\":{\"rows\":[]}}}");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new StandardsInForce(
                Configs.of(StandardsConfig.class, java.util.Map.of("file", file.toString()))));
        assertTrue(bad.getMessage().contains("Unknown level 'district'"), bad.getMessage());
    }
}
