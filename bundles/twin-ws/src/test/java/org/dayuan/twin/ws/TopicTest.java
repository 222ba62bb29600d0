package org.dayuan.twin.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.TwinId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {

    @Test
    void commandTopicNamesThingAndAction() {
        Topic t = Topic.parse("cz.wujin/room-1/things/twin/commands/modify");
        assertEquals(Topic.Criterion.COMMANDS, t.criterion());
        assertEquals(Topic.Command.MODIFY, t.command());
        assertEquals(TwinId.of("cz.wujin:room-1"), t.thingId());
        assertEquals("cz.wujin/room-1/things/twin/commands/modify", t.toString());
    }

    @Test
    void searchTopicNamesNoThing() {
        Topic t = Topic.parse("_/_/things/twin/search/subscribe");
        assertEquals(Topic.Criterion.SEARCH, t.criterion());
        assertEquals("subscribe", t.action());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "cz.wujin/r/things/live/commands/modify", "cz.wujin/r/policies/twin/commands/modify",
            "cz.wujin/r/things/twin/commands/frobnicate", "cz.wujin/r/things/twin/commands", "cz.wujin/r/things/twin/events/modified",
            "cz.wujin/r/things/twin/search/subscribe", "_/_/things/twin/search/next", "a/b/things/twin/commands/modify/x/y"})
    void refusesWhatDayuanDoesNotServe(String topic) {
        DayuanException e = assertThrows(DayuanException.class, () -> Topic.parse(topic));
        assertEquals(Topic.UNKNOWN, e.errorCode());
        assertEquals(400, e.status());
    }

    @Test
    void anInvalidThingIdIsTheIdError() {
        Topic t = Topic.parse("bad ns!/x/things/twin/commands/retrieve");
        DayuanException e = assertThrows(DayuanException.class, t::thingId);
        assertEquals(ErrorCode.THING_ID_INVALID, e.errorCode());
    }

    @Test
    void buildsTheTopicOfAnotherCriterion() {
        assertEquals("cz.wujin/r/things/twin/errors", Topic.of("cz.wujin", "r", Topic.Criterion.ERRORS, ""));
        assertEquals("cz.wujin/r/things/twin/events/created",
                Topic.of("cz.wujin", "r", Topic.Criterion.EVENTS, "created"));
    }
}
