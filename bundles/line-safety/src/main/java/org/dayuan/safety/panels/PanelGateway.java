package org.dayuan.safety.panels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.AlarmCondition;
import org.dayuan.alarms.Alarms;
import org.dayuan.alarms.Severity;
import org.dayuan.gbt26875.Address;
import org.dayuan.gbt26875.Command;
import org.dayuan.gbt26875.ComponentStatus;
import org.dayuan.gbt26875.Frame;
import org.dayuan.gbt26875.FrameException;
import org.dayuan.gbt26875.FrameSplitter;
import org.dayuan.gbt26875.Gbt26875;
import org.dayuan.gbt26875.Header;
import org.dayuan.gbt26875.InfoObject;
import org.dayuan.gbt26875.OperationInfo;
import org.dayuan.gbt26875.SystemStatus;
import org.dayuan.safety.Searches;
import org.dayuan.twin.Caller;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.dayuan.twin.TwinSubscriptions;
import org.dayuan.twin.WriteCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's decisions, without I/O: a piece of a connection's stream in, the answer to send back out, and the
 * frame's effects on the twins and alarms. A frame is checked whole (codec, transmitter, every object's panel) before
 * anything is applied, so a refused frame changes nothing. Thread-safe: connections are served concurrently.
 * Panels, detectors and cameras are looked up through a {@link PanelDirectory}, kept current by the registry's
 * events; {@link #close()} ends that subscription.
 */
public final class PanelGateway implements AutoCloseable {
    static final String PANEL_MODEL = "dayuan:FireAlarmPanel:1.0.0";
    static final String DETECTOR_MODEL = "dayuan:FireDetector:1.0.0";
    static final String CAMERA_MODEL = "dayuan:Camera:1.0.0";
    static final String LINE = "safety";
    static final String FIRE = "safety.fire";
    static final String FAULT = "safety.fault";
    static final String SUPERVISORY = "safety.supervisory";
    static final String DISABLED = "safety.disabled";
    static final String LINK = "safety.link";
    /** Reasons beyond the codec's {@link org.dayuan.gbt26875.Reason} codes. */
    static final String UNKNOWN_TRANSMITTER = "transmitter.unknown";
    static final String UNKNOWN_PANEL = "panel.unknown";
    static final String UNSUPPORTED_COMMAND = "command.unsupported";
    static final String INTERNAL = "gateway.internal";
    static final int RECENT = 20;
    private static final int MAX_LOGGED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PanelGateway.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What to send back ({@code null}: nothing) and, for a refused piece, why. */
    public record Outcome(byte[] reply, String rejected, String message) {
        boolean accepted() {
            return rejected == null;
        }
    }

    public record Rejection(Instant at, String peer, String reason, String message) {
    }

    /** What one transmission device's link has done since the gateway started. */
    public static final class Link {
        private volatile String peer;
        private volatile boolean connected;
        private volatile Instant lastFrame;
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private final Deque<Rejection> recent = new ArrayDeque<>();

        public Optional<String> peer() {
            return Optional.ofNullable(peer);
        }

        public boolean connected() {
            return connected;
        }

        public Optional<Instant> lastFrame() {
            return Optional.ofNullable(lastFrame);
        }

        public long framesOk() {
            return ok.get();
        }

        public long framesRejected() {
            return rejected.get();
        }

        public synchronized List<Rejection> recent() {
            return List.copyOf(recent);
        }

        synchronized void reject(Rejection r) {
            rejected.incrementAndGet();
            recent.addFirst(r);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /** A frame refused after decoding: its objects name what the transmitter does not have. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private sealed interface Step permits DetectorStep, PanelStep {
    }

    private record DetectorStep(Twin panel, Twin detector, ComponentStatus status) implements Step {
    }

    private record PanelStep(Twin panel, SystemStatus status) implements Step {
    }

    private final TwinRegistry registry;
    private final TwinSearch search;
    private final PanelDirectory directory;
    private final Alarms alarms;
    private final Clock clock;
    private final ZoneId zone;
    private final Instant started;
    private final ConcurrentMap<String, Link> links = new ConcurrentHashMap<>();
    private final Link unattributed = new Link();
    private final ConcurrentMap<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Set<TwinId> linkDown = ConcurrentHashMap.newKeySet();

    public PanelGateway(TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions, Alarms alarms,
                        Clock clock, ZoneId zone) {
        this.registry = registry;
        this.search = search;
        this.directory = new PanelDirectory(subscriptions, registry.identity());
        this.alarms = alarms;
        this.clock = clock;
        this.zone = zone;
        this.started = clock.instant();
    }

    /** Judges one piece of a connection's stream and applies it when it is a good frame. Never throws. */
    public Outcome receive(String peer, FrameSplitter.Piece piece) {
        Instant now = clock.instant();
        if (piece.refused() != null) {
            return reject(now, peer, null, piece.refused().code(), piece.bytes().length + " bytes "
                    + (piece.refused() == org.dayuan.gbt26875.Reason.START ? "before the next @@" : "of a header "
                    + "declaring more than " + Gbt26875.MAX_DATA + " bytes"), null);
        }
        Frame frame;
        try {
            frame = Gbt26875.decode(piece.bytes());
        } catch (FrameException e) {
            Header h = e.header().orElse(null);
            return reject(now, peer, h == null ? null : h.source(), e.reason().code(), e.getMessage(),
                    h == null ? null : answer(h, Command.DENY, now));
        }
        Header header = new Header(frame.serial(), frame.versionMajor(), frame.versionMinor(), frame.time(),
                frame.source(), frame.destination(), 0, frame.command().code());
        try {
            String transmitter = frame.source().hex();
            List<Twin> panels = panelsOf(transmitter);
            if (panels.isEmpty()) {
                return reject(now, peer, null, UNKNOWN_TRANSMITTER, "no FireAlarmPanel twin has transmitter "
                        + transmitter, answer(header, Command.DENY, now));
            }
            switch (frame.command()) {
                case CONTROL, REQUEST:
                    return reject(now, peer, frame.source(), UNSUPPORTED_COMMAND, "command " + frame.command()
                            + " from a transmission device: the centre is not controlled from the field",
                            answer(header, Command.DENY, now));
                case CONFIRM, DENY, RESPONSE:
                    alive(now, peer, transmitter, panels);
                    return new Outcome(null, null, null);
                default:
                    break;
            }
            List<Step> steps;
            try {
                steps = plan(peer, frame, panels);
            } catch (Refused r) {
                return reject(now, peer, frame.source(), r.reason, r.getMessage(), answer(header, Command.DENY, now));
            }
            alive(now, peer, transmitter, panels);
            for (Step step : steps) {
                if (step instanceof DetectorStep d) {
                    applyDetector(now, d);
                } else if (step instanceof PanelStep p) {
                    applyPanel(now, p);
                }
            }
            return new Outcome(answer(header, Command.CONFIRM, now), null, null);
        } catch (RuntimeException e) {
            // The registry or the alarms refused (a grant edited, a model violation): the frame is not confirmed,
            // so the device sends it again, and the operator sees why.
            LOG.warn("panel frame {} from {} could not be applied", frame.serial(), peer, e);
            return reject(now, peer, frame.source(), INTERNAL, String.valueOf(e.getMessage()),
                    answer(header, Command.DENY, now));
        }
    }

    @Override
    public void close() {
        directory.close();
    }

    /** The connection of {@code peer} closed. */
    public void disconnected(String peer) {
        for (Link l : links.values()) {
            if (peer.equals(l.peer)) {
                l.connected = false;
            }
        }
    }

    /**
     * Raises {@code safety.link} on every registered panel whose transmitter sent no good frame for {@code timeout}
     * (counting from the gateway's start for one not heard since). Raised once per silence; the next frame ends it.
     */
    public void checkLinks(Duration timeout) {
        Instant now = clock.instant();
        Caller me = registry.identity();
        for (Twin panel : all(me, "and(eq(definition,\"" + PANEL_MODEL + "\"),exists(attributes/transmitter))")) {
            Optional<String> tx = transmitter(panel);
            if (tx.isEmpty()) {
                continue;
            }
            Link l = links.get(tx.get());
            Instant last = l == null || l.lastFrame == null ? started : l.lastFrame;
            if (Duration.between(last, now).compareTo(timeout) >= 0 && linkDown.add(panel.id())) {
                ObjectNode details = NODES.objectNode().put("panel", panel.id().toString())
                        .put("transmitter", tx.get()).put("silentSeconds", Duration.between(last, now).toSeconds());
                if (l != null && l.lastFrame != null) {
                    details.put("lastFrame", l.lastFrame.toString());
                }
                try {
                    alarms.raise(me, new AlarmCondition(panel.id(), LINK, LINE, Severity.MAJOR,
                            "通信中断: " + name(panel), "no frame from transmitter " + tx.get() + " for "
                            + Duration.between(last, now).toSeconds() + " s (limit " + timeout.toSeconds() + " s)",
                            now, details));
                } catch (RuntimeException e) {
                    linkDown.remove(panel.id());
                    LOG.warn("safety.link on {} could not be raised", panel.id(), e);
                }
            }
        }
    }

    public Optional<Link> link(String transmitter) {
        return Optional.ofNullable(links.get(transmitter.toLowerCase(Locale.ROOT)));
    }

    /** Rejected pieces that name no registered transmitter. */
    public Link unattributed() {
        return unattributed;
    }

    /** How many pieces were rejected, by reason. */
    public Map<String, Long> rejections() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static Optional<String> transmitter(Twin panel) {
        return panel.get(JsonPointer.of(Twin.ATTRIBUTES, "transmitter")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).filter(s -> s.matches("[0-9A-Fa-f]{12}")).map(s -> s.toLowerCase(Locale.ROOT));
    }

    private List<Step> plan(String peer, Frame frame, List<Twin> panels) throws Refused {
        List<Step> steps = new ArrayList<>();
        if (frame.data() == null) {
            return steps; // a send-data without data: the device's link test
        }
        Map<Integer, Twin> byNumber = new LinkedHashMap<>();
        for (Twin p : panels) {
            p.get(JsonPointer.of(Twin.ATTRIBUTES, "panelNumber")).filter(JsonNode::canConvertToInt)
                    .ifPresent(n -> byNumber.putIfAbsent(n.asInt(), p));
        }
        for (InfoObject o : frame.data().objects()) {
            Twin panel = byNumber.get(o.systemAddress());
            if (panel == null) {
                throw new Refused(UNKNOWN_PANEL, "transmitter " + frame.source().hex() + " has no panel number "
                        + o.systemAddress() + " (registered: " + byNumber.keySet() + ")");
            }
            if (o instanceof ComponentStatus c) {
                detector(peer, panel, c).ifPresent(d -> steps.add(new DetectorStep(panel, d, c)));
            } else if (o instanceof SystemStatus s) {
                steps.add(new PanelStep(panel, s));
            } else if (o instanceof OperationInfo op) {
                // A reset or silence at the panel is recorded by the panel; it never closes an alarm here.
                LOG.info("panel {} operation flags {} by operator {} at {}", panel.id(),
                        Integer.toBinaryString(op.flags()), op.operator(), op.time());
            }
        }
        return steps;
    }

    /** The detector at the component's loop and address in the panel's organisation. */
    private Optional<Twin> detector(String peer, Twin panel, ComponentStatus c) {
        // All the panel's detectors in one search the first time, rather than one search per detector first heard;
        // one not among them is searched for itself (registered a moment ago, its event still on its way, or none).
        Caller me = registry.identity();
        String ofPanel = "eq(definition,\"" + DETECTOR_MODEL + "\"),eq(attributes/panel,"
                + Searches.quote(panel.id().toString()) + ")";
        List<Twin> found = directory.get("and(" + ofPanel + ")", () -> all(me, "and(" + ofPanel + ")"),
                PanelGateway::byPoint, Map.<String, List<Twin>>of()).getOrDefault(point(c.loop(), c.point()), List.of());
        if (found.isEmpty()) {
            found = all(me, "and(" + ofPanel + ",eq(attributes/loop," + c.loop() + "),eq(attributes/address,"
                    + c.point() + "))");
        }
        Twin mine = null;
        for (Twin d : found) {
            if (!d.id().namespace().equals(panel.id().namespace())) {
                logOnce(peer, "detector.namespace", "detector " + d.id() + " names panel " + panel.id()
                        + " of another organisation: ignored");
            } else if (mine == null) {
                mine = d;
            } else {
                logOnce(peer, "detector.duplicate", "detectors " + mine.id() + " and " + d.id() + " both claim "
                        + panel.id() + " loop " + c.loop() + " address " + c.point() + ": the first is used");
            }
        }
        if (mine == null) {
            logOnce(peer, "detector.unknown", "panel " + panel.id() + " has no detector at loop " + c.loop()
                    + " address " + c.point() + ": its status is not recorded");
        }
        return Optional.ofNullable(mine);
    }

    private void applyDetector(Instant now, DetectorStep step) {
        Caller me = registry.identity();
        ComponentStatus c = step.status();
        Twin d = step.detector();
        ObjectNode props = NODES.objectNode()
                .put("fire", c.has(ComponentStatus.FIRE))
                .put("fault", c.has(ComponentStatus.FAULT) || c.has(ComponentStatus.POWER_FAULT))
                .put("disabled", c.has(ComponentStatus.DISABLED))
                .put("supervisory", c.has(ComponentStatus.SUPERVISORY))
                .put("timestamp", c.time().atZone(zone).toOffsetDateTime().toString());
        registry.merge(me, d.id(), JsonPointer.empty(), status(props), WriteCondition.NONE);
        ObjectNode details = null;
        String[][] kinds = {
            {FIRE, "fire", "火警"}, {FAULT, "fault", "故障"}, {SUPERVISORY, "supervisory", "监管"},
            {DISABLED, "disabled", "屏蔽"}};
        Severity[] severities = {Severity.CRITICAL, Severity.MAJOR, Severity.WARNING, Severity.INFO};
        for (int i = 0; i < kinds.length; i++) {
            if (props.get(kinds[i][1]).asBoolean()) {
                if (details == null) {
                    details = details(me, step.panel(), d, c);
                }
                alarms.raise(me, new AlarmCondition(d.id(), kinds[i][0], LINE, severities[i],
                        kinds[i][2] + ": " + name(d), kinds[i][2] + " at " + name(step.panel()) + " loop " + c.loop()
                        + " address " + c.point() + (c.description().isEmpty() ? "" : " (" + c.description() + ")"),
                        now, details.deepCopy()));
            } else {
                alarms.normal(me, d.id(), kinds[i][0], now);
            }
        }
    }

    private void applyPanel(Instant now, PanelStep step) {
        Caller me = registry.identity();
        SystemStatus s = step.status();
        ObjectNode props = NODES.objectNode()
                .put("fire", s.has(SystemStatus.FIRE))
                .put("fault", s.has(SystemStatus.FAULT))
                .put("disabled", s.has(SystemStatus.DISABLED))
                .put("supervisory", s.has(SystemStatus.SUPERVISORY))
                .put("mainPowerFault", s.has(SystemStatus.MAIN_POWER_FAULT))
                .put("backupPowerFault", s.has(SystemStatus.BACKUP_POWER_FAULT))
                .put("busFault", s.has(SystemStatus.BUS_FAULT))
                .put("test", !s.has(SystemStatus.NORMAL))
                .put("timestamp", s.time().atZone(zone).toOffsetDateTime().toString());
        Twin panel = step.panel();
        registry.merge(me, panel.id(), JsonPointer.empty(), status(props), WriteCondition.NONE);
        boolean fault = s.has(SystemStatus.FAULT) || s.has(SystemStatus.MAIN_POWER_FAULT)
                || s.has(SystemStatus.BACKUP_POWER_FAULT) || s.has(SystemStatus.BUS_FAULT);
        if (fault) {
            ObjectNode details = NODES.objectNode().put("panel", panel.id().toString())
                    .put("mainPowerFault", s.has(SystemStatus.MAIN_POWER_FAULT))
                    .put("backupPowerFault", s.has(SystemStatus.BACKUP_POWER_FAULT))
                    .put("busFault", s.has(SystemStatus.BUS_FAULT));
            panel.parent().ifPresent(r -> details.put("room", r));
            List<String> what = new ArrayList<>();
            if (s.has(SystemStatus.MAIN_POWER_FAULT)) {
                what.add("主电故障");
            }
            if (s.has(SystemStatus.BACKUP_POWER_FAULT)) {
                what.add("备电故障");
            }
            if (s.has(SystemStatus.BUS_FAULT)) {
                what.add("总线故障");
            }
            alarms.raise(me, new AlarmCondition(panel.id(), FAULT, LINE, Severity.MAJOR, "故障: " + name(panel),
                    what.isEmpty() ? "panel reports a fault" : String.join(", ", what), now, details));
        } else {
            alarms.normal(me, panel.id(), FAULT, now);
        }
    }

    /** {panel, loop, address, room, floor, cameras}: cameras in the detector's room, else on its floor. */
    private ObjectNode details(Caller me, Twin panel, Twin detector, ComponentStatus c) {
        ObjectNode details = NODES.objectNode().put("panel", panel.id().toString()).put("loop", c.loop())
                .put("address", c.point());
        if (!c.description().isEmpty()) {
            details.put("description", c.description());
        }
        if (!c.has(ComponentStatus.NORMAL)) {
            details.put("test", true); // status bit 0 clear: the component reports in test mode (测试状态)
        }
        Optional<String> room = detector.parent();
        Optional<String> floor = Optional.empty();
        if (room.isPresent()) {
            details.put("room", room.get());
            floor = parse(room.get()).flatMap(id -> registry.get(me, id)).flatMap(Twin::parent);
            floor.ifPresent(f -> details.put("floor", f));
        }
        List<Twin> cameras = room.map(r -> cameras(me, detector, r)).orElse(List.of());
        if (cameras.isEmpty() && floor.isPresent()) {
            cameras = cameras(me, detector, floor.get());
        }
        cameras.forEach(t -> details.withArray("cameras").add(t.id().toString()));
        if (cameras.isEmpty()) {
            details.putArray("cameras");
        }
        return details;
    }

    private List<Twin> cameras(Caller me, Twin detector, String parent) {
        return known(me, "and(eq(definition,\"" + CAMERA_MODEL + "\"),eq(attributes/parent," + Searches.quote(parent)
                + "))")
                .stream().filter(t -> t.id().namespace().equals(detector.id().namespace())).toList();
    }

    private List<Twin> panelsOf(String transmitter) {
        String upper = transmitter.toUpperCase(Locale.ROOT);
        return known(registry.identity(), "and(eq(definition,\"" + PANEL_MODEL + "\"),in(attributes/transmitter,\""
                + transmitter + "\",\"" + upper + "\"))");
    }

    /** The twins {@code filter} finds, through the directory: a search only when it does not know them. */
    private List<Twin> known(Caller me, String filter) {
        return directory.get(filter, () -> all(me, filter));
    }

    private List<Twin> all(Caller me, String filter) {
        return Searches.all(search, me, filter);
    }

    private void alive(Instant now, String peer, String transmitter, List<Twin> panels) {
        Link l = links.computeIfAbsent(transmitter, k -> new Link());
        l.peer = peer;
        l.connected = true;
        l.lastFrame = now;
        l.ok.incrementAndGet();
        for (Twin p : panels) {
            if (linkDown.remove(p.id())) {
                alarms.normal(registry.identity(), p.id(), LINK, now);
            }
        }
    }

    private Outcome reject(Instant now, String peer, Address source, String reason, String message, byte[] reply) {
        reasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
        Link l = source == null ? null : links.get(source.hex());
        if (l == null && source != null && !panelsOf(source.hex()).isEmpty()) {
            l = links.computeIfAbsent(source.hex(), k -> new Link());
        }
        (l == null ? unattributed : l).reject(new Rejection(now, peer, reason, message));
        logOnce(peer, reason, message);
        return new Outcome(reply, reason, message);
    }

    private void logOnce(String peer, String reason, String message) {
        if (logged.size() > MAX_LOGGED) {
            logged.clear();
        }
        if (logged.add(peer + "|" + reason)) {
            LOG.warn("panel gateway, peer {}: {}: {} (further '{}' from this peer are counted, not logged)", peer,
                    reason, message, reason);
        }
    }

    private byte[] answer(Header received, Command command, Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.SECONDS);
        return Gbt26875.encode(Frame.answer(received, command, local));
    }

    private static ObjectNode status(ObjectNode props) {
        ObjectNode patch = NODES.objectNode();
        patch.putObject(Twin.FEATURES).putObject("status").set(Twin.PROPERTIES, props);
        return patch;
    }

    /** Detectors by "loop/address", for those whose loop and address are whole numbers; in thingId order. */
    private static Map<String, List<Twin>> byPoint(List<Twin> detectors) {
        Map<String, List<Twin>> out = new HashMap<>();
        for (Twin d : detectors) {
            Optional<Integer> loop = whole(d, "loop");
            Optional<Integer> address = whole(d, "address");
            if (loop.isPresent() && address.isPresent()) {
                out.computeIfAbsent(point(loop.get(), address.get()), k -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    private static String point(int loop, int address) {
        return loop + "/" + address;
    }

    /** Attribute {@code name} when it is a whole number that {@code eq(attributes/name,n)} matches. */
    private static Optional<Integer> whole(Twin t, String name) {
        return t.get(JsonPointer.of(Twin.ATTRIBUTES, name)).filter(JsonNode::isNumber)
                .filter(n -> n.canConvertToExactIntegral() && n.canConvertToInt()).map(JsonNode::asInt);
    }

    private static String name(Twin t) {
        return t.get(JsonPointer.of(Twin.ATTRIBUTES, "name")).map(JsonNode::asText).orElse(t.id().toString());
    }

    private static Optional<TwinId> parse(String id) {
        try {
            return Optional.of(TwinId.of(id));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
