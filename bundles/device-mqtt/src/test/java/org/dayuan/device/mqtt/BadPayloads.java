package org.dayuan.device.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded bad device messages aimed at a fire-water level sensor ({@code features/tank}, number {@code level} >= 0)
 * and a fire detector ({@code features/status}, booleans): every one must be refused, each with a reason that
 * contains {@link Case#expect()}. Built by hand, byte by byte where the bytes are the point (invalid UTF-8).
 */
final class BadPayloads {
    /** One message, the kind of fault it carries, and a piece of the reason it must be refused with. */
    record Case(String kind, String topic, byte[] payload, String expect) {
        @Override
        public String toString() {
            return kind + " " + topic + " " + new String(payload, 0, Math.min(payload.length, 80),
                    StandardCharsets.UTF_8);
        }
    }

    private final String tankTopic;
    private final String detectorTopic;
    private final String otherOrgTopic;
    private final int maxPayloadBytes;
    private final Random random;

    /**
     * @param tank     thingId of a level sensor the ingestion may write
     * @param detector thingId of a fire detector the ingestion may write
     * @param otherOrg thingId of a level sensor of an organisation the ingestion may not write
     */
    BadPayloads(String tank, String detector, String otherOrg, int maxPayloadBytes, long seed) {
        this.tankTopic = topic(tank, "tank");
        this.detectorTopic = topic(detector, "status");
        this.otherOrgTopic = topic(otherOrg, "tank");
        this.maxPayloadBytes = maxPayloadBytes;
        this.random = new Random(seed);
    }

    private static String topic(String thingId, String feature) {
        return "dayuan/" + thingId.replace(':', '/') + "/" + feature;
    }

    /** {@code count} cases, the kinds taken in turn, each varied by the seed. */
    List<Case> generate(int count) {
        List<Function<Integer, Case>> kinds = List.of(this::malformed, this::tankWrongType,
                this::detectorWrongType, this::refusedByModel, this::unknownTwin, this::otherOrganisation,
                this::outsidePattern, this::empty, this::oversized, this::deeplyNested, this::invalidUtf8,
                this::notFinite, this::nothingToWrite, this::unknownFeature);
        List<Case> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(kinds.get(i % kinds.size()).apply(i));
        }
        return cases;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String level() {
        return String.valueOf(Math.round(random.nextDouble() * 300) / 100.0);
    }

    private static Case text(String kind, String topic, String payload, String expect) {
        return new Case(kind, topic, payload.getBytes(StandardCharsets.UTF_8), expect);
    }

    private Case malformed(int i) {
        String good = "{\"level\":" + level() + ",\"timestamp\":\"2026-12-06T10:00:00+08:00\"}";
        String bad = pick(List.of(
                good.substring(0, 1 + random.nextInt(good.length() - 1)),
                "{\"level\" " + level() + "}",
                "{'level':" + level() + "}",
                "{level:" + level() + "}",
                "{\"level\":" + level() + ",}",
                "{\"level\":0" + random.nextInt(10) + "}",
                "{\"level\":" + level() + "}}",
                "{\"level\":" + level() + ",\"level\":" + level() + "}",
                "{\"fire\":tru}",
                "{\"fire\":True}",
                "{\"level\":\"" + level() + "}"));
        return text("malformed-json", random.nextBoolean() ? tankTopic : detectorTopic, bad,
                "not valid JSON");
    }

    private Case tankWrongType(int i) {
        String value = pick(List.of("\"" + level() + "\"", "\"abc\"", "[" + level() + "]", "{\"m\":" + level() + "}",
                "true", "false", "\"\""));
        String property = random.nextInt(4) == 0 ? "pressure" : "level";
        return text("wrong-type", tankTopic, "{\"" + property + "\":" + value + "}", "/" + property + " violates");
    }

    private Case detectorWrongType(int i) {
        String property = pick(List.of("fire", "fault", "disabled"));
        String value = pick(List.of("1", "0", "\"true\"", "\"false\"", "[true]", "{\"on\":true}", "\"火警\""));
        return text("wrong-type", detectorTopic, "{\"" + property + "\":" + value + "}", "/" + property + " violates");
    }

    private Case refusedByModel(int i) {
        String property = random.nextBoolean() ? "level" : "pressure";
        String value = "-" + (random.nextInt(100_000) + 1) / 100.0;
        return text("refused-by-model", tankTopic, "{\"" + property + "\":" + value + "}",
                "/" + property + " violates");
    }

    private Case unknownTwin(int i) {
        return text("unknown-twin", "dayuan/cz.wujin/tank-nope-" + random.nextInt(1_000_000) + "/tank",
                "{\"level\":" + level() + "}", "no twin");
    }

    private Case otherOrganisation(int i) {
        String topic = random.nextBoolean() ? otherOrgTopic
                : "dayuan/cz.org" + random.nextInt(1000) + "/tank-a-roof-level/tank";
        return text("other-organisation", topic, "{\"level\":" + level() + "}", "no twin");
    }

    private Case outsidePattern(int i) {
        String[] parts = tankTopic.split("/");
        List<String[]> topics = List.of(
                new String[] {parts[0] + "/" + parts[1] + "/" + parts[2], "does not fit"},
                new String[] {tankTopic + "/extra", "does not fit"},
                new String[] {"devices/" + parts[1] + "/" + parts[2] + "/" + parts[3], "does not fit"},
                new String[] {"/" + tankTopic, "does not fit"},
                new String[] {tankTopic.substring(0, tankTopic.lastIndexOf('/') + 1), "feature id"},
                new String[] {parts[0] + "/" + parts[1] + "/tank a/" + parts[3], "no twin"},
                new String[] {parts[0] + "/" + parts[1] + "//" + parts[3], "is invalid"},
                new String[] {parts[0] + "/" + parts[1] + "/" + parts[2] + "/tank level", "has no feature"});
        String[] t = pick(topics);
        return text("outside-pattern", t[0], "{\"level\":" + level() + "}", t[1]);
    }

    private Case empty(int i) {
        String payload = pick(List.of("", " ", "\n", "\t \r\n"));
        return text("empty", random.nextBoolean() ? tankTopic : detectorTopic, payload, "payload is empty");
    }

    private Case oversized(int i) {
        int size = maxPayloadBytes + 1 + random.nextInt(4 * maxPayloadBytes);
        StringBuilder payload = new StringBuilder("{\"level\":" + level() + ",\"note\":\"");
        while (payload.length() < size) {
            payload.append("x");
        }
        return text("oversized", tankTopic, payload.append("\"}").toString(), "over the limit");
    }

    private Case deeplyNested(int i) {
        int depth = Decoder.MAX_DEPTH + random.nextInt(2000);
        boolean arrays = random.nextBoolean();
        String property = random.nextBoolean() ? "level" : "fire";
        StringBuilder payload = new StringBuilder("{\"" + property + "\":");
        for (int d = 0; d < depth; d++) {
            payload.append(arrays ? "[" : "{\"a\":");
        }
        payload.append(property.equals("fire") ? "true" : level());
        payload.append((arrays ? "]" : "}").repeat(depth)).append('}');
        return text("deeply-nested", property.equals("fire") ? detectorTopic : tankTopic, payload.toString(),
                "nests deeper than");
    }

    private Case invalidUtf8(int i) {
        byte[][] bad = {
                {(byte) 0xff}, {(byte) 0xfe, (byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0x80},
                {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80,
                (byte) 0x80, (byte) 0x80}, {(byte) 0xf0, (byte) 0x28, (byte) 0x8c, (byte) 0x28}};
        byte[] chunk = bad[random.nextInt(bad.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean inString = random.nextBoolean();
        out.writeBytes((inString ? "{\"level\":\"" : "{\"level\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(chunk);
        out.writeBytes((inString ? "\"}" : "}").getBytes(StandardCharsets.UTF_8));
        return new Case("invalid-utf8", tankTopic, out.toByteArray(), "not valid UTF-8");
    }

    private Case notFinite(int i) {
        String[][] values = {
                {"NaN", "not valid JSON"}, {"Infinity", "not valid JSON"}, {"-Infinity", "not valid JSON"},
                {"+Infinity", "not valid JSON"}, {"1e999", "out of range"}, {"-1e999", "out of range"},
                {"1" + "0".repeat(400), "out of range"}, {"\"NaN\"", "violates"}, {"\"Infinity\"", "violates"}};
        String[] v = values[random.nextInt(values.length)];
        return text("nan-infinity", tankTopic, "{\"level\":" + v[0] + "}", v[1]);
    }

    private Case nothingToWrite(int i) {
        String[][] payloads = {
                {"{}", "no property"}, {"{\"level\":null}", "is null"}, {"{\"fire\":null}", "is null"},
                {"[" + level() + "]", "not a JSON object"}, {level(), "not a JSON object"},
                {"\"level\"", "not a JSON object"}, {"null", "not a JSON object"}, {"true", "not a JSON object"}};
        String[] p = payloads[random.nextInt(payloads.length)];
        return text("nothing-to-write", p[1].equals("is null") && p[0].contains("fire") ? detectorTopic : tankTopic,
                p[0], p[1]);
    }

    private Case unknownFeature(int i) {
        boolean tank = random.nextBoolean();
        String topic = tank ? tankTopic.replaceAll("/tank$", "/" + pick(List.of("status", "energy", "water")))
                : detectorTopic.replaceAll("/status$", "/" + pick(List.of("tank", "energy", "fire")));
        return text("unknown-feature", topic, tank ? "{\"level\":" + level() + "}" : "{\"fire\":true}",
                "has no feature");
    }
}
