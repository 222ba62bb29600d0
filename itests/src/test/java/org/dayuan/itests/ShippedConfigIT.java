package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every setting a Dayuan bundle describes in its metatype is in the distribution's etc/&lt;pid&gt;.cfg: commented
 * out with its default where the default applies, or set to another value. So the shipped files list every key and
 * cannot drift from the code. Reads the built archive; boots nothing.
 */
public class ShippedConfigIT {
    private static final Pattern LINE = Pattern.compile("^(#\\s*)?([A-Za-z][\\w.-]*)\\s*=\\s*(.*)$");

    @Test
    public void everyMetatypeAttributeIsInTheShippedCfgWithItsDefault() throws Exception {
        Path home = Files.createTempDirectory(new File("target").toPath().toAbsolutePath(), "shipped-config-");
        Process tar = new ProcessBuilder("tar", "xzf", Dist.archive().getPath(), "--strip-components=1",
                "--wildcards", "*/system/org/dayuan/*", "*/etc/org.dayuan.*").directory(home.toFile())
                .inheritIO().start();
        assertEquals("tar", 0, tar.waitFor());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        List<Path> jars;
        try (Stream<Path> files = Files.walk(home.resolve("system"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().filter(e -> e.getName().startsWith("OSGI-INF/metatype/")
                        && e.getName().endsWith(".xml")).toList()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        checked += check(home, parse(in), problems);
                    }
                }
            }
        }
        assertTrue("metatypes found in " + jars, checked > 50);
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }

    /** Checks one metatype document's attributes against its PID's cfg; returns how many it checked. */
    private static int check(Path home, Document metatype, List<String> problems) throws IOException {
        NodeList designates = metatype.getElementsByTagNameNS("*", "Designate");
        if (designates.getLength() == 0) {
            return 0;
        }
        Element designate = (Element) designates.item(0);
        String factoryPid = designate.getAttribute("factoryPid");
        if (!factoryPid.isEmpty()) {
            // A factory PID has one configuration per instance, made by the operator (the bundle's README shows one):
            // a shipped etc/<factoryPid>-<name>.cfg would be a live instance, so none is required; any shipped one
            // is held to the same rule as a singleton's file.
            int checked = 0;
            try (Stream<Path> files = Files.list(home.resolve("etc"))) {
                for (Path cfg : files.filter(p -> p.getFileName().toString().startsWith(factoryPid + "-")
                        && p.getFileName().toString().endsWith(".cfg")).toList()) {
                    checked += check(cfg, factoryPid, metatype, problems);
                }
            }
            return checked;
        }
        String pid = designate.getAttribute("pid");
        Path cfg = home.resolve("etc/" + pid + ".cfg");
        if (!Files.isRegularFile(cfg)) {
            problems.add(pid + ": no etc/" + pid + ".cfg");
            return 0;
        }
        return check(cfg, pid, metatype, problems);
    }

    /** Checks one cfg file against the metatype's attributes; returns how many it checked. */
    private static int check(Path cfg, String pid, Document metatype, List<String> problems) throws IOException {
        Map<String, List<String>> commented = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                if (m.group(1) == null) {
                    set.put(m.group(2), m.group(3).strip());
                } else {
                    commented.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(3).strip());
                }
            }
        }
        NodeList attributes = metatype.getElementsByTagNameNS("*", "AD");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element ad = (Element) attributes.item(i);
            String key = ad.getAttribute("id");
            // metatype escapes commas and blanks in a default with a backslash
            String value = ad.hasAttribute("default") ? ad.getAttribute("default").replaceAll("\\\\(.)", "$1") : "";
            if (set.containsKey(key)) {
                if (set.get(key).equals(value)) {
                    problems.add(pid + ": " + key + " = " + value + " is the default: comment it out");
                }
            } else if (!commented.getOrDefault(key, List.of()).contains(value)) {
                problems.add(pid + ": " + key + " is missing; add '# " + key + " = " + value + "'");
            }
        }
        return attributes.getLength();
    }

    private static Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(in);
    }
}
