package org.dayuan.alarms.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.dayuan.alarms.AlarmNotice;
import org.dayuan.alarms.AlarmNotifier;
import org.dayuan.alarms.Severity;
import org.dayuan.alarms.webhook.WebhookMessage.Format;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group robot's webhook as an {@link AlarmNotifier}: one instance per factory configuration of
 * {@value #PID}. It registers itself with the whiteboard properties the alarm service matches alarms by (its name,
 * lowest severity and organisations) and never with its URL, which holds the robot's token. A delivery posts the
 * robot message over Camel's HTTP component in the notifier's own context, retried by Camel's redelivery; a non-2xx
 * answer or a robot's non-zero {@code errcode} is a failed try.
 */
@Component(configurationPid = WebhookNotifier.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {},
        immediate = true)
@Designate(ocd = WebhookConfig.class, factory = true)
public final class WebhookNotifier implements AlarmNotifier {
    static final String PID = "org.dayuan.alarms.webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final String DELIVER = "direct:deliver";
    private static final String POST = "direct:post";
    private static final String PAYLOAD = "dayuanWebhookPayload";
    private static final String ATTEMPTS = "dayuanWebhookAttempts";
    /** How much of a refusing answer's body goes into the failure reason recorded on the alarm. */
    private static final int REASON_BODY = 200;

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Settings settings;
    private ServiceRegistration<AlarmNotifier> registration;

    @Activate
    public WebhookNotifier(BundleContext context, WebhookConfig config) throws Exception {
        this(new OsgiDefaultCamelContext(context), Settings.of(config));
        registration = context.registerService(AlarmNotifier.class, this, serviceProperties(settings));
        LOG.info("Alarm webhook '{}' posts to {} ({}, from {}, organisations {})", settings.name(),
                settings.redactedUrl(), settings.format(), settings.minSeverity().json(), settings.namespaces());
    }

    /** The notifier on {@code camel}, which it starts and owns; tests give a plain context. */
    WebhookNotifier(CamelContext camel, Settings settings) throws Exception {
        this.camel = camel;
        this.settings = settings;
        int millis = Math.toIntExact(settings.timeoutSeconds() * 1000L);
        HttpComponent http = camel.getComponent(settings.url().getScheme(), HttpComponent.class);
        http.setConnectTimeout(millis);
        http.setConnectionRequestTimeout(millis);
        http.setSocketTimeout(millis);
        camel.start(); // before routes are added: OsgiDefaultCamelContext leaves routes added earlier unstarted
        camel.addRoutes(routes(settings));
        template = camel.createProducerTemplate();
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        camel.stop();
    }

