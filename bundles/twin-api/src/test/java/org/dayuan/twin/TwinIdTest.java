package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwinIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"cz.wujin:bldg-a", "org.eclipse.ditto:xdk_53", ":no-namespace", "a-b.c_d:x:y:z",
            "cz.wujin:苏D-12345", "ns:100%25", "a1.b2:$weird"})
    void acceptsDittoIds(String id) {
        assertEquals(id, TwinId.of(id).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nocolon", "1ns:x", "ns.:x", "ns..a:x", ".ns:x", "ns:", "ns:a/b", "ns:tab\there",
            "ns:é", "cz.wujin:苏D·12345", "n s:x", "-ns:x"})
    void rejectsInvalidIds(String id) {
        assertEquals(ErrorCode.THING_ID_INVALID, assertThrows(DayuanException.class, () -> TwinId.of(id)).errorCode());
    }

    @Test
    void rejectsIdsLongerThan256() {
        assertThrows(DayuanException.class, () -> TwinId.of("ns:" + "x".repeat(254)));
        assertEquals(256, TwinId.of("ns:" + "x".repeat(253)).toString().length());
    }

    @Test
    void splitsNamespaceAndNameAtFirstColon() {
        TwinId id = TwinId.of("cz.wujin:a:b");
        assertEquals("cz.wujin", id.namespace());
        assertEquals("a:b", id.name());
        assertEquals(id, TwinId.of("cz.wujin", "a:b"));
        assertEquals("", TwinId.of(":x").namespace());
        assertEquals("x", TwinId.of(":x").name());
        assertTrue(TwinId.isValidNamespace("cz.wujin"));
        assertFalse(TwinId.isValidNamespace("cz..wujin"));
    }
}
