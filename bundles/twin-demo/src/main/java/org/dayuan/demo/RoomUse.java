package org.dayuan.demo;

import static org.dayuan.demo.Rank.COUNTY_DEPUTY;
import static org.dayuan.demo.Rank.COUNTY_HEAD;
import static org.dayuan.demo.Rank.DEPUTY_SECTION_CHIEF;
import static org.dayuan.demo.Rank.SECTION_CHIEF;
import static org.dayuan.demo.Rank.STAFF;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides how each room is used: its status, who sits in it, and its lease. Ordinary offices are staffed so that
 * the occupants' entitlements (§2.1, county level) cover the room's area; a few rooms are deliberately over
 * standard, idle, let out or under repair so that the office-space rules have something to find. Stateful (it
 * rotates through staffing patterns and names), so use one instance per generated data set.
 */
final class RoomUse {
    static final String IN_USE = "inUse";
    static final String IDLE = "idle";
    static final String LET_OUT = "letOut";
    static final String UNDER_REPAIR = "underRepair";

    /**
     * Rooms over standard on purpose; the first is demo scenario 5, a 副科 (12 m²) alone in 18 m². The last is a
     * leader's office over standard (领导干部办公室超标): a 县级副职 (24 m²) alone in 36 m² in the service building; it
     * is the last ordinary office generated, so taking it out of the rotation changes no other room.
     */
    static final Map<String, List<Rank>> OVER_STANDARD = Map.of(
            Ids.room("a", 3, 5), List.of(DEPUTY_SECTION_CHIEF),
            Ids.room("a", 5, 3), List.of(SECTION_CHIEF),
            Ids.room("b", 4, 1), List.of(DEPUTY_SECTION_CHIEF, STAFF),
            Ids.room("c", 4, 12), List.of(COUNTY_DEPUTY));
    static final String LET_OUT_ROOM = Ids.room("c", 2, 7);
    static final String UNDER_REPAIR_ROOM = Ids.room("b", 5, 6);

    /** The lease of the let-out room ends inside the 90-day warning window of the LeaseExpiry rule. */
    private static final String LESSEE = "中国邮政储蓄银行常州市武进区支行";
    private static final int LEASE_YEARS = 3;
    private static final int LEASE_DAYS_LEFT = 60;
    private static final int ANNUAL_RENT_YUAN = 86_400;
    /** The lessee has paid rent only up to this many days before AS_OF: in arrears beyond the rules' 30 days' grace. */
    private static final int RENT_PAID_DAYS_AGO = 48;

    /** Every n-th ordinary office stands empty, so reallocation has somewhere to go. */
    private static final int IDLE_EVERY = 9;
    /**
     * When each idle office emptied: every {@value #RECENT_EVERY}th only {@value #RECENT_DAYS_AGO} days before AS_OF
     * (not yet idle under the 90-day rule), the others 100 + 20·k days before (k: the k-th idle office).
     */
    private static final int RECENT_EVERY = 7;
    private static final int RECENT_DAYS_AGO = 20;
    private static final int LONG_AGO_DAYS = 100;
    private static final int LONG_AGO_STEP_DAYS = 20;

