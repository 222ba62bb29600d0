package org.dayuan.twin.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.junit.jupiter.api.Test;

class RqlParserTest {
    private static final Pattern POSITION = Pattern.compile("^Invalid RQL at position (\\d+): .+\\.$");

    private static RqlNode.Compare compare(String rql) {
        return assertInstanceOf(RqlNode.Compare.class, RqlParser.parse(rql));
    }

    /** The error for {@code rql}, checked for code, status and message shape; returns the position it names. */
    private static int errorPosition(String rql) {
        DayuanException e = assertThrows(DayuanException.class, () -> RqlParser.parse(rql), rql);
        assertEquals(ErrorCode.RQL_INVALID, e.errorCode(), rql);
        assertEquals(400, e.status());
        Matcher m = POSITION.matcher(e.getMessage());
        assertTrue(m.matches(), "message names a position: " + e.getMessage());
        int pos = Integer.parseInt(m.group(1));
        assertTrue(pos >= 0 && pos <= rql.length(), rql + " -> " + pos);
        return pos;
    }

    private static String message(String rql) {
        return assertThrows(DayuanException.class, () -> RqlParser.parse(rql)).getMessage();
    }

    @Test
    void parsesEveryComparison() {
        for (RqlNode.Op op : RqlNode.Op.values()) {
            RqlNode.Compare c = compare(op.rql + "(attributes/area,18)");
            assertEquals(op, c.op());
            assertEquals("attributes/area", c.field().name());
            assertEquals(18L, c.value());
        }
    }

    @Test
    void parsesInLikeIlikeExistsEmpty() {
        RqlNode.In in = assertInstanceOf(RqlNode.In.class, RqlParser.parse("in(attributes/status,\"idle\",'inUse',null)"));
        assertEquals(Arrays.asList("idle", "inUse", null), in.values());
        RqlNode.Like like = assertInstanceOf(RqlNode.Like.class, RqlParser.parse("like(thingId,\"cz.wujin:room-*\")"));
        assertEquals("cz.wujin:room-*", like.pattern());
        assertEquals(false, like.ignoreCase());
        assertEquals(true, assertInstanceOf(RqlNode.Like.class, RqlParser.parse("ilike(attributes/name,'A*')"))
                .ignoreCase());
        assertEquals("features/energy", assertInstanceOf(RqlNode.Exists.class,
                RqlParser.parse("exists(features/energy)")).field().name());
        assertEquals("attributes/tags", assertInstanceOf(RqlNode.Empty.class,
                RqlParser.parse("empty(attributes/tags)")).field().name());
    }

    @Test
    void parsesEveryValueType() {
        assertEquals("text", compare("eq(attributes/a,\"text\")").value());
        assertEquals("single", compare("eq(attributes/a,'single')").value());
        assertEquals("", compare("eq(attributes/a,\"\")").value());
        assertEquals(0L, compare("eq(attributes/a,0)").value());
        assertEquals(-42L, compare("eq(attributes/a,-42)").value());
        assertEquals(42L, compare("eq(attributes/a,+42)").value());
        assertEquals(18.5, compare("eq(attributes/a,18.5)").value());
        assertEquals(-0.25, compare("eq(attributes/a,-0.25)").value());
        assertEquals(1.5e3, compare("eq(attributes/a,1.5e3)").value());
        assertEquals(2e-2, compare("eq(attributes/a,2E-2)").value());
        assertEquals(1e20, compare("eq(attributes/a,100000000000000000000)").value());
        assertEquals(Long.MAX_VALUE, compare("eq(attributes/a,9223372036854775807)").value());
        assertEquals(true, compare("eq(attributes/a,true)").value());
        assertEquals(false, compare("eq(attributes/a,false)").value());
        assertNull(compare("eq(attributes/a,null)").value());
    }

    @Test
    void unescapesStringsAndProperties() {
        assertEquals("say \"hi\"\\ / \n\t\b\f\r 中", compare("eq(attributes/a,\"say \\\"hi\\\"\\\\ \\/ \\n\\t\\b\\f\\r \\u4e2d\")")
                .value());
        assertEquals("it's", compare("eq(attributes/a,'it\\'s')").value());
        assertEquals("a,b)c", compare("eq(attributes/a,\"a,b)c\")").value());
        assertEquals("attributes/x,y", compare("eq(attributes/x\\u002cy,1)").field().name());
        assertEquals("attributes/a~1b", compare("eq(attributes/a~1b,1)").field().name(), "JSON pointer escapes stay");
        assertEquals("a/b", compare("eq(attributes/a~1b,1)").field().pointer().get(1));
    }

    @Test
    void parsesNestingAndWhitespace() {
        RqlNode n = RqlParser.parse(" and( eq(attributes/a,1) , or(not(exists(attributes/b)),lt(_revision, 3 ) ),"
                + "\n in(thingId,\"x:1\",\"x:2\") ) ");
        RqlNode.And and = assertInstanceOf(RqlNode.And.class, n);
        assertEquals(3, and.children().size());
        RqlNode.Or or = assertInstanceOf(RqlNode.Or.class, and.children().get(1));
        assertInstanceOf(RqlNode.Not.class, or.children().get(0));
        assertEquals(3L, assertInstanceOf(RqlNode.Compare.class, or.children().get(1)).value());
        assertEquals(1, assertInstanceOf(RqlNode.And.class, RqlParser.parse("and(eq(thingId,'a:b'))")).children()
                .size());
    }

