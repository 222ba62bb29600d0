package org.dayuan.jtt808;

/**
 * A terminal registration (终端注册), 0x0100: province and city (GB/T 2260 codes), manufacturer, model and terminal id
 * as fixed-width fields (2013: 5, 20 and 7 bytes; 2019: 11, 30 and 30), the plate colour (JT/T 415; 0 when the vehicle
 * has no plate, and then {@code plate} is its VIN) and the plate, GBK to the end of the body.
 */
public record Register(int province, int city, String manufacturer, String model, String terminalId,
                       int plateColour, String plate) implements Body {
    public Register {
        Fields.checkWord("province", province);
        Fields.checkWord("city", city);
        Fields.require("manufacturer", manufacturer);
        Fields.require("model", model);
        Fields.require("terminalId", terminalId);
        Fields.checkByte("plateColour", plateColour);
        Fields.require("plate", plate);
    }

    @Override
    public int id() {
        return MessageIds.REGISTER;
    }

    @Override
    public byte[] encode(boolean v2019) {
        return new BodyWriter().u16(province).u16(city)
                .bytes(Fields.fixed("manufacturer", manufacturer, v2019 ? 11 : 5))
                .bytes(Fields.fixed("model", model, v2019 ? 30 : 20))
                .bytes(Fields.fixed("terminalId", terminalId, v2019 ? 30 : 7))
                .u8(plateColour).bytes(Fields.gbk("plate", plate)).toBytes();
    }

    static Register decode(BodyReader in) throws FrameException {
        boolean v2019 = in.header().v2019();
        int province = in.u16("province");
        int city = in.u16("city");
        String manufacturer = Fields.unfixed(in.bytes(v2019 ? 11 : 5, "manufacturer"));
        String model = Fields.unfixed(in.bytes(v2019 ? 30 : 20, "model"));
        String terminalId = Fields.unfixed(in.bytes(v2019 ? 30 : 7, "terminal id"));
        int colour = in.u8("plate colour");
        String plate = new String(in.rest(), Fields.GBK);
        return new Register(province, city, manufacturer, model, terminalId, colour, plate);
    }
}
