package org.dayuan.jtt808;

/**
 * The body of a message this codec reads and writes. {@link #encode(boolean)} takes the header's version flag, since a
 * few bodies (register, authenticate) are laid out differently in JT/T 808-2019.
 */
public sealed interface Body permits TerminalResponse, PlatformResponse, Heartbeat, Logout, Register,
        RegisterResponse, Authenticate, Location, LocationBatch {
    /** The message id that carries this body. */
    int id();

    byte[] encode(boolean v2019);
}
