package org.dayuan.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class MeterInfoTest {
    @Test
    void rejectsAMultiplierBelowOneAndNegativeLimits() {
        assertThrows(IllegalArgumentException.class, () -> new MeterInfo("cz.wujin:m1", Carrier.ELECTRICITY, true, 0.5, List.of(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeterInfo("cz.wujin:m1", Carrier.ELECTRICITY, true, Double.NaN, List.of(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeterInfo("cz.wujin:m1", Carrier.ELECTRICITY, true, 1, List.of(), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MeterInfo("cz.wujin:m1", Carrier.ELECTRICITY, true, 1, List.of(), 0, -5));
        assertThrows(IllegalArgumentException.class, () -> new MeterInfo(" ", Carrier.ELECTRICITY, true, 1, List.of(), 0, 0));
    }

    @Test
    void keepsItsOwnCopyOfFeeds() {
        List<String> feeds = new ArrayList<>(List.of("cz.wujin:bldg-1"));
        MeterInfo m = new MeterInfo("cz.wujin:m1", Carrier.ELECTRICITY, true, 40, feeds, 999999.99, 500);
        feeds.add("cz.wujin:bldg-2");
        assertEquals(List.of("cz.wujin:bldg-1"), m.feeds());
    }
}
