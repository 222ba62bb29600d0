package org.dayuan.fleet.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.jtt808.Authenticate;
import org.dayuan.jtt808.Body;
import org.dayuan.jtt808.Frame;
import org.dayuan.jtt808.FrameException;
import org.dayuan.jtt808.FrameSplitter;
import org.dayuan.jtt808.Header;
import org.dayuan.jtt808.Heartbeat;
import org.dayuan.jtt808.Jtt808;
import org.dayuan.jtt808.Location;
import org.dayuan.jtt808.LocationBatch;
import org.dayuan.jtt808.Logout;
import org.dayuan.jtt808.Message;
import org.dayuan.jtt808.MessageIds;
import org.dayuan.jtt808.PacketAssembler;
import org.dayuan.jtt808.PlatformResponse;
import org.dayuan.jtt808.Reason;
import org.dayuan.jtt808.Register;
import org.dayuan.jtt808.RegisterResponse;
import org.dayuan.jtt808.TerminalResponse;
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
 * The gateway's decisions, without I/O: a piece of a connection's stream in, the answer to send back out, and its
 * effect on the one vehicle twin the terminal is bound to. Thread-safe: connections are served concurrently, the
 * pieces of one connection one after the other.
 *
 * <p>What is answered, and how:
 * <ul>
 * <li>0x0100 register: a terminal whose phone number is the {@code terminalId} of exactly one vehicle twin gets
 * 0x8100 result 0 with a fresh random authentication code; only a salted SHA-256 of the code is stored, with the
 * terminal's facts, in the vehicle's feature {@code terminal} (described by {@value #TERMINAL_MODEL}). Any other
 * number gets 0x8100 result 4 (no such terminal) and nothing changes.</li>
 * <li>0x0102 authenticate: the right code gets 0x8001 ok and binds the connection to that terminal and its vehicle;
 * a wrong one 0x8001 failure. Until then every other message gets 0x8001 failure and changes nothing, and once bound a
 * connection speaks for that terminal only: a frame with another number gets a failure too.</li>
 * <li>0x0002 heartbeat: ok. 0x0003 logout: ok, the connection is unbound and the vehicle offline.</li>
 * <li>0x0200 location: merged into {@code features/location/properties} (see {@link LocationWriter}); ok.
 * 0x0704 batch: its points in time order, one ok for the batch.</li>
 * <li>Sub-packets: each piece is answered ok as it comes; the piece that completes the message gets the message's
 * answer. Refused pieces (limits, disagreeing pieces) get result 2 and the message is dropped.</li>
 * <li>A message id this gateway does not handle: result 3 (unsupported). A body that does not follow its layout, or a
 * frame whose length field is wrong: result 2 (message error), since its header could be read.</li>
 * <li>A frame whose escaping or check code is wrong, or whose header cannot be read, is dropped without an answer.
 * The standard (2013 §4.4, 2019 §4.4) asks the receiver to verify the check code after unescaping and to drop a
 * frame that fails it; answering would mean trusting a header that failed the check. The terminal resends what is
 * not answered.</li>
 * </ul>
 * Every refusal changes nothing, is counted per terminal (or as unattributed), and is logged once per peer and reason.
 * The stream resynchronises at the next 0x7E, so a connection goes on serving the frames after a bad one.
 */
public final class FleetGateway implements AutoCloseable {
    static final String VEHICLE_MODEL = "dayuan:Vehicle:1.0.0";
    static final String TERMINAL_MODEL = "dayuan:VehicleTerminal:1.0.0";
    static final String TERMINAL = "terminal";
    static final String LOCATION = "location";
    /** Reasons beyond the codec's {@link Reason} codes. */
    static final String UNKNOWN_TERMINAL = "terminal.unknown";
    static final String UNAUTHENTICATED = "terminal.unauthenticated";
    static final String WRONG_CODE = "terminal.code";
    static final String OTHER_TERMINAL = "terminal.other";
    static final String INTERNAL = "gateway.internal";
    private static final int MAX_LOGGED = 10_000;
    private static final int CODE_LENGTH = 16;
    private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger LOG = LoggerFactory.getLogger(FleetGateway.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What to send back ({@code null}: nothing) and, for a refused piece, why. */
    public record Outcome(byte[] reply, String refused, String message) {
        boolean accepted() {
            return refused == null;
        }
    }

    /** Sub-packet limits of one connection. */
    public record Limits(int maxPackets, int maxPacketBytes, Duration packetTimeout) {
        static final int MAX_OPEN = 4;
    }

    /** One connection: its reassembly, and the terminal it authenticated as (null until then). */
    private static final class Session {
        final String peer;
        final PacketAssembler packets;
        String terminal;
        TwinId vehicle;
        int serial;

        Session(String peer, Limits limits) {
            this.peer = peer;
            this.packets = new PacketAssembler(limits.maxPackets(), limits.maxPacketBytes(), Limits.MAX_OPEN,
                    limits.packetTimeout());
        }

        int nextSerial() {
            int s = serial;
            serial = (serial + 1) & 0xFFFF;
            return s;
        }
    }

    /** A refusal found while handling a message: its reason, message and the result to answer with. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;
        final int result;

        Refused(String reason, int result, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.result = result;
        }
    }

    private final TwinRegistry registry;
    private final TerminalDirectory directory;
    private final LocationWriter writer;
    private final Clock clock;
    private final ZoneId zone;
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TerminalStats> stats = new ConcurrentHashMap<>();
    private final TerminalStats unattributed = new TerminalStats();
    private final ConcurrentMap<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public FleetGateway(TwinRegistry registry, TwinSearch search, TwinSubscriptions subscriptions, Clock clock,
                        ZoneId zone, Limits limits) {
        this.registry = registry;
        this.directory = new TerminalDirectory(search, subscriptions, registry.identity());
        this.writer = new LocationWriter(registry, zone);
        this.clock = clock;
        this.zone = zone;
        this.limits = limits;
    }

    /** Judges one piece of the stream of connection {@code peer}, applies it when good, never throws. */
    public Outcome receive(String peer, FrameSplitter.Piece piece) {
        Session s = sessions.computeIfAbsent(peer, p -> new Session(p, limits));
        synchronized (s) {
            Instant now = clock.instant();
            Header header = null;
            try {
                if (piece.refused() != null) {
                    return refuse(s, null, now, piece.refused().code(), piece.bytes().length + " bytes "
                            + (piece.refused() == Reason.TOO_LARGE ? "without a 0x7e, more than a frame may have"
                            : "before the first 0x7e"), -1);
                }
                Frame frame;
                try {
                    frame = Jtt808.decode(piece.bytes());
                } catch (FrameException e) {
                    header = e.header().orElse(null);
                    return refuse(s, header, now, e.reason().code(), e.getMessage(),
                            header == null ? -1 : PlatformResponse.MESSAGE_ERROR);
                }
                header = frame.header();
                return frame(s, frame, now);
            } catch (Refused r) {
                return refuse(s, header, now, r.reason, r.getMessage(), r.result);
            } catch (RuntimeException e) {
                // The registry refused (a grant edited, a model violation): not acknowledged, so the terminal sends it
                // again, and the operator sees why.
                LOG.warn("fleet gateway: a frame from {} could not be applied", peer, e);
                return refuse(s, header, now, INTERNAL, String.valueOf(e.getMessage()),
                        header == null ? -1 : PlatformResponse.FAILURE);
            }
        }
    }

    private Outcome frame(Session s, Frame frame, Instant now) throws Refused {
        Header h = frame.header();
        boolean opening = h.msgId() == MessageIds.REGISTER || h.msgId() == MessageIds.AUTHENTICATE;
        if (!opening) {
            checkBound(s, h);
        } else if (s.terminal != null && !s.terminal.equals(h.terminal())) {
            throw new Refused(OTHER_TERMINAL, PlatformResponse.FAILURE, "this connection is terminal " + s.terminal
                    + ", not " + h.terminal());
        }
        if (h.packet() == null) {
            return message(s, frame, h, now);
        }
        Optional<Frame> whole;
        try {
            whole = s.packets.accept(frame, now);
        } catch (FrameException e) {
            throw new Refused(e.reason().code(), PlatformResponse.MESSAGE_ERROR, e.getMessage());
        }
        if (whole.isEmpty()) {
            accepted(s, h, now);
            return answer(s, h, PlatformResponse.OK);
        }
        return message(s, whole.get(), h, now);
    }

    /** Handles a whole message; {@code answered} is the frame that gets the answer (the last piece, if in pieces). */
    private Outcome message(Session s, Frame frame, Header answered, Instant now) throws Refused {
        Message m;
        try {
            m = Jtt808.message(frame);
        } catch (FrameException e) {
            throw new Refused(e.reason().code(), e.reason() == Reason.UNSUPPORTED ? PlatformResponse.UNSUPPORTED
                    : PlatformResponse.MESSAGE_ERROR, e.getMessage());
        }
        Header h = m.header();
        Body body = m.body();
        if (body instanceof Register r) {
            return register(s, h, r, answered, now);
        }
        if (body instanceof Authenticate a) {
            return authenticate(s, h, a, answered, now);
        }
        if (body instanceof TerminalResponse) {
            accepted(s, h, now);
            return new Outcome(null, null, null); // the answer to a platform message: not answered itself
        }
        if (body instanceof Heartbeat) {
            accepted(s, h, now);
            return answer(s, answered, PlatformResponse.OK);
        }
        if (body instanceof Logout) {
            TwinId vehicle = s.vehicle;
            unbind(s);
            writer.offline(vehicle);
            accepted(s, h, now);
            return answer(s, answered, PlatformResponse.OK);
        }
        if (body instanceof Location l) {
            writer.write(s.vehicle, List.of(l), now);
            accepted(s, h, now);
            return answer(s, answered, PlatformResponse.OK);
        }
        if (body instanceof LocationBatch b) {
            List<Location> points = new ArrayList<>(b.locations());
            points.sort(Comparator.comparing(Location::time));
            writer.write(s.vehicle, points, now);
            accepted(s, h, now);
            return answer(s, answered, PlatformResponse.OK);
        }
        throw new Refused(Reason.UNSUPPORTED.code(), PlatformResponse.UNSUPPORTED, String.format(
                "message 0x%04x is the platform's, not a terminal's", h.msgId()));
    }

    private Outcome register(Session s, Header h, Register r, Header answered, Instant now) throws Refused {
        TerminalDirectory.Lookup found = directory.lookup(h.phone());
        if (found.vehicle() == null) {
            return refuse(s, h, now, UNKNOWN_TERMINAL, "registration refused: " + found.problem(), -1,
                    registerAnswer(s, answered, RegisterResponse.NO_SUCH_TERMINAL, null));
        }
        String code = code();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        ObjectNode props = NODES.objectNode()
                .put("protocol", h.v2019() ? "2019" : "2013")
                .put("phone", h.terminal())
                .put("province", r.province())
                .put("city", r.city())
                .put("manufacturer", r.manufacturer())
                .put("model", r.model())
                .put("terminalId", r.terminalId())
                .put("plateColour", r.plateColour())
                .put("plate", r.plate())
                .put("authSalt", HexFormat.of().formatHex(salt))
                .put("authHash", hash(salt, code))
                .put("registeredAt", LocationWriter.iso(OffsetDateTime.ofInstant(now, zone)));
        // A feature model by its "dayuan:kind": the platform's Vehicle model cannot link a model of this bundle
        ObjectNode feature = NODES.objectNode();
        feature.putArray(Twin.DEFINITION).add(TERMINAL_MODEL);
        feature.set(Twin.PROPERTIES, props);
        registry.put(me(), found.vehicle(), JsonPointer.of(Twin.FEATURES, TERMINAL), feature, WriteCondition.NONE);
        if (h.terminal().equals(s.terminal)) {
            unbind(s); // the old code is void: this connection authenticates again with the new one
        }
        accepted(s, h, now);
        return registerAnswer(s, answered, RegisterResponse.OK, code);
    }

    private Outcome authenticate(Session s, Header h, Authenticate a, Header answered, Instant now) throws Refused {
        TerminalDirectory.Lookup found = directory.lookup(h.phone());
        if (found.vehicle() == null) {
            throw new Refused(UNKNOWN_TERMINAL, PlatformResponse.FAILURE, "authentication refused: " + found.problem());
        }
        if (s.terminal != null && !s.terminal.equals(h.terminal())) {
            throw new Refused(OTHER_TERMINAL, PlatformResponse.FAILURE, "this connection is terminal " + s.terminal
                    + ", not " + h.terminal());
        }
        Twin vehicle = registry.get(me(), found.vehicle()).orElseThrow(() -> new Refused(UNKNOWN_TERMINAL,
                PlatformResponse.FAILURE, "vehicle " + found.vehicle() + " is gone"));
        Optional<JsonNode> props = vehicle.get(JsonPointer.of(Twin.FEATURES, TERMINAL, Twin.PROPERTIES));
        String salt = props.map(p -> p.path("authSalt").asText("")).orElse("");
        String hash = props.map(p -> p.path("authHash").asText("")).orElse("");
        if (salt.isEmpty() || hash.isEmpty()) {
            throw new Refused(WRONG_CODE, PlatformResponse.FAILURE, "terminal " + h.terminal()
                    + " has not registered: no authentication code on " + found.vehicle());
        }
        byte[] saltBytes;
        try {
            saltBytes = HexFormat.of().parseHex(salt);
        } catch (IllegalArgumentException e) {
            throw new Refused(WRONG_CODE, PlatformResponse.FAILURE, "the stored code of " + found.vehicle()
                    + " is unreadable; the terminal registers again");
        }
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hash(saltBytes, a.code()).getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused(WRONG_CODE, PlatformResponse.FAILURE, "wrong authentication code for terminal "
                    + h.terminal());
        }
        s.terminal = h.terminal();
        s.vehicle = found.vehicle();
        ObjectNode facts = NODES.objectNode()
                .put("authenticatedAt", LocationWriter.iso(OffsetDateTime.ofInstant(now, zone)));
        if (a.imei() != null) {
            facts.put("imei", a.imei());
        }
        if (a.softwareVersion() != null) {
            facts.put("softwareVersion", a.softwareVersion());
        }
        registry.merge(me(), found.vehicle(), JsonPointer.of(Twin.FEATURES, TERMINAL, Twin.PROPERTIES), facts,
                WriteCondition.NONE);
        writer.online(found.vehicle());
        accepted(s, h, now);
        stats.get(h.terminal()).authenticated(true);
        return answer(s, answered, PlatformResponse.OK);
    }

    /** Refuses a frame of a connection that is not bound to the frame's terminal. */
    private void checkBound(Session s, Header h) throws Refused {
        if (s.terminal == null) {
            throw new Refused(UNAUTHENTICATED, PlatformResponse.FAILURE, String.format(
                    "message 0x%04x from terminal %s before it authenticated", h.msgId(), h.terminal()));
        }
        if (!s.terminal.equals(h.terminal())) {
            throw new Refused(OTHER_TERMINAL, PlatformResponse.FAILURE, "this connection is terminal " + s.terminal
                    + ", not " + h.terminal());
        }
    }

    private void unbind(Session s) {
        if (s.terminal != null) {
            TerminalStats t = stats.get(s.terminal);
            if (t != null) {
                t.authenticated(false);
            }
        }
        s.terminal = null;
        s.vehicle = null;
    }

    @Override
    public void close() {
        directory.close();
    }

    /** The connection of {@code peer} closed (the terminal, an error or the idle timeout): its vehicle is offline. */
    public void disconnected(String peer) {
        Session s = sessions.remove(peer);
        if (s == null) {
            return;
        }
        synchronized (s) {
            String terminal = s.terminal;
            TwinId vehicle = s.vehicle;
            boolean last = false;
            for (Map.Entry<String, TerminalStats> e : stats.entrySet()) {
                boolean closed = e.getValue().closed(peer);
                last |= closed && e.getKey().equals(terminal);
            }
            if (vehicle != null && last) {
                try {
                    writer.offline(vehicle);
                } catch (RuntimeException e) {
                    LOG.warn("fleet gateway: {} could not be marked offline", vehicle, e);
                }
            }
        }
    }

    /** The counters of a terminal (phone number with or without leading zeros), once it sent a frame. */
    public Optional<TerminalStats> stats(String terminal) {
        return Optional.ofNullable(stats.get(Header.terminal(terminal)));
    }

    /** Refused pieces that no vehicle's terminal can be held to. */
    public TerminalStats unattributed() {
        return unattributed;
    }

    /** How many pieces were refused, by reason. */
    public Map<String, Long> refusals() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Connections open now. */
    public int connections() {
        return sessions.size();
    }

    private Caller me() {
        return registry.identity();
    }

    /** The stats of the frame's terminal when it is a vehicle's (never for numbers nobody registered). */
    private TerminalStats statsOf(Session s, Header h) {
        if (h == null) {
            return null;
        }
        TerminalStats t = stats.get(h.terminal());
        if (t == null && directory.lookup(h.phone()).vehicle() != null) {
            t = stats.computeIfAbsent(h.terminal(), k -> new TerminalStats());
        }
        if (t != null) {
            t.seen(s.peer);
        }
        return t;
    }

    private void accepted(Session s, Header h, Instant now) {
        TerminalStats t = statsOf(s, h);
        if (t != null) {
            t.accepted(now);
        }
    }

    private Outcome refuse(Session s, Header h, Instant now, String reason, String message, int result) {
        return refuse(s, h, now, reason, message, result, null);
    }

    /** Counts and logs a refusal; answers with 0x8001 {@code result}, or {@code reply}, or nothing (result -1). */
    private Outcome refuse(Session s, Header h, Instant now, String reason, String message, int result,
                           Outcome reply) {
        reasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
        TerminalStats t;
        try {
            t = statsOf(s, h);
        } catch (RuntimeException e) {
            t = null; // the search failed too: still answer
        }
        (t == null ? unattributed : t).refuse(new TerminalStats.Refusal(now, s.peer, reason, message));
        logOnce(s.peer, reason, message);
        byte[] bytes = reply != null ? reply.reply() : result < 0 || h == null ? null
                : Jtt808.encode(h.answer(MessageIds.PLATFORM_RESPONSE, s.nextSerial()), PlatformResponse.to(h, result));
        return new Outcome(bytes, reason, message);
    }

    private void logOnce(String peer, String reason, String message) {
        if (logged.size() > MAX_LOGGED) {
            logged.clear();
        }
        if (logged.add(peer + "|" + reason)) {
            LOG.warn("fleet gateway, peer {}: {}: {} (further '{}' from this peer are counted, not logged)", peer,
                    reason, message, reason);
        }
    }

    private Outcome answer(Session s, Header to, int result) {
        return new Outcome(Jtt808.encode(to.answer(MessageIds.PLATFORM_RESPONSE, s.nextSerial()),
                PlatformResponse.to(to, result)), null, null);
    }

    private Outcome registerAnswer(Session s, Header to, int result, String code) {
        return new Outcome(Jtt808.encode(to.answer(MessageIds.REGISTER_RESPONSE, s.nextSerial()),
                new RegisterResponse(to.serial(), result, code)), null, null);
    }

    private String code() {
        StringBuilder b = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            b.append(CODE_CHARS.charAt(random.nextInt(CODE_CHARS.length())));
        }
        return b.toString();
    }

    static String hash(byte[] salt, String code) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
