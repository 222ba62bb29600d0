package org.dayuan.jtt808;

/**
 * The answer to a registration (终端注册应答), 0x8100: the registration's serial, a result (0 ok, 1 vehicle already
 * registered, 2 no such vehicle, 3 terminal already registered, 4 no such terminal) and, only with result 0, the
 * authentication code the terminal sends in 0x0102 from then on.
 */
public record RegisterResponse(int answeredSerial, int result, String authCode) implements Body {
    public static final int OK = 0;
    public static final int VEHICLE_REGISTERED = 1;
    public static final int NO_SUCH_VEHICLE = 2;
    public static final int TERMINAL_REGISTERED = 3;
    public static final int NO_SUCH_TERMINAL = 4;

    public RegisterResponse {
        Fields.checkWord("answeredSerial", answeredSerial);
        Fields.checkByte("result", result);
        if ((result == OK) != (authCode != null)) {
            throw new IllegalArgumentException("an authentication code comes with result 0 and only with it");
        }
    }

    @Override
    public int id() {
        return MessageIds.REGISTER_RESPONSE;
    }

    @Override
    public byte[] encode(boolean v2019) {
        BodyWriter out = new BodyWriter().u16(answeredSerial).u8(result);
        if (authCode != null) {
            out.bytes(Fields.gbk("authCode", authCode));
        }
        return out.toBytes();
    }

    static RegisterResponse decode(BodyReader in) throws FrameException {
        int serial = in.u16("answered serial");
        int result = in.u8("result");
        if (result == OK) {
            return new RegisterResponse(serial, result, new String(in.rest(), Fields.GBK));
        }
        in.end("a refused registration's answer");
        return new RegisterResponse(serial, result, null);
    }
}
