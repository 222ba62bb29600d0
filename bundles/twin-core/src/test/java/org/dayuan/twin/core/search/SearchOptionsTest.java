package org.dayuan.twin.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.junit.jupiter.api.Test;

class SearchOptionsTest {

    private static SearchOptions parse(String option) {
        return SearchOptions.parse(option, 200);
    }

    private static String error(String option) {
        DayuanException e = assertThrows(DayuanException.class, () -> parse(option), option);
        assertEquals(ErrorCode.SEARCH_OPTION_INVALID, e.errorCode());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Invalid option at position "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void parsesSortSizeAndCursorInAnyOrder() {
        SearchOptions o = parse("size(10), sort(-attributes/area,+_modified) ,cursor(abc-_09)");
        assertEquals(10, o.size());
        assertEquals("abc-_09", o.cursor());
        assertEquals("sort(-attributes/area,+_modified,+thingId)", o.sort().text());
        assertEquals(SearchOptions.NONE, parse(" "));
        assertEquals(SearchOptions.NONE, parse(null));
        assertNull(parse("size(1)").sort());
    }

    @Test
    void sortEndsWithThingIdAsDittoDoes() {
        assertEquals("sort(+thingId)", parse("sort(+thingId,-attributes/x)").sort().text());
        assertEquals("sort(-_revision,-thingId)", parse("sort(-_revision,-thingId,+_created)").sort().text());
        assertEquals("sort(+attributes/parent,+thingId)", parse("sort(+/attributes/parent)").sort().text());
        assertEquals("sort(+attributes/a,+thingId)", parse("sort( attributes/a)").sort().text(),
                "an unencoded '+' arrives as a space");
        assertTrue(parse("sort(+thingId)").sort().byThingId());
        assertEquals(SortSpec.BY_THING_ID, parse("sort(+thingId)").sort());
    }

    @Test
    void refusesMalformedAndOutOfRangeOptionsNamingThePosition() {
        assertEquals("Invalid option at position 5: size(0) is out of range; it must be from 1 to 200.",
                error("size(0)"));
        error("size(201)");
        error("size(99999999999999)");
        error("size(-1)");
        error("size(ten)");
        error("size()");
        assertTrue(error("sort(thingId)").contains("expected '+' or '-'"));
        assertTrue(error("sort(+_ancestors)").contains("cannot be sorted"));
        assertTrue(error("sort(+features/*/properties/x)").contains("cannot be sorted"));
        assertTrue(error("sort(+nothing)").contains("unknown field"));
        assertTrue(error("limit(0,5)").contains("'limit' is not supported"));
        assertTrue(error("size(1),size(2)").contains("given twice"));
        assertTrue(error("page(1)").contains("unknown option 'page'"));
        error("sort(+thingId");
        error("sort(+thingId),");
        error("sort()");
        error("cursor()");
        error("size(5) size(6)");
        error(",");
    }

    @Test
    void cursorRoundTripsItsQuery() {
        Cursor c = new Cursor("eq(attributes/a,\"中\")", List.of("cz.wujin"), "sort(-attributes/a,+thingId)",
                new JsonNode[] {IntNode.valueOf(3), null, TextNode.valueOf("cz.wujin:a")});
        String text = c.encode();
        assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
        Cursor back = Cursor.decode(text);
        assertEquals(c.filter(), back.filter());
        assertEquals(c.namespaces(), back.namespaces());
        assertEquals(c.sort(), back.sort());
        assertEquals(3, back.after().length);
        assertEquals(3, back.after()[0].intValue());
        assertNull(back.after()[1]);
        assertEquals("cz.wujin:a", back.after()[2].textValue());
        assertNull(Cursor.decode(new Cursor(null, List.of(), "sort(+thingId)", new JsonNode[0]).encode()).filter());
    }

    @Test
    void globMatchesDittoWildcards() {
        assertTrue(new Glob("a*c", false).matches("abbbc"));
        assertTrue(new Glob("a*c", false).matches("ac"));
        assertTrue(new Glob("*", false).matches(""));
        assertTrue(new Glob("a?c", false).matches("abc"));
        assertTrue(new Glob("*b*b*", false).matches("abxbx"));
        assertTrue(new Glob("ABC*", true).matches("abcdef"));
        assertTrue(!new Glob("a?c", false).matches("ac"));
        assertTrue(!new Glob("a*c", false).matches("abcd"));
        assertTrue(!new Glob("abc", false).matches("ABC"));
        assertEquals("cz.wujin:room-", new Glob("cz.wujin:room-*", false).prefix());
        assertNull(new Glob("cz.wujin:*-1*", false).prefix());
        assertNull(new Glob("cz.wujin:*", true).prefix());
        assertEquals("", new Glob("*", false).prefix());
    }
}
