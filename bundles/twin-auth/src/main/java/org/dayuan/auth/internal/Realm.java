package org.dayuan.auth.internal;

/** What the gatekeeper asks the user store besides a login, once a login has failed. */
public interface Realm {
    /** Whether the store has {@code user}; false when it cannot tell. */
    boolean exists(String user);

    /**
     * Checks {@code password} against a stored hash made as the store makes its own, and ignores the outcome. A failed
     * login of an existing user costs a hash check and one of an unknown user none; this spends the same work, so the
     * answer time does not tell which names exist.
     */
    void decoyCheck(String password);

    /**
     * Something that changes whenever the store's users, passwords or roles may have changed (for a users file: its
     * identity, size and time of change); null when the store cannot tell. Cheap enough to ask once a second.
     */
    default Object version() {
        return null;
    }
}
