package org.dayuan.office.rules;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;

/**
 * The office line's rules on one room as of one day, plain Java: what is wrong with it now. Level-triggered: the same
 * room on the same day gives the same findings; the line sends the alarm service only the edges.
 */
public final class OfficeRules {
    public static final String LINE = "office";
    public static final String OVER_STANDARD = "office.over-standard";
    public static final String RANK_UNKNOWN = "office.rank-unknown";
    public static final String IDLE = "office.idle";
    public static final String LEASE_EXPIRING = "office.lease-expiring";
    public static final String RENT_ARREARS = "office.rent-arrears";
    public static final List<String> TYPES = List.of(OVER_STANDARD, RANK_UNKNOWN, IDLE, LEASE_EXPIRING, RENT_ARREARS);

    private static final double EPSILON = 1e-6;
    private static final double DAYS_PER_YEAR = 365;

    /** The rules' thresholds, checked once when the config is read. */
    public record Settings(int idleDays, int leaseWarningDays, int leaseUrgentDays, int arrearsGraceDays,
                           ZoneId zone) {
        public static final Settings DEFAULTS = new Settings(90, 90, 30, 30, OfficeRoom.ZONE);

        public Settings {
            if (idleDays < 1 || leaseWarningDays < 1 || leaseUrgentDays < 0 || arrearsGraceDays < 0) {
                throw new IllegalArgumentException("idleDays and leaseWarningDays must be at least 1, leaseUrgentDays"
                        + " and arrearsGraceDays at least 0.");
            }
            if (leaseUrgentDays > leaseWarningDays) {
                throw new IllegalArgumentException("leaseUrgentDays (" + leaseUrgentDays
                        + ") must not exceed leaseWarningDays (" + leaseWarningDays + ").");
            }
        }

        public static Settings of(RulesConfig c) {
            try {
                return new Settings(c.idleDays(), c.leaseWarningDays(), c.leaseUrgentDays(), c.arrearsGraceDays(),
                        ZoneId.of(c.timeZone()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeZone '" + c.timeZone() + "' is not a time zone.", e);
            }
        }
    }

    private final Settings settings;

    public OfficeRules(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** What is wrong with {@code room} on {@code today} under {@code standards}, at most one finding per type. */
    public List<Finding> judge(OfficeRoom room, Standards standards, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        standard(room, standards).ifPresent(out::add);
        idle(room, today).ifPresent(out::add);
        leaseExpiring(room, today).ifPresent(out::add);
        arrears(room, today).ifPresent(out::add);
        return out;
    }

    /**
     * Over standard: an office's usable area above the sum of its occupants' entitlements. An occupant whose level
     * and rank the table has no row for makes the room unjudgeable: it is named in office.rankUnknown, never guessed.
     */
    Optional<Finding> standard(OfficeRoom room, Standards standards) {
        if (!Standards.judges(room)) {
            return Optional.empty();
        }
        Standards.Assessment a = standards.assess(room);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("area", room.usableArea());
        details.put("edition", standards.edition());
        if (!a.unknownRanks().isEmpty()) {
            ArrayNode unknown = details.putArray("unknown");
            a.unknownRanks().forEach(o -> unknown.add(o.toJson()));
            String who = String.join("、", a.unknownRanks().stream().map(o -> o.name() + "（" + o.level() + " "
                    + o.rank() + "）").toList());
            return Optional.of(new Finding(room.id(), RANK_UNKNOWN, Severity.INFO, "使用人职级无标准",
                    room.name() + "：" + who + " 的级别和职级在 " + standards.edition() + " 中没有标准，无法核定面积"
                            + " / no entitlement in the standard for " + who, details));
        }
        if (a.excess() <= EPSILON) {
            return Optional.empty();
        }
        details.put("entitled", a.entitled());
        details.put("excess", round(a.excess()));
        details.put("leader", a.leader());
        ArrayNode occupants = details.putArray("occupants");
        for (OfficeRoom.Occupant o : room.occupants()) {
            ObjectNode j = o.toJson();
            j.put("entitled", standards.entitlement(o.level(), o.rank()).orElse(0.0));
            j.put("leader", standards.isLeader(o.rank()));
            occupants.add(j);
        }
        String title = a.leader() ? "领导干部办公室超标" : "办公室面积超标";
        return Optional.of(new Finding(room.id(), OVER_STANDARD, a.leader() ? Severity.MAJOR : Severity.WARNING,
                title, String.format(Locale.ROOT, "%s：使用面积 %s m²，核定 %s m²，超标 %s m² / over standard by %s m²"
                        + " (%s)", room.name(), num(room.usableArea()), num(a.entitled()), num(a.excess()),
                        num(a.excess()), standards.edition()), details));
    }

    /**
     * Idle: an office nobody has sat in for {@code idleDays}, counted from {@code vacantSince} (which the line keeps).
     * A room let out, under repair or disposed of is not idle, whatever its occupants.
     */
    Optional<Finding> idle(OfficeRoom room, LocalDate today) {
        if (!canStandEmpty(room) || !room.occupants().isEmpty() || room.vacantSince().isEmpty()) {
            return Optional.empty();
        }
        long days = ChronoUnit.DAYS.between(room.vacantSince().get(), today);
        if (days < settings.idleDays()) {
            return Optional.empty();
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("vacantSince", room.vacantSince().get().toString());
        details.put("days", days);
        details.put("idleDays", settings.idleDays());
        details.put("area", room.usableArea());
        return Optional.of(new Finding(room.id(), IDLE, Severity.WARNING, "办公室闲置", String.format(Locale.ROOT,
                "%s：%s m² 自 %s 起无人使用，已 %d 天 / idle for %d days", room.name(), num(room.usableArea()),
                room.vacantSince().get(), days, days), details));
    }

    /**
     * Lease expiring: a room let out or leased in whose lease ends within {@code leaseWarningDays} (warning) or
     * {@code leaseUrgentDays} (major; a lease already ended while the room is still let out or leased in is major).
     */
    Optional<Finding> leaseExpiring(OfficeRoom room, LocalDate today) {
        Optional<OfficeRoom.Lease> lease = activeLease(room);
        if (lease.isEmpty() || lease.get().end().isEmpty()) {
            return Optional.empty();
        }
        LocalDate end = lease.get().end().get();
        long left = ChronoUnit.DAYS.between(today, end);
        if (left > settings.leaseWarningDays()) {
            return Optional.empty();
        }
        ObjectNode details = leaseDetails(room, lease.get());
        details.put("end", end.toString());
        details.put("daysLeft", left);
        String when = left < 0 ? "已于 " + end + " 到期 " + (-left) + " 天 / ended " + (-left) + " days ago"
                : "将于 " + end + " 到期，剩 " + left + " 天 / ends in " + left + " days";
        return Optional.of(new Finding(room.id(), LEASE_EXPIRING, left <= settings.leaseUrgentDays() ? Severity.MAJOR
                : Severity.WARNING, "租赁到期", room.name() + "：与 " + lease.get().counterparty() + " 的租赁" + when,
                details));
    }

    /**
     * Rent in arrears: rent paid only up to {@code paidUntil}, more than {@code arrearsGraceDays} ago, while the lease
     * ran on after it. The amount owed is the annual rent pro rata from paidUntil to today or the lease's end.
     */
    Optional<Finding> arrears(OfficeRoom room, LocalDate today) {
        Optional<OfficeRoom.Lease> lease = activeLease(room);
        if (lease.isEmpty() || lease.get().paidUntil().isEmpty()) {
            return Optional.empty();
        }
        LocalDate paid = lease.get().paidUntil().get();
        LocalDate owedUntil = lease.get().end().filter(e -> e.isBefore(today)).orElse(today);
        if (!paid.isBefore(owedUntil) || !paid.plusDays(settings.arrearsGraceDays()).isBefore(today)) {
            return Optional.empty();
        }
        long days = ChronoUnit.DAYS.between(paid, owedUntil);
        double owed = Math.round(lease.get().annualRent() * days / DAYS_PER_YEAR);
        ObjectNode details = leaseDetails(room, lease.get());
        details.put("paidUntil", paid.toString());
        details.put("daysUnpaid", days);
        details.put("owed", owed);
        details.put("graceDays", settings.arrearsGraceDays());
        return Optional.of(new Finding(room.id(), RENT_ARREARS, Severity.WARNING, "租金欠缴", String.format(
                Locale.ROOT, "%s：%s 租金只付至 %s，欠 %d 天约 %s 元 / rent paid until %s, %d days (about %s yuan)"
                        + " unpaid", room.name(), lease.get().counterparty(), paid, days, num(owed), paid, days,
                num(owed)), details));
    }

    /** The lease that binds now: the room is let out, or leased in. */
    static Optional<OfficeRoom.Lease> activeLease(OfficeRoom room) {
        boolean binds = room.hasStatus(OfficeRoom.LET_OUT) || room.ownership().filter("leasedIn"::equals).isPresent();
        return binds ? room.lease() : Optional.empty();
    }

    private static ObjectNode leaseDetails(OfficeRoom room, OfficeRoom.Lease lease) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("counterparty", lease.counterparty());
        d.put("direction", room.hasStatus(OfficeRoom.LET_OUT) ? "letOut" : "leasedIn");
        d.put("annualRent", lease.annualRent());
        return d;
    }

    /** What the line writes to keep {@code vacantSince} true; empty when it is right as it is. */
    public enum Vacancy { START, END }

    /**
     * An office that can stand empty ({@link #canStandEmpty}) with nobody in it and no vacantSince starts its vacancy today
     * (the day the line first sees it empty); any room with someone in it and a vacantSince ends it.
     */
    public static Optional<Vacancy> vacancy(OfficeRoom room) {
        if (!room.occupants().isEmpty()) {
            return room.vacantSince().isPresent() ? Optional.of(Vacancy.END) : Optional.empty();
        }
        if (canStandEmpty(room) && room.vacantSince().isEmpty()) {
            return Optional.of(Vacancy.START);
        }
        return Optional.empty();
    }

    /**
     * Whether an empty {@code room} stands idle (空置): an office that is neither let out, under repair nor disposed
     * of (those are empty for a reason of their own).
     */
    public static boolean canStandEmpty(OfficeRoom room) {
        return room.isOffice() && !room.hasStatus(OfficeRoom.LET_OUT) && !room.hasStatus(OfficeRoom.UNDER_REPAIR)
                && !room.hasStatus(OfficeRoom.DISPOSED);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** 18 for 18.0, 6.5 for 6.5: figures as people write them. */
    static String num(double v) {
        double r = round(v);
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}
