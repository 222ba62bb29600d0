package org.dayuan.demo;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo county: 常州市武进区 (namespace {@value #NAMESPACE}), its administrative centre campus with three
 * buildings, their floors, rooms and devices, eight organisations and twelve official vehicles, as Ditto Thing
 * JSONs. Plain Java, no OSGi: tests, the loader and the simulator all use it.
 *
 * <p>The data is deterministic: every call returns equal JSON, and feature values are "as of" {@link #AS_OF}.
 */
public final class DemoCounty {
    public static final String NAMESPACE = "cz.wujin";
    /** The instant the initial feature values describe; fixed so that two runs give the same data. */
    public static final OffsetDateTime AS_OF = OffsetDateTime.of(2025, 6, 2, 8, 0, 0, 0, ZoneOffset.ofHours(8));

    public static final String CAMPUS_ID = Ids.of("campus", "xzzx");
    public static final String BUILDING_A_ID = Ids.building("a");
    public static final String BUILDING_B_ID = Ids.building("b");
    public static final String BUILDING_C_ID = Ids.building("c");
    /** Demo scenario 5: a 副科 alone in an 18 m² office, over standard by 6 m². */
    public static final String OVER_STANDARD_ROOM_ID = Ids.room("a", 3, 5);
    /** Building A's main electricity meter. */
    public static final String MAIN_METER_A_ID = Equipment.mainMeterId("a");
    /** The organisation that manages the campus, 区机关事务管理局. */
    public static final String MANAGING_ORGANISATION_ID = Org.JGSWJ.id();

    private DemoCounty() {
    }

    /** Every demo twin, parents (and anything referred to) before the twins that refer to them. */
    public static List<ObjectNode> twins() {
        return new CountyGenerator().generate();
    }
}
