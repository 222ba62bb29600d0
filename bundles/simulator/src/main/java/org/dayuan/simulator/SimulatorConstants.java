package org.dayuan.simulator;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Feature ids, property and attribute names the simulator reads and writes, declared once. */
public final class SimulatorConstants {
    /** Local time of the demo county; load shapes follow its working day. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Seconds always present and the offset spelled out ({@code +08:00}), as in the demo data. */
    public static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    public static final String FEATURE_ENERGY = "energy";
    public static final String FEATURE_WATER = "water";

    public static final String READING = "reading";
    public static final String POWER = "power";
    public static final String FLOW = "flow";
    public static final String TIMESTAMP = "timestamp";

    public static final String ATTR_CARRIER = "carrier";
    public static final String ATTR_ROLE = "role";
    public static final String ATTR_END_USE = "endUse";
    public static final String ATTR_USE = "use";
    public static final String ATTR_CT_MULTIPLIER = "ctMultiplier";
    public static final String ATTR_RELATIONS = "relations";
    public static final String ATTR_FEEDS = "feeds";

    public static final String CARRIER_ELECTRICITY = "electricity";
    public static final String CARRIER_GAS = "gas";
    public static final String CARRIER_WATER = "water";
    public static final String ROLE_MAIN = "main";
    public static final String ROLE_SUB = "sub";

    private SimulatorConstants() {
    }
}
