package org.dayuan.energy.osgi;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.dayuan.camel.twin.TwinConstants;
import org.dayuan.energy.Bill;
import org.dayuan.energy.BillFile;
import org.dayuan.energy.BillParser;
import org.dayuan.energy.EnergyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports one utility bill CSV file handed over by the watched-folder route. The whole file is checked first
 * (every line, and that each organisation twin exists); any error refuses the file, writes a report of every bad
 * line beside it and changes nothing. A good file is written as one merge per organisation into its
 * {@code energyBills} feature, so bills survive restarts in the registry like any other twin data.
 */
final class BillImport {
    private static final Logger LOG = LoggerFactory.getLogger(BillImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPORTS = 20;

    /** What happened to one file, for the status API. */
    record Report(String file, Instant at, boolean imported, int bills, List<String> errors) {
    }

    private volatile BillParser parser;
    private final EnergyState state;
    private final ProducerTemplate twins;
    private final Deque<Report> reports = new ArrayDeque<>();

    /** Parses bills with new settings from the next file on. */
    void parser(BillParser next) {
        parser = next;
    }

    BillImport(BillParser parser, EnergyState state, ProducerTemplate twins) {
        this.parser = parser;
        this.state = state;
        this.twins = twins;
    }

    void process(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        BillFile parsed;
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            parsed = parser.parse(in);
        }
        List<String> errors = new ArrayList<>();
        parsed.errors().forEach(e -> errors.add(e.toString()));
        if (errors.isEmpty()) {
            parsed.bills().stream().map(Bill::organisation).distinct().forEach(org -> {
                if (twins.requestBodyAndHeader("twin:get?ignoreNotFound=true", null,
                        TwinConstants.THING_ID, org) == null) {
                    errors.add("organisation " + org + " is not a twin");
                }
            });
        }
        if (!errors.isEmpty()) {
            // beside the refused file, which the route moves to .failed when this throws
            Path failed = Files.createDirectories(file.resolveSibling(".failed"));
            Files.write(failed.resolve(name + ".errors.txt"), errors, StandardCharsets.UTF_8);
            remember(new Report(name, Instant.now(), false, 0, errors));
            LOG.warn("Bill file {} refused, nothing imported: {} errors, first: {}", name, errors.size(),
                    errors.get(0));
            throw new IllegalArgumentException("bill file " + name + " refused: " + errors.get(0));
        }
        Map<String, ObjectNode> patches = new LinkedHashMap<>();
        for (Bill b : parsed.bills()) {
            ObjectNode entry = patches.computeIfAbsent(b.organisation(), o -> JSON.createObjectNode())
                    .withObject("/" + b.period()).putObject(b.carrier().name().toLowerCase(Locale.ROOT));
            entry.put("quantity", b.quantity());
            entry.put("unit", b.carrier().unit());
            if (b.cost() != null) {
                entry.put("cost", b.cost());
            }
            entry.put("file", name);
        }
        int done = 0;
        for (Map.Entry<String, ObjectNode> p : patches.entrySet()) {
            ObjectNode feature = JSON.createObjectNode();
            feature.set("properties", p.getValue());
            twins.requestBodyAndHeader("twin:merge?path=/features/" + EnergyState.BILLS_FEATURE,
                    feature, TwinConstants.THING_ID, p.getKey());
            done++;
            LOG.info("Bill file {}: organisation {} of {} written", name, done, patches.size());
        }
        parsed.bills().forEach(state::bill);
        remember(new Report(name, Instant.now(), true, parsed.bills().size(), List.of()));
        LOG.info("Bill file {} imported: {} bills for {} organisations", name, parsed.bills().size(), patches.size());
    }

    private synchronized void remember(Report report) {
        reports.addFirst(report);
        if (reports.size() > REPORTS) {
            reports.removeLast();
        }
    }

    synchronized List<Report> reports() {
        return List.copyOf(reports);
    }
}