    /** The whiteboard properties: what the alarm service selects notifiers by. */
    static Dictionary<String, Object> serviceProperties(Settings settings) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME, settings.name());
        props.put(MIN_SEVERITY, settings.minSeverity().json());
        props.put(NAMESPACES, settings.namespaces().toArray(String[]::new));
        return props;
    }

    private static RouteBuilder routes(Settings settings) {
        String endpoint = settings.url() + (settings.url().getRawQuery() == null ? "?" : "&")
                + "httpMethod=POST&throwExceptionOnFailure=true";
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the post and the check of the robot's answer are one step, so a redelivery repeats both
                from(DELIVER).routeId("webhook-deliver")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(settings.retries())
                                .redeliveryDelay(settings.retryDelayMillis())
                                // Camel's own messages would name the URL and so the token: ours name neither
                                .logRetryAttempted(false).logExhausted(false).logStackTrace(false)
                                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                                .onRedelivery(e -> LOG.warn("Alarm webhook '{}': try {} failed ({}), trying again",
                                        settings.name(), e.getProperty(ATTEMPTS, AtomicInteger.class).get(),
                                        reason(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))))
                        .to(POST);
                from(POST).routeId("webhook-post")
                        .errorHandler(noErrorHandler())
                        .process(e -> {
                            e.getProperty(ATTEMPTS, AtomicInteger.class).incrementAndGet();
                            Message m = e.getMessage();
                            // the last try's answer headers must not be posted; the redelivery counters must stay
                            m.removeHeaders("*", Exchange.REDELIVERED, Exchange.REDELIVERY_COUNTER,
                                    Exchange.REDELIVERY_MAX_COUNTER);
                            m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
                            m.setBody(e.getProperty(PAYLOAD, byte[].class));
                        })
                        .to(endpoint)
                        .process(e -> {
                            Optional<String> refused = WebhookMessage.refusal(e.getMessage().getBody(byte[].class));
                            if (refused.isPresent()) {
                                throw new WebhookException("the robot refused the message: " + refused.get());
                            }
                        });
            }
        };
    }

    @Override
    public void deliver(AlarmNotice notice) throws WebhookException {
        send(notice);
    }

    /**
     * Posts {@code notice} and returns how many tries it took; throws, naming the last try's reason and the number
     * of tries, when every try failed.
     */
    public int send(AlarmNotice notice) throws WebhookException {
        AtomicInteger attempts = new AtomicInteger();
        byte[] body = WebhookMessage.body(notice, settings.format());
        Exchange done = template.send(DELIVER, e -> {
            e.setProperty(PAYLOAD, body);
            e.setProperty(ATTEMPTS, attempts);
        });
        if (done.getException() != null) {
            throw new WebhookException("Webhook '" + settings.name() + "' failed after " + attempts.get()
                    + (attempts.get() == 1 ? " try: " : " tries: ") + reason(done.getException()));
        }
        return attempts.get();
    }

    /** Why a try failed, without the URL (its query holds the token). */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        if (failure instanceof HttpOperationFailedException h) {
            String body = h.getResponseBody() == null ? "" : h.getResponseBody().strip();
            if (body.length() > REASON_BODY) {
                body = body.substring(0, REASON_BODY) + "…";
            }
            return "HTTP " + h.getStatusCode() + (h.getStatusText() == null ? "" : " " + h.getStatusText())
                    + (body.isEmpty() ? "" : ": " + body);
        }
        if (failure instanceof WebhookException) {
            return failure.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** A delivery that failed, or one try of it. */
    public static final class WebhookException extends Exception {
        private static final long serialVersionUID = 1L;

        public WebhookException(String message) {
            super(message);
        }
    }

    /** The configuration, checked. */
    record Settings(URI url, String name, Severity minSeverity, List<String> namespaces, Format format, int retries,
                    long retryDelayMillis, int timeoutSeconds) {
        Settings {
            if (url == null || !url.isAbsolute() || url.getHost() == null
                    || !List.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("The webhook url must be an absolute http or https URL.");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("The webhook needs a name, recorded with each delivery.");
            }
            if (retries < 0 || retryDelayMillis < 0 || timeoutSeconds < 1) {
                throw new IllegalArgumentException("retries and retryDelayMillis must not be negative, timeoutSeconds"
                        + " must be at least 1.");
            }
            namespaces = namespaces.isEmpty() ? List.of("*") : List.copyOf(namespaces);
        }

        static Settings of(WebhookConfig c) {
            URI url;
            try {
                url = c.url() == null ? null : new URI(c.url().strip());
            } catch (URISyntaxException e) {
                // the input is not quoted: it holds the token
                throw new IllegalArgumentException("The webhook url is not a URL: " + e.getReason());
            }
            List<String> namespaces = Arrays.stream(c.namespaces() == null ? new String[0]
                    : c.namespaces().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new Settings(url, c.name() == null ? null : c.name().strip(), Severity.of(c.minSeverity()),
                    namespaces, Format.of(c.format()), c.retries(), c.retryDelayMillis(), c.timeoutSeconds());
        }

        /** The URL without its query, for logs. */
        String redactedUrl() {
            return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?…");
        }
    }
}
