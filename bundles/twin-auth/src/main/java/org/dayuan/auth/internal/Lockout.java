package org.dayuan.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a user name for a while after too many failed logins in a row, so passwords cannot be guessed at HTTP speed.
 * Names are counted whether or not the realm knows them: a lock must not tell an attacker which names exist.
 *
 * <p>Failures older than the lock time are forgotten, so a typo a week ago does not count towards today's lock.
 * The table is bounded: an attacker cycling through made-up names cannot exhaust memory, at worst it makes the
 * lockout forget names that are not locked.
 */
public final class Lockout {
    static final int MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final Duration lockTime;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant lockedUntil;
    }

    public Lockout(int maxFailures, Duration lockTime, Clock clock) {
        if (maxFailures < 1 || lockTime.isNegative() || lockTime.isZero()) {
            throw new IllegalArgumentException("maxFailures must be at least 1 and lockTime positive");
        }
        this.maxFailures = maxFailures;
        this.lockTime = lockTime;
        this.clock = clock;
    }

    /** Until when {@code user} is locked, if it is. */
    public Optional<Instant> lockedUntil(String user) {
        Entry entry = entries.get(user);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            Instant until = entry.lockedUntil;
            return until != null && clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
        }
    }

    /** Counts a failed login of {@code user}; returns the end of the lock if this failure started one. */
    public Optional<Instant> failed(String user) {
        if (entries.size() >= MAX_TRACKED) {
            prune();
        }
        Entry entry = entries.computeIfAbsent(user, u -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            boolean lockOver = entry.lockedUntil != null && !now.isBefore(entry.lockedUntil);
            boolean stale = entry.lastFailure != null && now.isAfter(entry.lastFailure.plus(lockTime));
            if (lockOver || stale) {
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
    }

    /** A correct password: the count starts again. */
    public void succeeded(String user) {
        entries.remove(user);
    }

    /** How many failures in a row {@code user} has now (0 once forgotten). */
    int failures(String user) {
        Entry entry = entries.get(user);
        if (entry == null) {
            return 0;
        }
        synchronized (entry) {
            return entry.failures;
        }
    }

    int tracked() {
        return entries.size();
    }

    private void prune() {
        Instant now = clock.instant();
        entries.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Entry entry = e.getValue();
                if (entry.lockedUntil != null) {
                    return !now.isBefore(entry.lockedUntil);
                }
                return entry.lastFailure != null && now.isAfter(entry.lastFailure.plus(lockTime));
            }
        });
        if (entries.size() >= MAX_TRACKED) {
            // Still full of live counts: give up the counts, keep the locks.
            entries.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().lockedUntil == null;
                }
            });
        }
    }
}
