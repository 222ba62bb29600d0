package org.dayuan.jtt808;

/**
 * A terminal authentication (终端鉴权), 0x0102. In 2013 the code is the whole body; 2019 prefixes it with its length
 * (BYTE) and adds the IMEI (BYTE[15]) and the software version (BYTE[20]), both null on a 2013 message.
 */
public record Authenticate(String code, String imei, String softwareVersion) implements Body {
    public Authenticate {
        Fields.require("code", code);
    }

    public static Authenticate v2013(String code) {
        return new Authenticate(code, null, null);
    }

    @Override
    public int id() {
        return MessageIds.AUTHENTICATE;
    }

    @Override
    public byte[] encode(boolean v2019) {
        byte[] c = Fields.gbk("code", code);
        if (!v2019) {
            return c;
        }
        Fields.checkByte("code length", c.length);
        return new BodyWriter().u8(c.length).bytes(c)
                .bytes(Fields.fixed("imei", imei == null ? "" : imei, 15))
                .bytes(Fields.fixed("softwareVersion", softwareVersion == null ? "" : softwareVersion, 20))
                .toBytes();
    }

    static Authenticate decode(BodyReader in) throws FrameException {
        if (!in.header().v2019()) {
            return new Authenticate(new String(in.rest(), Fields.GBK), null, null);
        }
        int length = in.u8("code length");
        String code = new String(in.bytes(length, "code"), Fields.GBK);
        String imei = Fields.unfixed(in.bytes(15, "IMEI"));
        String version = Fields.unfixed(in.bytes(20, "software version"));
        in.end("an authentication");
        return new Authenticate(code, imei, version);
    }
}
