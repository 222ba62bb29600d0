package org.dayuan.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.dayuan.twin.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers successful Basic logins. Basic sends the password with every request, and a JAAS login against
 * users.properties re-reads the file and hashes the password (bcrypt in the distribution) each time; the read
 * benchmark does tens of thousands of requests/s, which a login per request would not survive.
 *
 * <p>A login counts as fresh for the time to live. A request that finds it older (up to twice the time to live) is
 * still answered from it while one re-check of those credentials runs on the background executor: were it checked on
 * the request thread instead, every client of a user would hash at the same moment each time to live, and all their
 * requests would wait behind it. A re-check that the store refuses drops the entry, so the next request is checked
 * (and refused) as any login. A request that finds nothing is checked on its own thread; concurrent requests with the
 * same credentials wait for that one check instead of each hashing.
 *
 * <p>The realm's {@link Realm#version() version} is looked at once a second: when users.properties changed (a
 * password, a role, a removed user), every entry is forgotten, so such a change takes effect within a second rather
 * than a time to live. Realms that cannot tell rely on the re-check, at most twice the time to live.
 *
 * <p>Entries are keyed by an HMAC-SHA256 of user name and password under a key made for this instance, never by the
 * password: a heap dump shows neither the password nor a hash that could be guessed offline. Only the exact
 * credentials of an entry find it; a wrong password is always checked by the store.
 */
public final class CredentialCache {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);
    static final int MAX_ENTRIES = 10_000;
    static final Duration REALM_POLL = Duration.ofSeconds(1);

    private final Duration ttl;
    private final Clock clock;
    private final Authenticator authenticator;
    private final Realm realm;
    private final Executor background;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Checks running on a request thread, by key: the others with the same credentials wait for them. */
    private final Map<String, CompletableFuture<Caller>> checking = new ConcurrentHashMap<>();
    /** Counts the times entries were forgotten: a check begun before must not put back what it learnt. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Instant> nextPoll;
    private volatile Object realmVersion;

    private record Entry(String user, Caller caller, Instant checked, AtomicBoolean rechecking) {
    }

    /**
     * A cache holding logins for {@code ttl} (zero turns it off), re-checking them with {@code authenticator} on
     * {@code background} and forgetting them when {@code realm} changes.
     */
    public CredentialCache(Duration ttl, Clock clock, Authenticator authenticator, Realm realm, Executor background) {
        this.ttl = ttl;
        this.clock = clock;
        this.authenticator = authenticator;
        this.realm = realm;
        this.background = background;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.realmVersion = realm.version();
        this.nextPoll = new AtomicReference<>(clock.instant().plus(REALM_POLL));
    }

    /**
     * The caller for exactly these credentials, now calling from {@code origin}: from the cache, else from
     * {@code check} (which asks the store, and throws when it refuses). One {@code check} runs at a time for the same
     * credentials; requests arriving meanwhile share its success, and after a failure each checks on its own, so that
     * each failure counts for its own address.
     */
    public Caller get(String user, String password, String origin, Supplier<Caller> check) {
        if (ttl.isZero()) {
            return check.get();
        }
        watchRealm();
        String k = key(user, password);
        Caller cached = lookup(k, user, password);
        if (cached != null) {
            return from(cached, origin);
        }
        CompletableFuture<Caller> mine = new CompletableFuture<>();
        CompletableFuture<Caller> running = checking.putIfAbsent(k, mine);
        if (running != null) {
            try {
                return from(running.join(), origin);
            } catch (CompletionException | CancellationException e) {
                return check.get();
            }
        }
        try {
            long since = generation.get();
            Caller caller = check.get();
            store(k, user, caller, since);
            mine.complete(caller);
            return caller;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(k, mine);
        }
    }

    /** Forgets every entry, e.g. when the realm changed under it. */
    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Forgets the entries of {@code user}, e.g. when an administrator revoked its access. */
    public void forget(String user) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> e.user().equals(user));
    }

    int size() {
        return entries.size();
    }

    private Caller lookup(String k, String user, String password) {
        Entry entry = entries.get(k);
        if (entry == null) {
            return null;
        }
        Instant now = clock.instant();
        Instant fresh = entry.checked().plus(ttl);
        if (now.isBefore(fresh)) {
            return entry.caller();
        }
        if (now.isBefore(fresh.plus(ttl))) {
            recheck(k, entry, user, password);
            return entry.caller();
        }
        entries.remove(k, entry);
        return null;
    }

    private void recheck(String k, Entry entry, String user, String password) {
        if (!entry.rechecking().compareAndSet(false, true)) {
            return;
        }
        long since = generation.get();
        try {
            background.execute(() -> {
                try {
                    Caller caller = RoleMapping.caller(user, authenticator.authenticate(user, password), "");
                    if (!entries.replace(k, entry, new Entry(user, caller, clock.instant(), new AtomicBoolean()))) {
                        return; // forgotten or replaced meanwhile
                    }
                    if (generation.get() != since) {
                        entries.remove(k);
                    }
                } catch (FailedLoginException | AccountException | CredentialException e) {
                    entries.remove(k, entry);
                } catch (LoginException | RuntimeException e) {
                    // The store could not answer: the entry serves until it is too old, and its next use tries again.
                    LOG.warn("Could not re-check the login of '{}': {}", Names.forLog(user), e.toString());
                    entry.rechecking().set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            entry.rechecking().set(false); // shutting down: the entry just ages out
        }
    }

    private void store(String k, String user, Caller caller, long since) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant stale = clock.instant().minus(ttl.multipliedBy(2));
            entries.values().removeIf(e -> !e.checked().isAfter(stale));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        Entry entry = new Entry(user, caller, clock.instant(), new AtomicBoolean());
        entries.put(k, entry);
        if (generation.get() != since) {
            entries.remove(k, entry); // the realm changed while checking: the answer may be out of date
        }
    }

    /** At most once per {@link #REALM_POLL}, on whichever request comes first. */
    private void watchRealm() {
        Instant now = clock.instant();
        Instant next = nextPoll.get();
        if (now.isBefore(next) || !nextPoll.compareAndSet(next, now.plus(REALM_POLL))) {
            return;
        }
        Object version = realm.version();
        if (!Objects.equals(version, realmVersion)) {
            realmVersion = version;
            clear();
        }
    }

    private static Caller from(Caller c, String origin) {
        return new Caller(c.subject(), c.roles(), c.namespaces(), origin);
    }

    private String key(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // User names have no control characters (Names), so NUL cannot be part of one and the split is unique.
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
