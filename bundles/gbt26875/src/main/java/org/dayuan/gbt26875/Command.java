package org.dayuan.gbt26875;

/** The command byte of the control unit (控制单元 命令字节), §8.1.2 of the standard. */
public enum Command {
    CONTROL(1), SEND_DATA(2), CONFIRM(3), REQUEST(4), RESPONSE(5), DENY(6);

    private final int code;

    Command(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The command for a byte, or null when the byte is none (0 and 7-127 are reserved, 128-255 user-defined). */
    public static Command of(int code) {
        for (Command c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
