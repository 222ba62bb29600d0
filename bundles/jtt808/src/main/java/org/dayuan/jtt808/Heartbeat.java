package org.dayuan.jtt808;

/** A heartbeat (终端心跳), 0x0002: an empty body. */
public record Heartbeat() implements Body {
    @Override
    public int id() {
        return MessageIds.HEARTBEAT;
    }

    @Override
    public byte[] encode(boolean v2019) {
        return new byte[0];
    }

    static Heartbeat decode(BodyReader in) throws FrameException {
        in.end("a body that is empty");
        return new Heartbeat();
    }
}
