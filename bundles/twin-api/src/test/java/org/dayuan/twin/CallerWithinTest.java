package org.dayuan.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Caller#within}: the bound the registry puts on every call a bundle makes. */
class CallerWithinTest {
    private static final TwinId WUJIN = TwinId.of("cz.wujin:meter");
    private static final TwinId HUTANG = TwinId.of("cz.wujin.hutang:meter");
    private static final TwinId XINBEI = TwinId.of("cz.xinbei:meter");
    private static final JsonPointer READING = JsonPointer.parse("/features/energy/properties/reading");
    private static final JsonPointer NAME = JsonPointer.parse("/attributes/name");

    private static Caller caller(String... grants) {
        return Caller.fromGrants("someone", Arrays.asList(grants), "test");
    }

    @Test
    void aForgedAdministratorOfEverythingGetsOnlyTheCeiling() {
        Caller forged = caller("admin", "ns:*").within(caller("device", "ns:cz.wujin"));

        assertEquals(Set.of("cz.wujin"), forged.namespaces());
        assertEquals(Set.of("device"), forged.roles(), "admin is reduced to what the ceiling allows");
        assertTrue(forged.sees(WUJIN));
        assertFalse(forged.sees(XINBEI));
        forged.checkWrite(WUJIN, READING);
        assertThrows(DayuanException.class, () -> forged.checkWrite(WUJIN, NAME));
        assertThrows(DayuanException.class, () -> forged.checkWrite(XINBEI, READING));
        assertThrows(DayuanException.class, () -> forged.require(Caller.Access.AUDIT, "read the audit trail"));
    }

    @Test
    void aCallerWithinTheCeilingKeepsWhatItHas() {
        Caller user = caller("manager", "ns:cz.wujin");
        Caller bounded = user.within(caller("admin", "ns:*"));

        assertEquals(user, bounded);
        assertTrue(bounded.sees(HUTANG));
        assertFalse(bounded.sees(XINBEI));
    }

    @Test
    void rolesTheCeilingGrantsStayOthersGo() {
        Caller bounded = caller("viewer", "device", "integrator", "ns:*").within(caller("device", "ns:*"));

        assertEquals(Set.of("viewer", "device"), bounded.roles());
        bounded.checkWrite(WUJIN, READING);
        assertThrows(DayuanException.class, () -> bounded.checkWrite(WUJIN, NAME));
    }

    @Test
    void anAdministratorThroughALineActsWithTheLinesRole() {
        assertEquals(Set.of("integrator"), caller("admin", "ns:*").within(caller("integrator", "ns:*")).roles());
        assertEquals(Set.of("viewer"), caller("manager", "ns:cz.wujin").within(caller("viewer", "ns:*")).roles());
        assertEquals(Set.of(), caller("viewer", "ns:*").within(caller("ns:*")).roles(), "a ceiling without roles");
    }

    @Test
    void aCeilingOfSeveralRolesGrantsWhatAnyOfThemGrants() {
        Caller bounded = caller("integrator", "ns:*").within(caller("viewer", "device", "ns:*"));

        assertEquals(Set.of("device"), bounded.roles(), "integrator writes twins, which neither viewer nor device may:"
                + " it keeps what device allows");
        assertEquals(Set.of("integrator"),
                caller("integrator", "ns:*").within(caller("viewer", "manager", "ns:*")).roles());
    }

    @ParameterizedTest(name = "{0} within {1} = {2}")
    @CsvSource(delimiter = ';', value = {
            "*; *; *",
            "*; cz.wujin; cz.wujin",
            "cz.wujin; *; cz.wujin",
            "cz.wujin; cz.wujin; cz.wujin",
            "cz.wujin; cz.wujin.hutang; cz.wujin.hutang",
            "cz.wujin.hutang; cz.wujin; cz.wujin.hutang",
            "cz.wujin; cz.xinbei; ''",
            "cz.wujin; cz.wujinx; ''",
            "cz.wujinx; cz.wujin; ''",
            "cz.wujin cz.xinbei; cz.xinbei.a cz.tianning; cz.xinbei.a",
            "cz.wujin.hutang cz.xinbei; cz.wujin; cz.wujin.hutang",
            "cz; cz.wujin cz.xinbei; cz.wujin cz.xinbei",
            "''; *; ''",
            "*; ''; ''"})
    void namespacesAreTheSubtreesBothCover(String own, String ceiling, String expected) {
        Caller bounded = new Caller("someone", Set.of("admin"), scopes(own), "test")
                .within(new Caller("bundle", Set.of("admin"), scopes(ceiling), "bundle"));

        assertEquals(scopes(expected), bounded.namespaces());
    }

    @Test
    void boundedNamespacesDecideWhatIsSeenAndWritten() {
        Caller bounded = caller("integrator", "ns:cz").within(caller("integrator", "ns:cz.wujin.hutang"));

        assertTrue(bounded.sees(HUTANG));
        assertFalse(bounded.sees(WUJIN));
        assertFalse(bounded.sees(XINBEI));
        bounded.checkWrite(HUTANG, NAME);
        assertThrows(DayuanException.class, () -> bounded.checkWrite(WUJIN, NAME));
        assertFalse(bounded.seesAll());
    }

    @Test
    void nothingWithinAnEmptyCeiling() {
        Caller bounded = caller("admin", "ns:*").within(caller());

        assertEquals(Set.of(), bounded.roles());
        assertEquals(Set.of(), bounded.namespaces());
        assertFalse(bounded.sees(WUJIN));
    }

    @Test
    void keepsSubjectAndOriginForTheAuditTrail() {
        Caller bounded = caller("viewer", "ns:*").within(Caller.fromGrants("org.dayuan.twin-http",
                Arrays.asList("admin", "ns:*"), "bundle org.dayuan.twin-http"));

        assertEquals("someone", bounded.subject());
        assertEquals("test", bounded.origin());
    }

    @Test
    void narrowingTwiceChangesNothingMore() {
        Caller ceiling = caller("integrator", "ns:cz.wujin");
        Caller once = caller("admin", "integrator", "viewer", "ns:*", "ns:cz.xinbei").within(ceiling);

        assertEquals(once, once.within(ceiling));
        assertEquals(Set.of("integrator", "viewer"), once.roles());
        assertEquals(Set.of("cz.wujin"), once.namespaces());
    }

    private static Set<String> scopes(String spaceSeparated) {
        return spaceSeparated.isBlank() ? Set.of() : Set.of(spaceSeparated.trim().split(" +"));
    }
}
