package org.dayuan.jtt808;

/** A logout (终端注销), 0x0003: an empty body. */
public record Logout() implements Body {
    @Override
    public int id() {
        return MessageIds.LOGOUT;
    }

    @Override
    public byte[] encode(boolean v2019) {
        return new byte[0];
    }

    static Logout decode(BodyReader in) throws FrameException {
        in.end("a body that is empty");
        return new Logout();
    }
}
