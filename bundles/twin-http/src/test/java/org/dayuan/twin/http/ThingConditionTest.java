package org.dayuan.twin.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.dayuan.http.kit.Http;
import org.dayuan.testing.FakeHttp;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.junit.jupiter.api.Test;

class ThingConditionTest {
    private static final Twin LAMP = Twin.of(TwinId.of("cz.wujin:lamp"),
            Http.MAPPER.createObjectNode().put("thingId", "cz.wujin:lamp"), 1, Instant.EPOCH, Instant.EPOCH);

    /** Compiles only {@code yes} and {@code no}; anything else is malformed, as the real parser would say. */
    private static final TwinSearch SEARCH = new TwinSearch() {
        @Override
        public Predicate<Twin> filter(Caller caller, String rql) {
            return switch (rql) {
                case "yes" -> t -> true;
                case "no" -> t -> false;
                case "forbidden" -> throw ErrorCode.ACCESS_FORBIDDEN.exception("not for you");
                default -> throw ErrorCode.RQL_INVALID.exception("Invalid RQL at position 3: expected ')'.");
            };
        }

        @Override
        public SearchResult search(Caller caller, SearchQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(Caller caller, String filter, List<String> namespaces) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Twin> descendants(Caller caller, TwinId root, String filter, int depth) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void aMatchingThingPassesAndAnotherIsDittosPreconditionFailure() {
        assertDoesNotThrow(() -> ThingCondition.compile("yes", SEARCH, FakeHttp.ADMIN).check(LAMP));
        DayuanException e = assertThrows(DayuanException.class,
                () -> ThingCondition.compile("no", SEARCH, FakeHttp.ADMIN).check(LAMP));
        assertEquals("things:condition.failed", e.errorCode().code());
        assertEquals(412, e.status());
        assertEquals("The specified condition does not match the state of the requested Thing.", e.getMessage());
    }

    @Test
    void malformedRqlIsDittosInvalidConditionWithTheParsersFindingAsDescription() {
        DayuanException e = assertThrows(DayuanException.class,
                () -> ThingCondition.compile("eq(a", SEARCH, FakeHttp.ADMIN));
        assertEquals("things:condition.invalid", e.errorCode().code());
        assertEquals(400, e.status());
        assertEquals("The specified condition 'eq(a' is invalid.", e.getMessage());
        assertEquals("Invalid RQL at position 3: expected ')'.", e.description());
    }

    @Test
    void otherRefusalsPassThroughAndNoSearchIsA400() {
        DayuanException e = assertThrows(DayuanException.class,
                () -> ThingCondition.compile("forbidden", SEARCH, FakeHttp.ADMIN));
        assertSame(ErrorCode.ACCESS_FORBIDDEN, e.errorCode());
        e = assertThrows(DayuanException.class, () -> ThingCondition.compile("yes", null, FakeHttp.ADMIN));
        assertEquals(ErrorCode.PARAMETER_INVALID, e.errorCode());
    }
}
