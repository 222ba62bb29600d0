package org.dayuan.office.codes;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.alarms.Alarms;
import org.dayuan.http.kit.Http;
import org.dayuan.http.kit.JsonServlet;
import org.dayuan.office.OfficeRoom;
import org.dayuan.office.standards.Standards;
import org.dayuan.office.standards.StandardsSource;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.ErrorCode;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * 一房一码 over HTTP, read as the caller (a twin the caller cannot see is a 404 like an unknown one):
 * <ul>
 * <li>{@code GET /api/dayuan/office/codes/{code}}: the twin a code names, {@code {thingId, kind, name, code,
 * derived, cardUrl}};</li>
 * <li>{@code GET /api/dayuan/office/rooms/{thingId}}: the room card (see {@link RoomCard});</li>
 * <li>{@code GET /api/dayuan/office/rooms/{thingId}/qr.png?size=}: the QR code of the room's card URL;</li>
 * <li>{@code GET /api/dayuan/office/floors/{thingId}/codes.html} and {@code .../buildings/{thingId}/codes.html}: the
 * printable sheet of the labels of every room of the floor (of the building, a page per floor).</li>
 * </ul>
 * A card URL is {@code <publicUrl>/#/room/<thingId>}, the console's room page.
 */
@Component(service = Servlet.class, configurationPid = "org.dayuan.office.codes")
@Designate(ocd = CodesConfig.class)
@HttpWhiteboardServletName("dayuan-office-codes")
@HttpWhiteboardServletPattern({"/api/dayuan/office/codes/*", "/api/dayuan/office/rooms/*",
        "/api/dayuan/office/floors/*", "/api/dayuan/office/buildings/*"})
public final class CodesServlet extends JsonServlet {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "/api/dayuan/office";
    static final String QR = "/qr.png";
    static final String SHEET = "/codes.html";
    /** What a Host header may hold: a name or address and a port; anything else would be written into labels. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");
    private static final Pattern PUBLIC_URL = Pattern.compile("https?://[^\\s/?#]+");

    public static final ErrorCode NOT_A_ROOM = new ErrorCode("office:twin.notroom", 404,
            "QR codes and room cards are for rooms (dayuan:Room:1.0.0); open a building or floor in the console.");
    public static final ErrorCode NOT_A_FLOOR = new ErrorCode("office:twin.notfloor", 404,
            "Code sheets are printed per floor (dayuan:Floor:1.0.0) or per building (dayuan:Building:1.0.0).");

    private final transient OfficeCodes codes;
    private final transient TwinSearch search;
    private final transient Alarms alarms;
    private final transient Supplier<Optional<Standards>> standards;
    private final String publicUrl;
    private final int defaultSize;
    private final int maxSize;
    private transient volatile StandardsSource source;

    @Activate
    public CodesServlet(@Reference TwinRegistry registry, @Reference TwinSearch search, @Reference Alarms alarms,
                        CodesConfig config) {
        this(new OfficeCodes(registry, search), search, alarms, null, config.publicUrl(), config.qr_size(),
                config.qr_maxSize());
    }

    /** {@code standards} null: the one the line registers, when it has (see {@link #bindStandards}). */
    CodesServlet(OfficeCodes codes, TwinSearch search, Alarms alarms, Supplier<Optional<Standards>> standards,
                 String publicUrl, int defaultSize, int maxSize) {
        this.codes = codes;
        this.search = search;
        this.alarms = alarms;
        this.standards = standards != null ? standards
                : () -> Optional.ofNullable(source).map(StandardsSource::get);
        String url = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
        if (!url.isEmpty() && !PUBLIC_URL.matcher(url).matches()) {
            throw new IllegalArgumentException("publicUrl must be http(s)://host[:port] without a path, not '"
                    + publicUrl + "'.");
        }
        this.publicUrl = url;
        this.maxSize = Math.max(64, maxSize);
        this.defaultSize = Math.max(64, Math.min(defaultSize, this.maxSize));
    }

    // The card works without a standard (entitlement unknown), so the servlet does not wait for one.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStandards(StandardsSource s) {
        source = s;
    }

    void unbindStandards(StandardsSource s) {
        if (source == s) {
            source = null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Caller caller = Http.caller(req);
        String collection = req.getServletPath() == null ? "" : req.getServletPath();
        String rest = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("^/+", "");
        if (rest.isEmpty()) {
            throw notFound(req);
        }
        switch (collection) {
            case PREFIX + "/codes" -> code(req, resp, caller, rest);
            case PREFIX + "/rooms" -> {
                if (rest.endsWith(QR)) {
                    qr(req, resp, caller, id(rest.substring(0, rest.length() - QR.length()), req));
                } else if (rest.contains("/")) {
                    throw notFound(req);
                } else {
                    card(req, resp, caller, TwinId.of(rest));
                }
            }
            case PREFIX + "/floors", PREFIX + "/buildings" -> {
                if (!rest.endsWith(SHEET)) {
                    throw notFound(req);
                }
                sheet(req, resp, caller, id(rest.substring(0, rest.length() - SHEET.length()), req));
            }
            default -> throw notFound(req);
        }
    }

    private void code(HttpServletRequest req, HttpServletResponse resp, Caller caller, String code) throws IOException {
        OfficeCodes.Coded c = codes.resolve(caller, code).orElseThrow(() -> ErrorCode.RESOURCE_NOT_FOUND.exception(
                "No building, room, organisation or campus you can see has the code '" + code + "'.",
                "Check the code as printed; codes are compared exactly, upper case."));
        ObjectNode out = Http.MAPPER.createObjectNode()
                .put("thingId", c.twin().id().toString())
                .put("kind", c.kind().label)
                .put("name", OfficeCodes.text(c.twin(), "name").orElse(c.twin().id().toString()))
                .put("code", c.code())
                .put("derived", c.derived())
                .put("cardUrl", cardUrl(req, c.twin().id()));
        Http.writeJson(resp, 200, out);
    }

    private void card(HttpServletRequest req, HttpServletResponse resp, Caller caller, TwinId id) throws IOException {
        OfficeCodes.Reader reader = codes.reader(caller);
        OfficeCodes.Coded room = room(reader, id);
        List<Twin> open = alarms.openAlarms(caller, "office.").stream()
                .filter(a -> OfficeCodes.text(a, "source").filter(id.toString()::equals).isPresent()).toList();
        resp.setHeader("Cache-Control", "private, no-cache");
        Http.writeJson(resp, 200, RoomCard.of(room, reader, standards.get(), open, cardUrl(req, id)));
    }

    private void qr(HttpServletRequest req, HttpServletResponse resp, Caller caller, TwinId id) throws IOException {
        room(codes.reader(caller), id);
        int size = size(req);
        String url = cardUrl(req, id);
        // The image depends on the URL and size alone; a changed publicUrl or host changes the tag.
        String etag = "\"" + sha256(url + "|" + size) + "\"";
        resp.setHeader("ETag", etag);
        // private: whether the room exists is the caller's view; an hour: the URL of a room does not change
        resp.setHeader("Cache-Control", "private, max-age=3600");
        String match = req.getHeader("If-None-Match");
        if (match != null && (match.contains(etag) || match.strip().equals("*"))) {
            resp.setStatus(304);
            return;
        }
        byte[] png = QrPng.encode(url, size);
        resp.setStatus(200);
        resp.setContentType("image/png");
        resp.setContentLength(png.length);
        resp.getOutputStream().write(png);
    }

    private void sheet(HttpServletRequest req, HttpServletResponse resp, Caller caller, TwinId id) throws IOException {
        OfficeCodes.Reader reader = codes.reader(caller);
        Twin twin = reader.get(id).orElseThrow(() -> ErrorCode.THING_NOT_FOUND.exception(
                "The thing with ID '" + id + "' could not be found or you may not see it."));
        String definition = twin.definition().orElse("");
        boolean building = req.getServletPath().endsWith("/buildings");
        String wanted = building ? OfficeRoom.BUILDING : OfficeRoom.FLOOR;
        if (!definition.equals(wanted)) {
            throw NOT_A_FLOOR.exception("The twin " + id + " is " + (definition.isEmpty() ? "without definition"
                    : definition) + ", not a " + (building ? "building" : "floor") + ".");
        }
        List<Twin> floors = building
                ? search.descendants(caller, id, "eq(definition," + TwinSearch.literal(OfficeRoom.FLOOR) + ")", 1)
                        .stream().sorted(Comparator.comparingDouble(CodesServlet::floorNumber)
                                .thenComparing(t -> t.id().toString())).toList()
                : List.of(twin);
        List<CodeSheet.Section> sections = new ArrayList<>();
        for (Twin floor : floors) {
            List<CodeSheet.Label> labels = new ArrayList<>();
            for (Twin r : roomsOf(caller, floor.id())) {
                Optional<OfficeCodes.Coded> coded = reader.coded(r);
                OfficeRoom room = OfficeRoom.of(r);
                labels.add(new CodeSheet.Label(room.number().orElse(""), room.name(),
                        coded.map(OfficeCodes.Coded::code).orElse(""),
                        room.organisation().flatMap(reader::name).orElse(""), cardUrl(req, r.id())));
            }
            sections.add(new CodeSheet.Section(title(reader, floor), labels));
        }
        byte[] html = CodeSheet.html("一房一码 " + title(reader, twin), sections).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/html;charset=utf-8");
        resp.setHeader("Cache-Control", "private, no-cache");
        resp.setContentLength(html.length);
        resp.getOutputStream().write(html);
    }

    /** The rooms on a floor the caller sees, by number (numerically when both are numbers), then thingId. */
    private List<Twin> roomsOf(Caller caller, TwinId floor) {
        return search.descendants(caller, floor, "eq(definition," + TwinSearch.literal(OfficeRoom.DEFINITION) + ")", 1)
                .stream().sorted(BY_NUMBER).toList();
    }

    static final Comparator<Twin> BY_NUMBER = Comparator
            .comparing((Twin t) -> OfficeCodes.text(t, "number").orElse(""), CodesServlet::compareNumbers)
            .thenComparing(t -> t.id().toString());

    static int compareNumbers(String a, String b) {
        boolean an = a.matches("\\d{1,9}");
        boolean bn = b.matches("\\d{1,9}");
        if (an && bn) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return an != bn ? (an ? -1 : 1) : a.compareTo(b);
    }

    private static double floorNumber(Twin floor) {
        return floor.toJson().path(Twin.ATTRIBUTES).path("number").asDouble(Double.MAX_VALUE);
    }

    private static String title(OfficeCodes.Reader reader, Twin twin) {
        String name = OfficeCodes.text(twin, "name").orElse(twin.id().toString());
        return OfficeCodes.text(twin, "parent").flatMap(p -> {
            try {
                return reader.name(TwinId.of(p)).filter(n -> !name.startsWith(n));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }).map(p -> p + " " + name).orElse(name);
    }

    private static OfficeCodes.Coded room(OfficeCodes.Reader reader, TwinId id) {
        Twin twin = reader.get(id).orElseThrow(() -> ErrorCode.THING_NOT_FOUND.exception(
                "The thing with ID '" + id + "' could not be found or you may not see it."));
        if (!OfficeRoom.isRoom(twin)) {
            throw NOT_A_ROOM.exception("The twin " + id + " is " + twin.definition().orElse("without definition")
                    + ", not a room: only rooms have a QR code and a room card.");
        }
        // every room has a code: its own, or one derived; a room without a building above it has none
        return reader.coded(twin).orElseGet(() -> new OfficeCodes.Coded(twin, OfficeCodes.Kind.ROOM, "", true));
    }

    private int size(HttpServletRequest req) {
        String text = req.getParameter("size");
        if (text == null || text.isBlank()) {
            return defaultSize;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 64 && n <= maxSize) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the answer below names the range
        }
        throw ErrorCode.PARAMETER_INVALID.exception("The parameter size must be a whole number of pixels from 64 to "
                + maxSize + ", not '" + text + "'.");
    }

    /** {@code <publicUrl>/#/room/<thingId>}, the thingId escaped for a fragment but its ':' kept, as people read it. */
    String cardUrl(HttpServletRequest req, TwinId id) {
        String base = publicUrl.isEmpty() ? requestBase(req) : publicUrl;
        String encoded = URLEncoder.encode(id.toString(), StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%3A", ":");
        return base + "/#/room/" + encoded;
    }

    private static String requestBase(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = req.getServerName() + (req.getServerPort() > 0 ? ":" + req.getServerPort() : "");
        }
        host = host.strip();
        if (!HOST.matcher(host).matches()) {
            throw ErrorCode.PARAMETER_INVALID.exception("The request's Host '" + host + "' is not a host name and port.",
                    "Send a valid Host header, or set publicUrl in etc/org.dayuan.office.codes.cfg.");
        }
        String scheme = req.getScheme() != null ? req.getScheme() : req.isSecure() ? "https" : "http";
        return scheme + "://" + host;
    }

    private static TwinId id(String text, HttpServletRequest req) {
        if (text.isEmpty()) {
            throw notFound(req);
        }
        return TwinId.of(text);
    }

    private static DayuanException notFound(HttpServletRequest req) {
        return ErrorCode.RESOURCE_NOT_FOUND.exception("The resource '" + req.getRequestURI() + "' does not exist.",
                "See GET /api/dayuan/office/codes/{code}, /rooms/{thingId}, /rooms/{thingId}/qr.png, "
                        + "/floors/{thingId}/codes.html and /buildings/{thingId}/codes.html.");
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
