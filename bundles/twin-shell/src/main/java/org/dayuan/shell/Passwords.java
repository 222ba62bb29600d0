package org.dayuan.shell;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;

/** Asking for a password on the console: without echo, twice, so a typing error does not lock the user out. */
final class Passwords {
    private Passwords() {
    }

    static String ask(Session session) throws IOException {
        String first = session.readLine("Password: ", '*');
        String second = session.readLine("Password again: ", '*');
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("The two passwords differ; nothing was changed.");
        }
        return first;
    }
}