    /** Staffing patterns per room area (m²); each pattern's entitlements add up to at least the area. */
    private static final Map<Integer, List<List<Rank>>> PATTERNS = Map.of(
            18, List.of(List.of(SECTION_CHIEF), List.of(STAFF, STAFF)),
            24, List.of(List.of(DEPUTY_SECTION_CHIEF, DEPUTY_SECTION_CHIEF), List.of(SECTION_CHIEF, STAFF)),
            30, List.of(List.of(SECTION_CHIEF, DEPUTY_SECTION_CHIEF), List.of(DEPUTY_SECTION_CHIEF, STAFF, STAFF)),
            36, List.of(List.of(SECTION_CHIEF, STAFF, STAFF), List.of(STAFF, STAFF, STAFF, STAFF)),
            54, List.of(List.of(SECTION_CHIEF, DEPUTY_SECTION_CHIEF, STAFF, STAFF, STAFF), List.of(STAFF, STAFF,
                    STAFF, STAFF, STAFF, STAFF)));
    /** On leadership floors the 30 m² room is the head's, 24 m² rooms are deputies', 18 m² ones their secretaries'. */
    private static final Map<Integer, List<Rank>> LEADERSHIP = Map.of(
            30, List.of(COUNTY_HEAD), 24, List.of(COUNTY_DEPUTY), 18, List.of(SECTION_CHIEF));

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹";
    private static final List<String> GIVEN_NAMES = List.of("建国", "晓明", "丽华", "文杰", "海燕", "志强", "雪梅", "俊",
            "磊", "静", "敏", "伟", "芳", "军", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英",
            "婷", "浩", "宇", "欣怡", "子涵", "思远", "嘉怡", "一鸣", "晨", "立新", "红", "雷", "新华", "振华");
    /** Co-prime with the number of given names, so consecutive people rarely share one. */
    private static final int NAME_STRIDE = 7;

    record Occupant(String name, Rank rank) {
    }

    record Lease(String counterparty, LocalDate start, LocalDate end, int annualRent, LocalDate paidUntil) {
    }

    /**
     * How one room is used; {@code lease} is null unless the room is let out, {@code vacantSince} unless the room is
     * an idle office.
     */
    record Use(String status, List<Occupant> occupants, Lease lease, LocalDate vacantSince) {
        Use(String status, List<Occupant> occupants, Lease lease) {
            this(status, occupants, lease, null);
        }
    }

    private final LocalDate today;
    private final Map<Integer, Integer> patternTurn = new HashMap<>();
    private int ordinaryOffices;
    private int idleOffices;
    private int people;

    RoomUse(LocalDate today) {
        this.today = today;
    }

    Use of(String roomId, RoomKind kind, double area, boolean leadership) {
        if (roomId.equals(LET_OUT_ROOM)) {
            return new Use(LET_OUT, List.of(), new Lease(LESSEE, today.plusDays(LEASE_DAYS_LEFT).minusYears(LEASE_YEARS)
                    .plusDays(1), today.plusDays(LEASE_DAYS_LEFT), ANNUAL_RENT_YUAN,
                    today.minusDays(RENT_PAID_DAYS_AGO)));
        }
        if (roomId.equals(UNDER_REPAIR_ROOM)) {
            return new Use(UNDER_REPAIR, List.of(), null);
        }
        if (kind != RoomKind.OFFICE) {
            return new Use(IN_USE, List.of(), null);
        }
        List<Rank> ranks = OVER_STANDARD.get(roomId);
        if (ranks == null) {
            ranks = leadership ? LEADERSHIP.get(areaKey(area)) : null;
        }
        if (ranks == null) {
            ordinaryOffices++;
            if (ordinaryOffices % IDLE_EVERY == 0) {
                int k = ++idleOffices;
                return new Use(IDLE, List.of(), null, today.minusDays(k % RECENT_EVERY == 0 ? RECENT_DAYS_AGO
                        : LONG_AGO_DAYS + LONG_AGO_STEP_DAYS * k));
            }
            ranks = nextPattern(area);
        }
        return new Use(IN_USE, ranks.stream().map(r -> new Occupant(nextName(), r)).toList(), null);
    }

    /** Rooms that are over standard on purpose. */
    static Set<String> overStandardRooms() {
        return OVER_STANDARD.keySet();
    }

    private List<Rank> nextPattern(double area) {
        List<List<Rank>> choices = PATTERNS.get(areaKey(area));
        if (choices == null) {
            throw new IllegalStateException("No staffing pattern for an office of " + area + " m².");
        }
        int turn = patternTurn.merge(areaKey(area), 1, Integer::sum);
        return choices.get(turn % choices.size());
    }

    private String nextName() {
        int i = people++;
        return SURNAMES.charAt(i % SURNAMES.length())
                + GIVEN_NAMES.get((i * NAME_STRIDE + i / SURNAMES.length()) % GIVEN_NAMES.size());
    }

    private static int areaKey(double area) {
        return (int) Math.round(area);
    }
}
