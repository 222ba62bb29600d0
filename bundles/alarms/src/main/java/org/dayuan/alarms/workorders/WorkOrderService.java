package org.dayuan.alarms.workorders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.dayuan.alarms.WorkOrders;
import org.dayuan.alarms.workorders.WorkOrderRules.Action;
import org.dayuan.alarms.workorders.WorkOrderRules.State;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.SearchQuery;
import org.dayuan.twin.SearchResult;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work orders as twins, through this bundle's view of the registry: every call acts as its caller (a servlet the
 * logged-in user, a line its own identity), so the registry's 404 and 403 apply; every step is checked again inside
 * the registry's write lock against the order as it is then. A timer keeps {@code overdue} right, acting as the
 * bundle.
 */
@Component(service = {WorkOrders.class, WorkOrderService.class}, configurationPid = "org.dayuan.workorders")
@Designate(ocd = WorkOrdersConfig.class)
public final class WorkOrderService implements WorkOrders {
    private static final Logger LOG = LoggerFactory.getLogger(WorkOrderService.class);
    private static final JsonPointer ATTRIBUTES = JsonPointer.of(Twin.ATTRIBUTES);
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final String IS_ORDER = "eq(definition," + quote(WorkOrderRules.DEFINITION) + ")";
    /** Orders whose overdue may be wrong: those owing work, and those still marked overdue. */
    private static final String MAY_CHANGE_OVERDUE = "and(" + IS_ORDER + ",or(in(attributes/state,"
            + quote(State.OPEN.json()) + "," + quote(State.ASSIGNED.json()) + "),eq(attributes/overdue,true)))";
    private static final int PAGE = 200;
    /** Steps retried when the order changed between reading it and writing the step. */
    private static final int ATTEMPTS = 5;

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final Clock clock;
    private final Duration defaultSla;
    /** One open order per origin: checking for one and creating it is one step for every origin. */
    private final ReentrantLock opening = new ReentrantLock();
    private ScheduledExecutorService timer;

