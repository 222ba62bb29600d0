package org.dayuan.office.ledger;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.dayuan.office.OfficeRoom;

/**
 * The columns of a room ledger: the Chinese header the template writes, the English key also accepted, the Room
 * attribute each one fills, how a cell is read and how a room is exported into it. A column the file leaves out
 * leaves that fact of every room as it is; an empty cell in a present column clears the fact.
 */
enum LedgerColumn {
    CODE("房间编码", "code", null, false),
    NUMBER("房间号", "number", "number", false),
    NAME("房间名称", "name", "name", true),
    CATEGORY("用房类别", "category", "category", false),
    USE("使用功能", "use", "use", false),
    USABLE_AREA("使用面积", "usableArea", "usableArea", false),
    ORGANISATION("使用单位", "organisation", null, false),
    OWNERSHIP("权属", "ownership", "ownership", false),
    STATUS("使用状态", "status", "status", false),
    OCCUPANTS("使用人", "occupants", "occupants", false),
    LEASE_COUNTERPARTY("租赁对方", "leaseCounterparty", "lease/counterparty", false),
    LEASE_START("起租日", "leaseStart", "lease/start", false),
    LEASE_END("到期日", "leaseEnd", "lease/end", false),
    ANNUAL_RENT("年租金", "annualRent", "lease/annualRent", false),
    RENT_PAID_UNTIL("租金已付至", "rentPaidUntil", "lease/paidUntil", false);

    static final Choice CATEGORIES = new Choice(OfficeRoom.OFFICE, "办公室用房|办公用房|办公室", OfficeRoom.SERVICE,
            "服务用房", OfficeRoom.EQUIPMENT, "设备用房", OfficeRoom.ANCILLARY, "附属用房");
    static final Choice USES = new Choice("office", "办公室|办公", "meeting", "会议室", "reception", "接待室",
            "archive", "档案室", "print", "文印室", "mailroom", "收发室", "toilet", "卫生间", "storage", "储藏室|库房",
            "duty", "值班室", "computer", "机房|计算机房", "electrical", "配电室", "fireControl", "消防控制室", "pump",
            "水泵房", "waterTank", "水箱间", "hvacPlant", "空调机房", "canteen", "食堂", "kitchen", "厨房", "clinic",
            "医务室", "other", "其他");
    static final Choice OWNERSHIPS = new Choice("owned", "自有", "leasedIn", "租用", "borrowed", "借用");
    static final Choice STATUSES = new Choice(OfficeRoom.IN_USE, "在用", OfficeRoom.IDLE, "闲置", OfficeRoom.LET_OUT,
            "出租出借|出租|出借", OfficeRoom.UNDER_REPAIR, "维修|维修中", OfficeRoom.DISPOSED, "已处置");
    static final Choice LEVELS = new Choice("central", "中央", "provincial", "省级", "city", "市级", "county", "县级",
            "township", "乡级");
    private static final int MAX_TEXT = 100;
    private static final BigDecimal MAX_AREA = new BigDecimal("100000");
    private static final BigDecimal MAX_RENT = new BigDecimal("1000000000");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d", Locale.ROOT);

    final String header;
    final String key;
    /** The attribute under {@code attributes} ({@code lease/start}); null: checked, never written. */
    final String attribute;
    final boolean notEmpty;

    LedgerColumn(String header, String key, String attribute, boolean notEmpty) {
        this.header = header;
        this.key = key;
        this.attribute = attribute;
        this.notEmpty = notEmpty;
    }