    @Test
    void acceptsEveryDittoFieldAndDayuanPseudoField() {
        for (String f : List.of("thingId", "/thingId", "policyId", "_namespace", "definition", "_revision", "_created",
                "_modified", "_parent", "_ancestors", "attributes", "attributes/a/b/c", "features",
                "features/energy", "features/energy/definition", "features/energy/properties",
                "features/energy/properties/kwh", "features/energy/desiredProperties/kw", "features/*",
                "features/*/properties/kwh", "features/*/definition", "features/*/desiredProperties/a/b")) {
            RqlParser.parse("exists(" + f + ")");
        }
        assertEquals(Field.Kind.JSON, compare("eq(_parent,'a:b')").field().kind());
        assertEquals("/attributes/parent", compare("eq(_parent,'a:b')").field().pointer().toString());
        assertEquals(Field.Kind.ANY_FEATURE, compare("eq(features/*/properties/on,true)").field().kind());
    }

    @Test
    void refusesUnknownFieldsWhereTheyStart() {
        assertEquals(3, errorPosition("eq(attribute/x,1)"));
        assertTrue(message("eq(attribute/x,1)").contains("unknown field 'attribute/x'"));
        assertEquals(7, errorPosition("exists(thingId/x)"));
        assertEquals(7, errorPosition("exists(features/f/nonsense)"));
        assertEquals(7, errorPosition("exists(features/f/definition/x)"));
        assertEquals(8, errorPosition("and(eq( attributes//x,1))"));
    }

    @Test
    void namesPositionAndExpectationOfSyntaxErrors() {
        assertEquals("Invalid RQL at position 14: expected ')' to close 'eq(' but found ']'.",
                message("eq(thingId,\"a\"]"));
        assertEquals("Invalid RQL at position 19: expected ',' or ')' but found ']'.",
                message("in(thingId,\"a\",\"b\" ]"));
        assertEquals(0, errorPosition(""));
        assertEquals(0, errorPosition("foo(thingId,1)"));
        assertTrue(message("foo(thingId,1)").contains("unknown operator 'foo'"));
        assertEquals(3, errorPosition("eq thingId"));
        assertEquals(3, errorPosition("eq(,1)"));
        assertEquals(10, errorPosition("eq(thingId)"));
        assertEquals(11, errorPosition("eq(thingId,)"));
        assertEquals(11, errorPosition("eq(thingId,abc)"));
        assertTrue(message("eq(thingId,abc)").contains("strings need quotes"));
        assertEquals(11, errorPosition("eq(thingId,\"abc)"), "an unclosed string is reported where it starts");
        assertEquals(13, errorPosition("eq(thingId,\"a\\x\")"), "at the backslash");
        assertEquals(12, errorPosition("eq(thingId,01)"));
        assertEquals(11, errorPosition("eq(thingId,1e999)"));
        assertEquals(13, errorPosition("eq(thingId,1.)"));
        assertEquals(11, errorPosition("eq(thingId,-)"));
        assertEquals(3, errorPosition("eq(a:b,1) x"), "unknown field first");
        assertEquals(16, errorPosition("eq(thingId,'a') x"));
        assertEquals(4, errorPosition("and()"));
        assertEquals(19, errorPosition("not(exists(thingId),exists(thingId))"));
        assertEquals(13, errorPosition("like(thingId,5)"));
        assertEquals(10, errorPosition("in(thingId)"));
        assertEquals(14, errorPosition("exists(thingId,1)"));
    }

    @Test
    void refusesNestingBeyondTheLimitWithoutOverflowingTheStack() {
        String deep = "not(".repeat(100_000) + "exists(thingId)" + ")".repeat(100_000);
        assertEquals(4 * RqlParser.MAX_DEPTH, errorPosition(deep));
        String ok = "not(".repeat(RqlParser.MAX_DEPTH - 1) + "exists(thingId)" + ")".repeat(RqlParser.MAX_DEPTH - 1);
        RqlParser.parse(ok);
    }

    /**
     * Every proper prefix of a valid filter is malformed, and so are the filters with one character changed that
     * still fail to parse: each must be a 400 naming a position, never another exception.
     */
    @Test
    void twoHundredMalformedFiltersAllGet400WithPosition() {
        List<String> valid = List.of(
                "and(eq(attributes/status,\"idle\"),gt(_revision,3))",
                "or(like(thingId,'cz.wujin:room-*'),in(attributes/category,\"office\",\"service\"),not(exists(features/*)))",
                "ilike(attributes/name,\"a\\u4e2d?\")",
                "and(ge(_modified,\"2025-01-01T00:00:00Z\"),le(attributes/area,-1.5e2),ne(definition,null))",
                "empty(features/energy/properties/tags)");
        List<String> malformed = new ArrayList<>();
        for (String v : valid) {
            RqlParser.parse(v);
            for (int i = 0; i < v.length(); i++) {
                malformed.add(v.substring(0, i));
            }
        }
        Random random = new Random(20250101);
        String noise = "(),\"'\\ ?*-+.eE0aZ\u0000\u4e2d";
        int mutants = 0;
        while (mutants < 100) {
            String v = valid.get(random.nextInt(valid.size()));
            int at = random.nextInt(v.length());
            String m = v.substring(0, at) + noise.charAt(random.nextInt(noise.length())) + v.substring(at + 1);
            try {
                RqlParser.parse(m);
            } catch (DayuanException expected) {
                malformed.add(m);
                mutants++;
            } catch (RuntimeException wrong) {
                fail("'" + m + "' threw " + wrong);
            }
        }
        assertTrue(malformed.size() >= 200, "tried " + malformed.size());
        for (String m : malformed) {
            errorPosition(m);
        }
    }
}
