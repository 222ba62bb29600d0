package org.dayuan.jtt808;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of location reports (定位数据批量上传), 0x0704: count (WORD), type (BYTE: 0 normal, 1 blind-area reports, i.e.
 * stored while the terminal had no network), then per report its length (WORD) and a 0x0200 body.
 */
public record LocationBatch(int type, List<Location> locations) implements Body {
    public static final int NORMAL = 0;
    public static final int BLIND_AREA = 1;

    public LocationBatch {
        Fields.checkByte("type", type);
        locations = List.copyOf(locations);
        Fields.checkWord("count", locations.size());
    }

    @Override
    public int id() {
        return MessageIds.LOCATION_BATCH;
    }

    @Override
    public byte[] encode(boolean v2019) {
        BodyWriter out = new BodyWriter().u16(locations.size()).u8(type);
        for (Location l : locations) {
            byte[] b = l.encode(v2019);
            out.u16(b.length).bytes(b);
        }
        return out.toBytes();
    }

    static LocationBatch decode(BodyReader in) throws FrameException {
        int count = in.u16("count");
        int type = in.u8("type");
        if (type > BLIND_AREA) {
            throw in.invalid("batch type " + type + " is not 0 or 1");
        }
        List<Location> locations = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            int length = in.u16("length of report " + (i + 1));
            byte[] body = in.bytes(length, "report " + (i + 1));
            BodyReader item = new BodyReader(body, in.header());
            locations.add(Location.decode(item));
        }
        in.end("a batch of " + count + " reports");
        return new LocationBatch(type, locations);
    }
}
