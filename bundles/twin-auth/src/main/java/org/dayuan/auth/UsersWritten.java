package org.dayuan.auth;

/**
 * Readiness of a part that writes users into the realm at its start (the administrator, the demo users, a service's
 * own login): ready once its writes are {@link #done() done} and the realm has {@link UserDirectory#settled()
 * settled} after them, so a login with any of those users works from then on. It stays ready afterwards: a later
 * change to the realm by an operator is not a start.
 */
public final class UsersWritten {
    private final UserDirectory users;
    private volatile boolean done;
    private volatile boolean ready;

    public UsersWritten(UserDirectory users) {
        this.users = users;
    }

    /** The part has written (or found) all its users, or given up after logging why. */
    public void done() {
        done = true;
    }

    public boolean ready() {
        if (!ready && done && users.settled()) {
            ready = true;
        }
        return ready;
    }
}
