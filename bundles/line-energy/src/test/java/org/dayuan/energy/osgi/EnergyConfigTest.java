package org.dayuan.energy.osgi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dayuan.energy.BillParser;
import org.dayuan.energy.EnergyState;
import org.dayuan.energy.Settings;
import org.junit.jupiter.api.Test;

/** The metatype, the shipped etc/org.dayuan.energy.cfg and the domain's defaults say the same. */
class EnergyConfigTest {
    private static final Path SHIPPED = Path.of("../../karaf-dist/src/main/resources/assembly/etc/org.dayuan.energy.cfg");
    /** A key = value line, commented out or not. */
    private static final Pattern LINE = Pattern.compile("^#?\\s*([A-Za-z][\\w.-]*)\\s*=\\s*(.*)$");
    /** The families the metatype describes in words instead of attributes. */
    private static final Pattern FAMILY = Pattern.compile(
            "co2\\.[a-z]+\\.[a-z][a-z0-9-]*\\.\\d{4}(\\.source)?|maxPerHour\\.[a-z]+|spike\\.minQuantity\\.[a-z]+");

    /** Each attribute's key ({@code _} for {@code .}) and its default as text, empty when it has none. */
    static Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Method m : EnergyConfig.class.getDeclaredMethods()) {
            Object value = m.getDefaultValue();
            out.put(m.getName().replace('_', '.'), value == null ? "" : String.valueOf(value));
        }
        return out;
    }

    private static Map<String, String> shipped() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SHIPPED, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), m.group(2).strip());
            }
        }
        return out;
    }

    @Test
    void theShippedFileListsEveryAttributeWithItsDefault() throws IOException {
        Map<String, String> shipped = shipped();
        attributes().forEach((key, value) -> {
            assertTrue(shipped.containsKey(key), key + " is missing from " + SHIPPED);
            assertTrue(same(value, shipped.get(key)), key + ": metatype default '" + value + "', shipped '"
                    + shipped.get(key) + "'");
        });
        for (String key : shipped.keySet()) {
            assertTrue(attributes().containsKey(key) || FAMILY.matcher(key).matches(),
                    key + " in " + SHIPPED + " is no setting of the line");
        }
    }

    @Test
    void theShippedFileChangesNothingAndItsDefaultsAreTheDomains() throws IOException {
        for (String line : Files.readAllLines(SHIPPED, StandardCharsets.UTF_8)) {
            assertFalse(LINE.matcher(line).matches() && !line.startsWith("#"),
                    "every default is commented out, so an upgrade's new default reaches the installation: " + line);
        }
        Map<String, String> defaults = new LinkedHashMap<>(attributes());
        shipped().forEach(defaults::putIfAbsent); // the family entries the factor table has built in
        Settings uncommented = Settings.of(defaults);
        new EnergyState(uncommented); // every default parses
        assertFalse(EnergyState.reshapes(Settings.empty(), uncommented),
                "uncommenting every line leaves the consumption as the built-in defaults make it");
    }

    private static boolean same(String metatype, String shipped) {
        if (metatype.equals(shipped)) {
            return true;
        }
        try {
            return Double.parseDouble(metatype) == Double.parseDouble(shipped);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Free text the domain takes as it is, and the settings the component reads itself. */
    private static final Set<String> FREE = Set.of("region", "kgce.version", "quota.severity", "staleMeter.severity",
            "nightBaseload.severity", "spike.severity", "nightWater.severity", "nightBaseload.excludeEndUses",
            "billsDir", "alarms", "evaluateSeconds", "keepDays");

    @Test
    void theDomainReadsEveryAttributeItDoesNotTakeAsFreeText() {
        for (String key : attributes().keySet()) {
            if (FREE.contains(key)) {
                continue;
            }
            Settings bad = Settings.of(Map.of(key, "abc"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                new EnergyState(bad);
                BillParser.fromConfig(bad, Clock.systemUTC());
            }, key + " is read by nobody: a typo in the metatype?");
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }
}
