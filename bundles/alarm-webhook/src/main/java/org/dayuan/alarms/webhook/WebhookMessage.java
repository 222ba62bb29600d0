package org.dayuan.alarms.webhook;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.Severity;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;

/**
 * The robot message for one notice, in the JSON both DingTalk's and WeCom's group robots accept:
 * {@code {"msgtype":"text","text":{"content":...}}}, or {@code {"msgtype":"markdown","markdown":{"title":...,
 * "text":...,"content":...}}} (DingTalk reads title and text, WeCom content), and the verdict on a robot's answer.
 * Free of Camel and OSGi.
 */
public final class WebhookMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** WeCom takes at most 2048 bytes of text and 4096 of markdown: long messages are cut to stay well below. */
    static final int MAX_MESSAGE = 300;

    private WebhookMessage() {
    }

    /** The two formats the notifier posts. */
    public enum Format {
        TEXT, MARKDOWN;

        public static Format of(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The JSON posted for {@code notice}. */
    public static byte[] body(AlarmNotice notice, Format format) {
        Twin alarm = notice.alarm();
        String severity = attribute(alarm, "severity");
        String label = label(severity);
        String name = attribute(alarm, "name");
        String title = "【" + label + "】" + name;
        String source = attribute(alarm, "source").isEmpty() ? attribute(alarm, "parent") : attribute(alarm, "source");
        String message = cut(attribute(alarm, "message"));
        String link = "/api/dayuan/alarms/" + alarm.id();
        String event = event(notice);
        ObjectNode out = JSON.createObjectNode();
        if (format == Format.TEXT) {
            String text = title + "\n事件: " + event + "\n级别: " + label + " (" + severity + ")\n对象: " + source
                    + "\n内容: " + message + "\n发生时间: " + attribute(alarm, "raisedAt") + "\n详情: " + link;
            out.put("msgtype", "text").putObject("text").put("content", text);
        } else {
            String text = "### " + title + "\n- **事件**: " + event + "\n- **级别**: " + label + " (" + severity + ")"
                    + "\n- **对象**: " + source + "\n- **内容**: " + message + "\n- **发生时间**: "
                    + attribute(alarm, "raisedAt") + "\n- **详情**: " + link;
            out.put("msgtype", "markdown").putObject("markdown").put("title", title).put("text", text)
                    .put("content", text);
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("A tree of strings always serializes", e);
        }
    }

    /**
     * Why the robot refused a post it answered with 2xx, or empty when it took it: DingTalk and WeCom answer
     * {@code {"errcode":0,"errmsg":"ok"}}, and a non-zero errcode (bad token, keyword missing, rate limit) is a
     * failure. An answer that is not such JSON (a receiver of another kind) counts as taken.
     */
    public static Optional<String> refusal(byte[] reply) {
        JsonNode json;
        try {
            json = reply == null || reply.length == 0 ? null : JSON.readTree(reply);
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode code = json == null ? null : json.get("errcode");
        if (code == null || !code.canConvertToInt() || code.asInt() == 0) {
            return Optional.empty();
        }
        return Optional.of("errcode " + code.asInt() + ": " + json.path("errmsg").asText(""));
    }

    private static String event(AlarmNotice notice) {
        return switch (notice.event()) {
            case "raised" -> "新告警 (raised)";
            case "escalated" -> "升级 (escalated" + (notice.reason().isEmpty() ? "" : ": not " + past(notice.reason()))
                    + ")";
            case "verified" -> "已核实 (verified)";
            default -> notice.event();
        };
    }

    private static String past(String reason) {
        return switch (reason) {
            case "acknowledge" -> "acknowledged in time";
            case "verify" -> "verified in time";
            default -> reason;
        };
    }

    private static String label(String severity) {
        try {
            return switch (Severity.of(severity)) {
                case INFO -> "提示";
                case WARNING -> "一般";
                case MAJOR -> "重要";
                case CRITICAL -> "紧急";
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return "告警";
        }
    }

    private static String attribute(Twin alarm, String name) {
        return alarm.get(JsonPointer.of(Twin.ATTRIBUTES, name)).filter(JsonNode::isValueNode).map(JsonNode::asText)
                .orElse("");
    }

    private static String cut(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
