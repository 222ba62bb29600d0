package org.dayuan.jtt808;

/**
 * The terminal's general response (终端通用应答), 0x0001: the serial and message id of the message answered, and a
 * result (0 ok, 1 failure, 2 message error, 3 unsupported, 4 alarm confirmed - the last only from the platform).
 */
public record TerminalResponse(int answeredSerial, int answeredId, int result) implements Body {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int MESSAGE_ERROR = 2;
    public static final int UNSUPPORTED = 3;
    public static final int ALARM_CONFIRMED = 4;

    public TerminalResponse {
        Fields.checkWord("answeredSerial", answeredSerial);
        Fields.checkWord("answeredId", answeredId);
        Fields.checkByte("result", result);
    }

    /** The answer to a received message. */
    public static TerminalResponse to(Header received, int result) {
        return new TerminalResponse(received.serial(), received.msgId(), result);
    }

    @Override
    public int id() {
        return MessageIds.TERMINAL_RESPONSE;
    }

    @Override
    public byte[] encode(boolean v2019) {
        return new BodyWriter().u16(answeredSerial).u16(answeredId).u8(result).toBytes();
    }

    static TerminalResponse decode(BodyReader in) throws FrameException {
        TerminalResponse r = new TerminalResponse(in.u16("answered serial"), in.u16("answered id"), in.u8("result"));
        in.end("a general response");
        return r;
    }
}
