package org.dayuan.office.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;

import org.dayuan.office.OfficeRoom;
import org.dayuan.testing.Json;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;

/** Who a move finds in a room, and which rooms may take an occupant, on rooms read from plain twins. */
class MovePlanningTest {
    private static final TwinId FGJ = TwinId.of("cz.wujin:org-fgj");

    private static OfficeRoom room(String attributes) {
        return OfficeRoom.of(Twin.of(TwinId.of("cz.wujin:room-a-0305"), Json.object("{'definition':'dayuan:Room:1.0.0',"
                + "'attributes':" + attributes + "}"), 1, Instant.EPOCH, Instant.EPOCH));
    }

    @Test
    void aPersonIsFoundByIdOrByAUniqueName() {
        OfficeRoom r = room("{'occupants':[{'id':'F1','name':'王伟','rank':'科员及以下'},{'id':'F2','name':'王伟',"
                + "'rank':'副科'},{'name':'李静','rank':'正科'}]}");
        assertEquals("副科", Reallocations.find(r, Optional.of("F2"), Optional.of("王伟")).orElseThrow().rank());
        assertEquals("正科", Reallocations.find(r, Optional.empty(), Optional.of("李静")).orElseThrow().rank());
        assertEquals(Optional.empty(), Reallocations.find(r, Optional.of("F9"), Optional.empty()));
        assertEquals(Optional.empty(), Reallocations.find(r, Optional.empty(), Optional.of("赵六")));
        DayuanException twoOfThem = assertThrows(DayuanException.class,
                () -> Reallocations.find(r, Optional.empty(), Optional.of("王伟")));
        assertEquals(Reallocations.INVALID, twoOfThem.errorCode());
    }

    @Test
    void aRoomTakesAnOccupantWhenOpenAndItsOwnOrEmpty() {
        Reallocations.requireAccepts(room("{'status':'idle','organisation':'cz.wujin:org-czj','occupants':[]}"), FGJ,
                Reallocations.STALE);
        Reallocations.requireAccepts(room("{'status':'inUse','organisation':'cz.wujin:org-fgj','occupants':"
                + "[{'name':'李静'}]}"), FGJ, Reallocations.STALE);
        for (String closed : new String[] {"letOut", "underRepair", "disposed"}) {
            assertEquals(Reallocations.STALE, assertThrows(DayuanException.class, () -> Reallocations.requireAccepts(
                    room("{'status':'" + closed + "','occupants':[]}"), FGJ, Reallocations.STALE)).errorCode());
        }
        assertEquals(Reallocations.UNAVAILABLE, assertThrows(DayuanException.class, () -> Reallocations.requireAccepts(
                room("{'status':'inUse','organisation':'cz.wujin:org-czj','occupants':[{'name':'周敏'}]}"), FGJ,
                Reallocations.UNAVAILABLE)).errorCode());
        Reallocations.requireIdle(room("{'status':'idle','occupants':[]}"), Reallocations.STALE);
        assertEquals(Reallocations.STALE, assertThrows(DayuanException.class, () -> Reallocations.requireIdle(
                room("{'status':'idle','occupants':[{'name':'周敏'}]}"), Reallocations.STALE)).errorCode());
    }
}
