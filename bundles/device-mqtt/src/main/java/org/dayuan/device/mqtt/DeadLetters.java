package org.dayuan.device.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where refused device messages are parked: one JSON line each ({@code at, topic, reason, payload} or
 * {@code payloadBase64} when it is not UTF-8) in {@code deadletter-YYYY-MM-DD.jsonl}, forced to disk before the
 * message is acknowledged, so a refused message is never lost either. The latest few are also kept for the status API.
 */
final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECENT = 20;
    /** The status API shows the start of a payload; the file keeps all of it. */
    private static final int SHOWN_PAYLOAD = 200;

    private final Path dir;
    private final Deque<ObjectNode> recent = new ArrayDeque<>();

    DeadLetters(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    synchronized void park(Instant at, String topic, byte[] payload, String reason) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("at", at.toString());
        line.put("topic", topic);
        line.put("reason", reason);
        try {
            line.put("payload", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            line.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("deadletter-" + LocalDate.ofInstant(at, ZoneOffset.UTC) + ".jsonl");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(false);
        }
        ObjectNode shown = line.deepCopy();
        String text = shown.path("payload").asText();
        if (text.length() > SHOWN_PAYLOAD) {
            shown.put("payload", text.substring(0, SHOWN_PAYLOAD) + "…");
        }
        recent.addFirst(shown);
        if (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    synchronized List<ObjectNode> recent() {
        return new ArrayList<>(recent);
    }
}
