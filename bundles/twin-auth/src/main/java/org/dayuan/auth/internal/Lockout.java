package org.dayuan.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a user name for one client address after too many failed logins in a row from that address, so passwords
 * cannot be guessed at HTTP speed, while nobody can lock a user out from an address they do not control (a lock per
 * name alone lets anyone keep {@code admin} locked with a few requests).
 *
 * <p>Names are counted whether or not the realm knows them, so a lock does not tell which names exist. Counts of
 * names the realm knows are never dropped to save memory before they expire: each such name tracks up to
 * {@value #MAX_ADDRESSES_PER_NAME} addresses, and all further addresses share one count (a botnet beyond that can
 * lock the name for addresses with no count of their own, which is the price of bounded memory). Counts of unknown
 * names live in a table of at most {@value #MAX_UNKNOWN} entries that drops the oldest when full: spraying made-up
 * names can then only make the lockout forget other made-up names.
 *
 * <p>Failures older than the lock time are forgotten, so a typo a week ago does not count towards today's lock.
 */
public final class Lockout {
    static final int MAX_ADDRESSES_PER_NAME = 1_000;
    static final int MAX_UNKNOWN = 10_000;

    private final int maxFailures;
    private final Duration lockTime;
    private final Clock clock;
    private final Map<String, Addresses> known = new ConcurrentHashMap<>();
    private final Map<Key, Entry> unknown = new ConcurrentHashMap<>();

    private record Key(String user, String address) {
    }

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant lockedUntil;
    }

    /** The counts of one known name: per address, and one shared by every address beyond the bound. */
    private final class Addresses {
        private final Map<String, Entry> byAddress = new LinkedHashMap<>();
        private final Entry others = new Entry();

        synchronized Optional<Instant> lockedUntil(String address, Instant now) {
            return Lockout.this.lockedUntil(entryFor(address), now);
        }

        /** Counts a failure; {@code carried} is what was counted while the name looked unknown, if anything. */
        synchronized Optional<Instant> failed(String address, Instant now, Entry carried) {
            Entry entry = byAddress.get(address);
            if (entry == null) {
                if (byAddress.size() >= MAX_ADDRESSES_PER_NAME) {
                    byAddress.values().removeIf(e -> expired(e, now));
                }
                if (byAddress.size() < MAX_ADDRESSES_PER_NAME) {
                    entry = new Entry();
                    byAddress.put(address, entry);
                } else {
                    entry = others;
                }
            }
            if (carried != null) {
                merge(carried, entry, now);
            }
            return count(entry, now);
        }

        synchronized boolean succeeded(String address) {
            byAddress.remove(address);
            return byAddress.isEmpty() && others.failures == 0;
        }

        synchronized int failures(String address) {
            Entry entry = entryFor(address);
            return entry == null ? 0 : entry.failures;
        }

        private Entry entryFor(String address) {
            Entry entry = byAddress.get(address);
            return entry != null || byAddress.size() < MAX_ADDRESSES_PER_NAME ? entry : others;
        }
    }

    public Lockout(int maxFailures, Duration lockTime, Clock clock) {
        if (maxFailures < 1 || lockTime.isNegative() || lockTime.isZero()) {
            throw new IllegalArgumentException("maxFailures must be at least 1 and lockTime positive");
        }
        this.maxFailures = maxFailures;
        this.lockTime = lockTime;
        this.clock = clock;
    }

    /** Until when {@code user} is locked for logins from {@code address}, if it is. */
    public Optional<Instant> lockedUntil(String user, String address) {
        Instant now = clock.instant();
        Addresses addresses = known.get(user);
        if (addresses != null) {
            Optional<Instant> until = addresses.lockedUntil(address, now);
            if (until.isPresent()) {
                return until;
            }
        }
        Entry entry = unknown.get(new Key(user, address));
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            return lockedUntil(entry, now);
        }
    }

    /**
     * Counts a failed login of {@code user} from {@code address}; {@code known} says whether the realm has the user.
     * Returns the end of the lock if this failure started one.
     */
    public Optional<Instant> failed(String user, String address, boolean known) {
        Instant now = clock.instant();
        // Once known, a name stays with the known names: the realm may answer "unknown" for a moment (e.g. while
        // users.properties is rewritten), and a count split between the tables would never reach the limit.
        if (known || this.known.containsKey(user)) {
            Entry carried = unknown.remove(new Key(user, address));
            Object[] result = new Object[1];
            this.known.compute(user, (name, addresses) -> {
                Addresses a = addresses == null ? new Addresses() : addresses;
                result[0] = a.failed(address, now, carried);
                return a;
            });
            @SuppressWarnings("unchecked")
            Optional<Instant> locked = (Optional<Instant>) result[0];
            return locked;
        }
        if (unknown.size() >= MAX_UNKNOWN) {
            pruneUnknown(now);
        }
        Entry entry = unknown.computeIfAbsent(new Key(user, address), k -> new Entry());
        synchronized (entry) {
            return count(entry, now);
        }
    }

    /** A correct password (or a login remembered from one): the count of that name from that address starts again. */
    public void succeeded(String user, String address) {
        known.computeIfPresent(user, (name, addresses) -> addresses.succeeded(address) ? null : addresses);
        unknown.remove(new Key(user, address));
    }

    /** How many failures in a row {@code user} has now from {@code address} (0 once forgotten). */
    int failures(String user, String address) {
        Addresses addresses = known.get(user);
        int counted = addresses == null ? 0 : addresses.failures(address);
        Entry entry = unknown.get(new Key(user, address));
        if (entry != null) {
            synchronized (entry) {
                counted += entry.failures;
            }
        }
        return counted;
    }

    int trackedUnknown() {
        return unknown.size();
    }

    private Optional<Instant> lockedUntil(Entry entry, Instant now) {
        if (entry == null) {
            return Optional.empty();
        }
        Instant until = entry.lockedUntil;
        return until != null && now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    /** Counts one failure on {@code entry}, which the caller holds the lock of. */
    private Optional<Instant> count(Entry entry, Instant now) {
        if (expired(entry, now)) {
            entry.failures = 0;
            entry.lockedUntil = null;
        }
        if (entry.lockedUntil != null) {
            return Optional.empty(); // already locked; more tries do not extend it
        }
        entry.failures++;
        entry.lastFailure = now;
        if (entry.failures >= maxFailures) {
            // Whole seconds, rounded up: the time is shown to the user, and must not end before the lock does.
            Instant end = now.plus(lockTime);
            entry.lockedUntil = end.getNano() == 0 ? end : end.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            return Optional.of(entry.lockedUntil);
        }
        return Optional.empty();
    }

    /** Adds what {@code from} still counts to {@code into}, whose lock the caller holds. */
    private void merge(Entry from, Entry into, Instant now) {
        synchronized (from) {
            if (from.lastFailure == null || expired(from, now)) {
                return;
            }
            if (expired(into, now)) {
                into.failures = 0;
                into.lockedUntil = null;
            }
            into.failures += from.failures;
            if (into.lastFailure == null || from.lastFailure.isAfter(into.lastFailure)) {
                into.lastFailure = from.lastFailure;
            }
            if (from.lockedUntil != null && (into.lockedUntil == null || from.lockedUntil.isAfter(into.lockedUntil))) {
                into.lockedUntil = from.lockedUntil;
            }
        }
    }

    /** Whether nothing in {@code entry} counts any more: its lock is over, or its last failure is too old. */
    private boolean expired(Entry entry, Instant now) {
        if (entry.lockedUntil != null) {
            return !now.isBefore(entry.lockedUntil);
        }
        return entry.lastFailure != null && now.isAfter(entry.lastFailure.plus(lockTime));
    }

    /** Drops expired counts of unknown names, then, if still full, the older half: only made-up names are here. */
    private synchronized void pruneUnknown(Instant now) {
        if (unknown.size() < MAX_UNKNOWN) {
            return;
        }
        unknown.values().removeIf(e -> {
            synchronized (e) {
                return expired(e, now);
            }
        });
        if (unknown.size() >= MAX_UNKNOWN) {
            unknown.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), lastFailure(e.getValue())))
                    .sorted(Map.Entry.comparingByValue(Comparator.nullsFirst(Comparator.naturalOrder())))
                    .limit(MAX_UNKNOWN / 2)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(unknown::remove);
        }
    }

    private static Instant lastFailure(Entry entry) {
        synchronized (entry) {
            return entry.lastFailure;
        }
    }
}
