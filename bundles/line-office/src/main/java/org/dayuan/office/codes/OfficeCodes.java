package org.dayuan.office.codes;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.dayuan.office.OfficeRoom;
import org.dayuan.twin.Caller;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinSearch;

/**
 * 一房一码: the code of a campus, building, room or organisation, and the twin a code names.
 * <p>
 * A twin's {@code attributes/code} is its code whenever it has one: codes are printed and glued to doors, so the
 * one on record is never replaced by a computed one. A twin without one gets a code derived from its parent's code
 * (computed again at each read, never written: only a person, through the ledger or the twin API, fixes a code):
 * <ul>
 * <li>room: the code of its building (walking up from the floor), {@code -}, its {@code number} left-padded to four
 * digits ({@code 305} → {@code 0305}, the demo's convention), or the id's name when it has no number;</li>
 * <li>building: its campus's code, {@code -}, the id's name;</li>
 * <li>organisation: its parent's code, {@code -}, the id's name; with no parent, the whole id (an organisation's
 * real code is its unified social credit code, which only the state assigns);</li>
 * <li>campus: its {@code regionCode}, {@code -}, the id's name; without one, the whole id.</li>
 * </ul>
 * The id's name is upper-cased with every run of other characters than letters and digits as one {@code -}, so a
 * derived code is ASCII and stable as long as the id, the parent's code and the number are.
 */
public final class OfficeCodes {
    public static final String CAMPUS = "dayuan:Campus:1.0.0";
    private static final Pattern NOT_CODE = Pattern.compile("[^A-Z0-9]+");
    private static final int MAX_DEPTH = 6;

    /** What a code can name. */
    public enum Kind {
        CAMPUS("campus", OfficeCodes.CAMPUS), BUILDING("building", OfficeRoom.BUILDING),
        ROOM("room", OfficeRoom.DEFINITION), ORGANISATION("organisation", OfficeRoom.ORGANISATION);

        public final String label;
        public final String definition;

        Kind(String label, String definition) {
            this.label = label;
            this.definition = definition;
        }

        public static Optional<Kind> of(Twin twin) {
            String d = twin.definition().orElse("");
            for (Kind k : values()) {
                if (k.definition.equals(d)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** A twin with its code; {@code derived} when the code is computed, not on record. */
    public record Coded(Twin twin, Kind kind, String code, boolean derived) {
    }

    private final TwinRegistry registry;
    private final TwinSearch search;

    public OfficeCodes(TwinRegistry registry, TwinSearch search) {
        this.registry = registry;
        this.search = search;
    }

    /** Reads twins as one caller, each once: a sheet of forty rooms reads their floor and building once. */
    public Reader reader(Caller caller) {
        return new Reader(caller);
    }

    /**
     * The twin {@code code} names, as {@code caller} sees it. A code on record wins over a derived one that happens
     * to be equal. Codes are compared exactly, as printed.
     */
    public Optional<Coded> resolve(Caller caller, String code) {
        String kinds = definitions();
        List<Twin> onRecord = search.all(caller, "and(" + kinds + ",eq(attributes/code," + TwinSearch.literal(code)
                + "))");
        Reader reader = reader(caller);
        if (!onRecord.isEmpty()) {
            // two twins with one code is a data error; the first by thingId is the stable answer
            return reader.coded(onRecord.get(0));
        }
        // Derived codes are not stored, so a search cannot find them: derive those of the uncoded twins and compare.
        for (Twin t : search.all(caller, "and(" + kinds + ",not(exists(attributes/code)))")) {
            Optional<Coded> c = reader.coded(t);
            if (c.isPresent() && c.get().code().equals(code)) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static String definitions() {
        StringBuilder in = new StringBuilder("in(definition");
        for (Kind k : Kind.values()) {
            in.append(',').append(TwinSearch.literal(k.definition));
        }
        return in.append(')').toString();
    }

    static String token(String text) {
        String t = NOT_CODE.matcher(text.toUpperCase(Locale.ROOT)).replaceAll("-");
        return t.replaceAll("^-+|-+$", "");
    }

    /** A room number as the code's last part: digits padded to four, anything else as a token. */
    static String roomPart(String number) {
        String n = number.strip();
        if (n.matches("\\d{1,4}")) {
            return "0".repeat(4 - n.length()) + n;
        }
        return token(n);
    }

    /** The twins one caller sees, read once each. */
    public final class Reader {
        private final Caller caller;
        private final Map<TwinId, Optional<Twin>> twins = new HashMap<>();
        private final Map<TwinId, Optional<String>> codes = new HashMap<>();

        private Reader(Caller caller) {
            this.caller = caller;
        }

        public Optional<Twin> get(TwinId id) {
            return twins.computeIfAbsent(id, i -> registry.get(caller, i));
        }

        /** The twin's name, when the caller sees it. */
        public Optional<String> name(TwinId id) {
            return get(id).map(t -> text(t, "name").orElse(id.toString()));
        }

        /** The twin with its code; empty for a twin no code names (a floor, a device) or one without a code. */
        public Optional<Coded> coded(Twin twin) {
            Optional<Kind> kind = Kind.of(twin);
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> recorded = text(twin, "code");
            if (recorded.isPresent()) {
                return Optional.of(new Coded(twin, kind.get(), recorded.get(), false));
            }
            return code(twin, 0).map(c -> new Coded(twin, kind.get(), c, true));
        }

        private Optional<String> code(Twin twin, int depth) {
            Optional<String> recorded = text(twin, "code");
            if (recorded.isPresent() || depth > MAX_DEPTH) {
                return recorded;
            }
            Optional<String> memo = codes.get(twin.id());
            if (memo != null) {
                return memo;
            }
            Optional<String> derived = derive(twin, depth);
            codes.put(twin.id(), derived);
            return derived;
        }

        private Optional<String> derive(Twin twin, int depth) {
            String own = token(twin.id().name());
            Optional<Kind> kind = Kind.of(twin);
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            return switch (kind.get()) {
                case ROOM -> ancestor(twin, Kind.BUILDING, depth).flatMap(b -> code(b, depth + 1))
                        .map(b -> b + "-" + text(twin, "number").map(OfficeCodes::roomPart).orElse(own));
                case BUILDING -> ancestor(twin, Kind.CAMPUS, depth).flatMap(c -> code(c, depth + 1))
                        .map(c -> c + "-" + own);
                case ORGANISATION -> parent(twin).isEmpty() ? Optional.of(token(twin.id().toString()))
                        : parent(twin).flatMap(this::get).flatMap(p -> code(p, depth + 1)).map(p -> p + "-" + own);
                case CAMPUS -> Optional.of(text(twin, "regionCode").map(r -> token(r) + "-" + own)
                        .orElse(token(twin.id().toString())));
            };
        }

        private Optional<Twin> ancestor(Twin twin, Kind kind, int depth) {
            Optional<Twin> cur = parent(twin).flatMap(this::get);
            for (int i = depth; i <= MAX_DEPTH && cur.isPresent(); i++) {
                if (Kind.of(cur.get()).filter(kind::equals).isPresent()) {
                    return cur;
                }
                cur = parent(cur.get()).flatMap(this::get);
            }
            return Optional.empty();
        }

        private Optional<TwinId> parent(Twin twin) {
            return text(twin, "parent").flatMap(p -> {
                try {
                    return Optional.of(TwinId.of(p));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
        }
    }

    static Optional<String> text(Twin twin, String attribute) {
        JsonNode v = twin.toJson().path(Twin.ATTRIBUTES).path(attribute);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
    }
}