    /** The column a header names (Chinese or English, any case, a unit in brackets ignored), if any. */
    static Optional<LedgerColumn> named(String header) {
        String h = header.replace("\uFEFF", "").strip();
        int bracket = indexOfAny(h, "(（");
        String bare = (bracket > 0 ? h.substring(0, bracket) : h).strip();
        for (LedgerColumn c : values()) {
            if (c.header.equals(bare) || c.key.equalsIgnoreCase(bare)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The header the template writes: Chinese, with the unit where there is one. */
    String title() {
        return switch (this) {
            case USABLE_AREA -> header + "(㎡)";
            case ANNUAL_RENT -> header + "(元)";
            default -> header;
        };
    }

    /**
     * The attribute value of a cell, or null to clear it; an {@link IllegalArgumentException} says what is wrong.
     * {@code cell} is stripped and not empty.
     */
    JsonNode read(String cell) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (this) {
            case CODE, ORGANISATION -> json.textNode(cell);
            case NUMBER, NAME, LEASE_COUNTERPARTY -> {
                if (cell.length() > MAX_TEXT) {
                    throw new IllegalArgumentException("longer than " + MAX_TEXT + " characters");
                }
                yield json.textNode(cell);
            }
            case CATEGORY -> choice(CATEGORIES, cell, "category");
            case USE -> choice(USES, cell, "use");
            case OWNERSHIP -> choice(OWNERSHIPS, cell, "ownership");
            case STATUS -> choice(STATUSES, cell, "status");
            case USABLE_AREA -> json.numberNode(amount(cell, MAX_AREA, "an area in square metres").doubleValue());
            case ANNUAL_RENT -> json.numberNode(amount(cell, MAX_RENT, "a rent in yuan").doubleValue());
            case LEASE_START, LEASE_END, RENT_PAID_UNTIL -> json.textNode(date(cell).toString());
            case OCCUPANTS -> OfficeRoom.occupantsJson(occupants(cell));
        };
    }

    /** The cell of this column for {@code room}, as the template writes it (and {@link #read} reads it back). */
    Object export(OfficeRoom room, JsonNode attributes) {
        return switch (this) {
            case CODE -> room.code().orElse("");
            case NUMBER -> room.number().orElse("");
            case NAME -> attributes.path("name").asText("");
            case CATEGORY -> room.category().map(CATEGORIES::label).orElse("");
            case USE -> room.use().map(USES::label).orElse("");
            case USABLE_AREA -> attributes.path("usableArea").isNumber() ? room.usableArea() : null;
            case ORGANISATION -> room.organisation().map(Object::toString).orElse("");
            case OWNERSHIP -> room.ownership().map(OWNERSHIPS::label).orElse("");
            case STATUS -> room.status().map(STATUSES::label).orElse("");
            case OCCUPANTS -> String.join("; ", room.occupants().stream().map(o -> o.name() + "|" + o.rank() + "|"
                    + LEVELS.label(o.level()) + o.id().map(id -> "|" + id).orElse("")).toList());
            case LEASE_COUNTERPARTY -> lease(room, OfficeRoom.Lease::counterparty);
            case LEASE_START -> lease(room, l -> l.start().map(LocalDate::toString).orElse(""));
            case LEASE_END -> lease(room, l -> l.end().map(LocalDate::toString).orElse(""));
            case ANNUAL_RENT -> attributes.path("lease").path("annualRent").isNumber()
                    ? room.lease().orElseThrow().annualRent() : null;
            case RENT_PAID_UNTIL -> lease(room, l -> l.paidUntil().map(LocalDate::toString).orElse(""));
        };
    }

    private static String lease(OfficeRoom room, Function<OfficeRoom.Lease, String> fact) {
        return room.lease().map(fact).orElse("");
    }

    private static TextNode choice(Choice choice, String cell, String what) {
        return TextNode.valueOf(choice.value(cell).orElseThrow(() -> new IllegalArgumentException("not a " + what
                + " of the Room model; write one of " + choice.expected())));
    }

    private static BigDecimal amount(String cell, BigDecimal max, String what) {
        BigDecimal v;
        try {
            v = new BigDecimal(cell.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number; write " + what + " such as 18.5");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException("negative; write " + what + ", 0 or more");
        }
        if (v.compareTo(max) > 0) {
            throw new IllegalArgumentException("more than " + max.toPlainString() + "; write " + what);
        }
        return v.stripTrailingZeros();
    }

    /** 2026-03-01, 2026/3/1, or the day number Excel stores when a date cell is read without its format. */
    static LocalDate date(String cell) {
        try {
            if (cell.matches("\\d{1,6}(\\.0+)?")) {
                long days = Long.parseLong(cell.replaceAll("\\.0+$", ""));
                if (days >= 1 && days <= 2_958_465) {
                    return EXCEL_EPOCH.plusDays(days);
                }
            }
            return cell.contains("/") ? LocalDate.parse(cell, SLASHED) : LocalDate.parse(cell);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a date; write it as 2026-03-01");
        }
    }

    /**
     * {@code 王建国|副科|县级|F017; 李晓明|科员及以下|县级}: people separated by {@code ;} (or {@code ；} or a line
     * break), each name | rank | level | personnel number (optional). Ranks as the 2014 standard's table writes them.
     */
    static List<OfficeRoom.Occupant> occupants(String cell) {
        List<OfficeRoom.Occupant> out = new ArrayList<>();
        for (String person : cell.split("[;；\\n]")) {
            if (person.isBlank()) {
                continue;
            }
            String[] f = person.split("[|｜]", -1);
            if (f.length < 3 || f.length > 4) {
                throw new IllegalArgumentException("'" + person.strip() + "' is not name|rank|level[|personnel"
                        + " number], e.g. 王建国|副科|县级|F017; people are separated by ;");
            }
            String name = f[0].strip();
            String rank = f[1].strip();
            String level = f[2].strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'" + person.strip() + "' has no name");
            }
            if (!OfficeRoom.RANKS.contains(rank)) {
                throw new IllegalArgumentException(name + "'s rank '" + rank + "' is not one of the standard's ranks ("
                        + String.join(", ", OfficeRoom.RANKS) + ")");
            }
            String lvl = LEVELS.value(level).orElseThrow(() -> new IllegalArgumentException(name + "'s level '"
                    + level + "' is not one of " + LEVELS.expected()));
            Optional<String> id = f.length == 4 && !f[3].isBlank() ? Optional.of(f[3].strip()) : Optional.empty();
            out.add(new OfficeRoom.Occupant(id, name, rank, lvl));
        }
        return out;
    }
}