    @Activate
    public WorkOrderService(@Reference TwinRegistry registry, @Reference TwinSearch search,
                            WorkOrdersConfig config) {
        this(registry, search, Clock.systemUTC(), Duration.ofHours(config.defaultSlaHours()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dayuan-workorders-overdue"));
        timer.scheduleWithFixedDelay(this::sweepLogged, 0, config.checkSeconds(), TimeUnit.SECONDS);
    }

    /**
     * For tests and embedding: the service without the component's timer; the caller calls {@link #sweep()} when
     * overdue orders are due. The package is not exported, so in the distribution only the component is reachable.
     */
    public WorkOrderService(TwinRegistry registry, TwinSearch search, Clock clock, Duration defaultSla) {
        this.registry = registry;
        this.search = search;
        this.clock = clock;
        this.defaultSla = defaultSla;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** What {@link #openOrder} did: the order, and whether it was created now rather than found open. */
    public record Opened(Twin order, boolean created) {
    }

    @Override
    public Twin open(Caller caller, TwinId subject, String title, String description, TwinId origin, Duration sla) {
        return openOrder(caller, subject, title, description, origin, sla).order();
    }

    /**
     * Opens an order, or, when {@code origin} already has one not yet confirmed that the caller may see, returns that
     * one. The subject and the origin must be twins the caller can see (404 otherwise).
     */
    public Opened openOrder(Caller caller, TwinId subject, String title, String description, TwinId origin,
                            Duration sla) {
        if (subject == null) {
            throw WorkOrderRules.ORDER_INVALID.exception("The subject, the twin the work concerns, is missing.");
        }
        WorkOrderRules.title(title);
        Duration allowed = WorkOrderRules.sla(sla, defaultSla);
        if (registry.get(caller, subject).isEmpty()) {
            throw ErrorCode.THING_NOT_FOUND.exception("There is no twin " + subject + " to open a work order about.");
        }
        TwinId id = TwinId.of(subject.namespace(), "wo-" + ID_DATE.format(clock.instant()) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt()));
        if (origin == null) {
            return new Opened(create(caller, subject, title, description, null, allowed, id), true);
        }
        if (registry.get(caller, origin).isEmpty()) {
            throw ErrorCode.THING_NOT_FOUND.exception("There is no twin " + origin
                    + " to open a work order from (origin).");
        }
        // the registry would refuse the create; refuse before answering with another order
        caller.checkWrite(id, JsonPointer.empty());
        opening.lock();
        try {
            Optional<Twin> existing = openFor(origin);
            if (existing.isPresent()) {
                Twin found = existing.get();
                return new Opened(registry.get(caller, found.id()).orElseThrow(() ->
                        ErrorCode.THING_CONFLICT.exception("The origin " + origin + " already has an open work order"
                                + " outside your organisations.", "Ask its organisation to handle it.")), false);
            }
            return new Opened(create(caller, subject, title, description, origin, allowed, id), true);
        } finally {
            opening.unlock();
        }
    }

    private Twin create(Caller caller, TwinId subject, String title, String description, TwinId origin,
                        Duration sla, TwinId id) {
        return registry.create(caller, id, WorkOrderRules.newOrder(subject, title, description, origin,
                clock.instant(), sla, caller.subject()));
    }

    /** The order of {@code origin} not yet confirmed, as the bundle sees it, whoever asks. */
    private Optional<Twin> openFor(TwinId origin) {
        String filter = "and(" + IS_ORDER + ",eq(attributes/origin," + quote(origin.toString())
                + "),ne(attributes/state," + quote(State.CONFIRMED.json()) + "))";
        return search.search(registry.identity(), new SearchQuery(filter, List.of(), "size(1)")).items().stream()
                .findFirst();
    }

    /** The work order {@code id} as the caller sees it; a twin that is no work order is not one. */
    public Optional<Twin> get(Caller caller, TwinId id) {
        return registry.get(caller, id).filter(WorkOrderRules::isOrder);
    }

    /**
     * Takes {@code action} on order {@code id} as {@code caller}. The step is computed from the order as read and
     * written only if the order is still that revision inside the registry's lock; otherwise it is checked against
     * the order as it is then and, when still legal, computed again.
     */
    public Twin act(Caller caller, TwinId id, Action action, String comment, String assignee) {
        if (action == Action.OPEN) {
            throw WorkOrderRules.STEP_ILLEGAL.exception("A work order is opened with POST /api/dayuan/workorders,"
                    + " not as a step.");
        }
        caller.checkWrite(id, ATTRIBUTES);
        for (int attempt = 1; ; attempt++) {
            Twin order = get(caller, id).orElseThrow(() -> notFound(id));
            ObjectNode patch = WorkOrderRules.step(order, action, comment, assignee, caller.subject(),
                    clock.instant());
            try {
                return registry.merge(caller, id, ATTRIBUTES, patch, (now, value) -> {
                    Twin current = now.filter(WorkOrderRules::isOrder).orElseThrow(() -> notFound(id));
                    if (current.revision() != order.revision()) {
                        WorkOrderRules.requireLegal(current, action);
                        throw WorkOrderRules.CHANGED.exception("The work order " + id + " changed.");
                    }
                }).twin().orElseThrow();
            } catch (DayuanException e) {
                if (!e.errorCode().equals(WorkOrderRules.CHANGED) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static DayuanException notFound(TwinId id) {
        return ErrorCode.THING_NOT_FOUND.exception("There is no work order " + id + ".");
    }

    /** What a list asks for; null members do not filter. */
    public record Filter(State state, String organisation, Boolean overdue, TwinId origin) {
    }

    /** The orders the caller sees that match {@code filter}, newest first, at most {@code limit}. */
    public List<Twin> list(Caller caller, Filter filter, int limit) {
        StringBuilder rql = new StringBuilder("and(").append(IS_ORDER);
        if (filter.state() != null) {
            rql.append(",eq(attributes/state,").append(quote(filter.state().json())).append(')');
        }
        if (filter.overdue() != null) {
            rql.append(",eq(attributes/overdue,").append(filter.overdue()).append(')');
        }
        if (filter.origin() != null) {
            rql.append(",eq(attributes/origin,").append(quote(filter.origin().toString())).append(')');
        }
        rql.append(')');
        List<String> namespaces = filter.organisation() == null ? List.of() : List.of(filter.organisation());
        List<Twin> out = new ArrayList<>();
        String option = "sort(-attributes/openedAt),size(" + Math.min(PAGE, limit) + ")";
        while (out.size() < limit) {
            SearchResult page = search.search(caller, new SearchQuery(rql.toString(), namespaces, option));
            out.addAll(page.items().subList(0, Math.min(page.items().size(), limit - out.size())));
            if (page.cursor().isEmpty()) {
                break;
            }
            option = "size(" + PAGE + "),cursor(" + page.cursor().get() + ")";
        }
        return out;
    }

    /**
     * Sets {@code overdue} where it is wrong now, as the bundle; an order that changed meanwhile is left to the next
     * check. Returns how many orders it changed.
     */
    public int sweep() {
        Caller self = registry.identity();
        Instant now = clock.instant();
        int changed = 0;
        String option = "size(" + PAGE + ")";
        while (true) {
            SearchResult page = search.search(self, new SearchQuery(MAY_CHANGE_OVERDUE, List.of(), option));
            for (Twin order : page.items()) {
                Optional<Boolean> overdue = WorkOrderRules.overdueChange(order, now);
                if (overdue.isEmpty()) {
                    continue;
                }
                ObjectNode patch = JsonNodeFactory.instance.objectNode().put("overdue", overdue.get());
                try {
                    registry.merge(self, order.id(), ATTRIBUTES, patch, (current, value) -> {
                        if (current.map(Twin::revision).orElse(-1L) != order.revision()) {
                            throw WorkOrderRules.CHANGED.exception("The work order " + order.id() + " changed.");
                        }
                    });
                    changed++;
                } catch (DayuanException e) {
                    if (!e.errorCode().equals(WorkOrderRules.CHANGED)) {
                        throw e;
                    }
                }
            }
            if (page.cursor().isEmpty()) {
                return changed;
            }
            option = "size(" + PAGE + "),cursor(" + page.cursor().get() + ")";
        }
    }

    private void sweepLogged() {
        try {
            int n = sweep();
            if (n > 0) {
                LOG.debug("Updated overdue on {} work order(s)", n);
            }
        } catch (RuntimeException e) {
            // the next check tries again; the timer must not die of one failure (a store outage, a refused write)
            LOG.warn("Updating overdue work orders failed: {}", e.toString(), e);
        }
    }

    /** {@code text} as an RQL string literal. */
    static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }

    /** The JSON of a list answer: {@code {"items": [...]}}. */
    static ObjectNode items(List<Twin> orders) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var items = out.putArray("items");
        orders.forEach(o -> items.add(o.toJson()));
        return out;
    }
}
