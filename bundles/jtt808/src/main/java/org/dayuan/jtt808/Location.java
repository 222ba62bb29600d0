package org.dayuan.jtt808;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A location report (位置信息汇报), 0x0200, as on the wire: alarm flags and status (DWORD each), latitude and
 * longitude in millionths of a degree without sign (status bit 2 south, bit 3 west), altitude in m, speed in 0.1 km/h,
 * heading 0-359 clockwise from north, the time (BCD YYMMDDhhmmss, GMT+8 by the standard, so a local time here), then
 * the additional items. The convenience readers give signed degrees, km/h and the known items.
 */
public record Location(long alarm, long status, long latitude, long longitude, int altitude, int speed, int heading,
                       LocalDateTime time, List<LocationItem> items) implements Body {
    public static final long STATUS_ACC = 1L;
    public static final long STATUS_FIXED = 1L << 1;
    public static final long STATUS_SOUTH = 1L << 2;
    public static final long STATUS_WEST = 1L << 3;
    /** Bytes before the first additional item. */
    public static final int FIXED_SIZE = 28;

    public Location {
        Fields.checkDword("alarm", alarm);
        Fields.checkDword("status", status);
        if (latitude < 0 || latitude > 90_000_000L) {
            throw new IllegalArgumentException("latitude is 0-90 000 000 millionths of a degree: " + latitude);
        }
        if (longitude < 0 || longitude > 180_000_000L) {
            throw new IllegalArgumentException("longitude is 0-180 000 000 millionths of a degree: " + longitude);
        }
        Fields.checkWord("altitude", altitude);
        Fields.checkWord("speed", speed);
        if (heading < 0 || heading > 359) {
            throw new IllegalArgumentException("heading is 0-359: " + heading);
        }
        Fields.checkTime(time);
        items = List.copyOf(items == null ? List.of() : items);
    }

    /**
     * A report from signed degrees and km/h: the sign goes to status bits 2 and 3 (added to {@code status}),
     * degrees are rounded to millionths and speed to tenths.
     */
    public static Location of(long alarm, long status, double lat, double lon, int altitude, double speedKmh,
                              int heading, LocalDateTime time, List<LocationItem> items) {
        long s = status & ~(STATUS_SOUTH | STATUS_WEST);
        if (lat < 0) {
            s |= STATUS_SOUTH;
        }
        if (lon < 0) {
            s |= STATUS_WEST;
        }
        return new Location(alarm, s, Math.round(Math.abs(lat) * 1e6), Math.round(Math.abs(lon) * 1e6), altitude,
                (int) Math.round(speedKmh * 10), heading, time, items);
    }

    @Override
    public int id() {
        return MessageIds.LOCATION;
    }

    /** Signed latitude in degrees (negative south). */
    public double lat() {
        return ((status & STATUS_SOUTH) != 0 ? -latitude : latitude) / 1e6;
    }

    /** Signed longitude in degrees (negative west). */
    public double lon() {
        return ((status & STATUS_WEST) != 0 ? -longitude : longitude) / 1e6;
    }

    public double speedKmh() {
        return speed / 10.0;
    }

    public boolean acc() {
        return (status & STATUS_ACC) != 0;
    }

    /** The value of the first item with this id, as an unsigned number, when present. */
    public OptionalLong item(int id) {
        for (LocationItem i : items) {
            if (i.id() == id) {
                return OptionalLong.of(i.number());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public byte[] encode(boolean v2019) {
        BodyWriter out = new BodyWriter().u32(alarm).u32(status).u32(latitude).u32(longitude).u16(altitude).u16(speed)
                .u16(heading).bytes(Fields.bcdTime(time));
        for (LocationItem i : items) {
            out.u8(i.id()).u8(i.value().length).bytes(i.value());
        }
        return out.toBytes();
    }

    static Location decode(BodyReader in) throws FrameException {
        long alarm = in.u32("alarm");
        long status = in.u32("status");
        long lat = in.u32("latitude");
        long lon = in.u32("longitude");
        int altitude = in.u16("altitude");
        int speed = in.u16("speed");
        int heading = in.u16("heading");
        LocalDateTime time = Fields.bcdTime(in.bytes(6, "time"));
        if (time == null) {
            throw in.invalid("the time is not a BCD date and time");
        }
        if (lat > 90_000_000L || lon > 180_000_000L) {
            throw in.invalid("latitude " + lat + " or longitude " + lon + " (millionths of a degree) is off the globe");
        }
        if (heading > 359) {
            throw in.invalid("heading " + heading + " is not 0-359");
        }
        List<LocationItem> items = new ArrayList<>();
        while (in.remaining() > 0) {
            int id = in.u8("item id");
            int length = in.u8("item length");
            byte[] value = in.bytes(length, String.format("item 0x%02x", id));
            Integer expected = LocationItem.expectedLength(id);
            if (expected != null && expected != length) {
                throw in.invalid(String.format("item 0x%02x has %d bytes, not %d", id, length, expected));
            }
            if (id == LocationItem.SOC && (value[0] & 0xFF) > 100) {
                throw in.invalid("state of charge " + (value[0] & 0xFF) + " % is above 100");
            }
            items.add(new LocationItem(id, value));
        }
        return new Location(alarm, status, lat, lon, altitude, speed, heading, time, items);
    }
}
