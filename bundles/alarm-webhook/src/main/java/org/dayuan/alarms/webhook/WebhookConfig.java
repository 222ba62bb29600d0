package org.dayuan.alarms.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One webhook (factory PID {@code org.dayuan.alarms.webhook}): each configuration is one robot in one group chat.
 * README.md shows a configuration; none is shipped, so no notifier exists until an operator adds one.
 */
@ObjectClassDefinition(name = "Dayuan alarm webhook (DingTalk / WeCom robot)",
        description = "告警推送: posts alarms to a group robot's webhook; one configuration per robot.")
@interface WebhookConfig {
    @AttributeDefinition(description = "The robot's webhook URL, with its token (DingTalk"
            + " .../robot/send?access_token=..., WeCom .../cgi-bin/webhook/send?key=...). Kept out of logs.")
    String url();

    @AttributeDefinition(description = "Name of this notifier, recorded with each delivery on the alarm.")
    String name();

    @AttributeDefinition(description = "Lowest severity delivered.", options = {
            @Option(value = "info", label = "提示 info"), @Option(value = "warning", label = "一般 warning"),
            @Option(value = "major", label = "重要 major"), @Option(value = "critical", label = "紧急 critical")})
    String minSeverity() default "info";

    @AttributeDefinition(description = "Organisations (namespaces, comma-separated) whose alarms are delivered;"
            + " * for all.")
    String namespaces() default "*";

    @AttributeDefinition(description = "Message format: plain text, or markdown.", options = {
            @Option(value = "text", label = "text"), @Option(value = "markdown", label = "markdown")})
    String format() default "text";

    @AttributeDefinition(description = "Retries after a failed post before the delivery counts as failed.",
            min = "0", max = "20")
    int retries() default 3;

    @AttributeDefinition(description = "Milliseconds between two tries.", min = "0")
    long retryDelayMillis() default 2000;

    @AttributeDefinition(description = "Seconds to connect and to wait for the answer of one try.", min = "1")
    int timeoutSeconds() default 10;
}
