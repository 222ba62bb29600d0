package org.dayuan.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.dayuan.twin.Caller;

/**
 * Remembers successful Basic logins for a short while. Basic sends the password with every request, and a JAAS
 * login against users.properties re-reads the file and hashes the password each time; the read benchmark does some
 * 28k requests/s, which a login per request would not survive (and a salted hash even less). The price: a changed
 * password or role takes effect after at most the cache time.
 *
 * <p>Entries are keyed by an HMAC-SHA256 of user name and password under a key made for this instance, never by the
 * password: a heap dump shows neither the password nor a hash that could be guessed offline.
 */
public final class CredentialCache {
    static final int MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Caller caller, Instant expires) {
    }

    /** A cache holding logins for {@code ttl}; zero turns it off. */
    public CredentialCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The caller remembered for exactly these credentials, now calling from {@code origin}; null if none. */
    public Caller get(String user, String password, String origin) {
        if (ttl.isZero()) {
            return null;
        }
        String k = key(user, password);
        Entry entry = entries.get(k);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires)) {
            entries.remove(k, entry);
            return null;
        }
        Caller c = entry.caller;
        return new Caller(c.subject(), c.roles(), c.namespaces(), origin);
    }

    public void put(String user, String password, Caller caller) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key(user, password), new Entry(caller, clock.instant().plus(ttl)));
    }

    /** Forgets every entry, e.g. when the realm changed under it. */
    public void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
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
