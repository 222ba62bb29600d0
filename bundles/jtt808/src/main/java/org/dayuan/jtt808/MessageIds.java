package org.dayuan.jtt808;

/** The message ids of JT/T 808 this codec knows (0x0xxx from the terminal, 0x8xxx from the platform). */
public final class MessageIds {
    public static final int TERMINAL_RESPONSE = 0x0001;
    public static final int HEARTBEAT = 0x0002;
    public static final int LOGOUT = 0x0003;
    public static final int REGISTER = 0x0100;
    public static final int AUTHENTICATE = 0x0102;
    public static final int LOCATION = 0x0200;
    public static final int LOCATION_BATCH = 0x0704;
    public static final int PLATFORM_RESPONSE = 0x8001;
    public static final int REGISTER_RESPONSE = 0x8100;

    private MessageIds() {
    }
}
