package org.dayuan.fleet.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.jtt808.Header;
import org.dayuan.twin.Caller;
import org.dayuan.twin.EventSelection;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Subscription;
import org.dayuan.twin.SubscriptionListener;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinEvent;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;

/**
 * Terminal phone number → the one vehicle twin whose attribute {@code terminalId} is that number (compared without
 * leading zeros, so a 2013 and a 2019 header name the same vehicle). Built by one search of all vehicles the first
 * time it is asked and again after any event that may change it: a vehicle created, deleted, or changed anywhere but
 * in its features (the gateway's own writes are features only and keep it). A number that two vehicles claim binds
 * neither: a terminal must write exactly one vehicle. A lookup that overlaps such an event is answered but its table
 * not kept, as a table built before an event may miss it.
 */
final class TerminalDirectory implements SubscriptionListener, AutoCloseable {
    static final String FILTER = "and(eq(definition,\"" + FleetGateway.VEHICLE_MODEL
            + "\"),exists(attributes/terminalId))";
    private static final JsonPointer TERMINAL_ID = JsonPointer.of(Twin.ATTRIBUTES, "terminalId");

    /** A table built from one search: the bound numbers, and those claimed by several vehicles. */
    private record Table(Map<String, TwinId> vehicles, Set<String> ambiguous) {
    }

    private final TwinSearch search;
    private final Caller caller;
    private final Subscription subscription;
    private final AtomicLong generation = new AtomicLong();
    private volatile Table table;

    TerminalDirectory(TwinSearch search, TwinSubscriptions subscriptions, Caller caller) {
        this.search = search;
        this.caller = caller;
        this.subscription = subscriptions.subscribe(caller, EventSelection.ALL, -1, this);
    }

    /** The vehicle of a terminal, or why none: empty, or a message naming the vehicles that claim it. */
    Lookup lookup(String phone) {
        String terminal = Header.terminal(phone);
        Table t = table();
        if (t.ambiguous().contains(terminal)) {
            return new Lookup(null, "several vehicle twins have terminalId " + terminal);
        }
        TwinId id = t.vehicles().get(terminal);
        return new Lookup(id, id == null ? "no vehicle twin has terminalId " + terminal : null);
    }

    record Lookup(TwinId vehicle, String problem) {
        Optional<TwinId> found() {
            return Optional.ofNullable(vehicle);
        }
    }

    private Table table() {
        Table t = table;
        if (t != null) {
            return t;
        }
        long before = generation.get();
        t = build();
        if (generation.get() == before) {
            table = t;
        }
        return t;
    }

    private Table build() {
        Map<String, TwinId> vehicles = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Twin v : search.all(caller, FILTER)) {
            Optional<String> number = terminalId(v);
            if (number.isEmpty()) {
                continue;
            }
            if (vehicles.putIfAbsent(number.get(), v.id()) != null) {
                ambiguous.add(number.get());
            }
        }
        ambiguous.forEach(vehicles::remove);
        return new Table(Map.copyOf(vehicles), Set.copyOf(ambiguous));
    }

    /** The vehicle's terminal number without leading zeros, when it is all digits. */
    static Optional<String> terminalId(Twin vehicle) {
        return vehicle.get(TERMINAL_ID).filter(JsonNode::isTextual).map(JsonNode::asText).map(String::trim)
                .filter(s -> s.matches("[0-9]{1,20}")).map(Header::terminal);
    }

    @Override
    public void onEvent(TwinEvent event, Optional<Twin> after) {
        if (event.featuresOnly()) {
            return;
        }
        if (after.isEmpty() || after.get().definition().filter(FleetGateway.VEHICLE_MODEL::equals).isPresent()) {
            forget();
        }
    }

    @Override
    public void reset(String reason) {
        forget();
    }

    @Override
    public void close() {
        subscription.close();
    }

    private void forget() {
        generation.incrementAndGet();
        table = null;
    }
}
