package org.dayuan.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.Twin;
import org.dayuan.twin.TwinId;
import org.dayuan.twin.TwinRegistry;
import org.dayuan.twin.TwinWrite;
import org.dayuan.twin.WriteCondition;
import org.dayuan.twin.WriteResult;

/**
 * Imports the twins of one file all or nothing: every line is checked first, by the registry itself (models,
 * parents, organisations, existing twins), and only when none is refused are all of them written by one
 * {@link TwinRegistry#writeAll}, one journal commit. A refused file changes nothing and answers every refused line
 * (up to {@code maxErrors}) with its line number, thingId and the registry's error.
 *
 * <p>The check is the registry's {@link TwinRegistry#checkAll}, which plans and validates the batch as
 * {@code writeAll} would and writes nothing. Which line a refusal belongs to is known from the write conditions,
 * which the registry runs at the start of each write's planning; a refused line is taken out and the rest checked
 * again, so each refused line costs one more pass.
 *
 * <p>Twins whose {@code parent} is another twin of the same file are written after it, whatever their order in the
 * file, since the registry checks a parent exists when the child is written.
 */
public final class Importer {
    /** What happens to a twin that exists: refused ({@code create}), or replaced as a whole ({@code upsert}). */
    public enum Mode { CREATE, UPSERT }

    private final TwinRegistry registry;
    private final int maxErrors;

    /** @param registry the bundle's view of the registry; @param maxErrors the most refused lines one report lists */
    public Importer(TwinRegistry registry, int maxErrors) {
        this.registry = registry;
        this.maxErrors = maxErrors;
    }

    /**
     * Checks and (unless {@code dryRun}) writes {@code lines} as {@code caller}, whose origin the audit trail records.
     * Returns the answer as JSON and leaves it in {@code progress}: a summary, or {@link ImportErrors#FILE_REFUSED}'s
     * error JSON with {@code errors}. A failure of the file as a whole (the store down) is thrown, also changing
     * nothing.
     */
    public ObjectNode run(Caller caller, List<ImportLine> lines, Mode mode, boolean dryRun, ImportProgress progress) {
        caller.require(Caller.Access.WRITE, "import twins");
        progress.read.set(lines.size());
        progress.state(ImportProgress.State.VALIDATING);
        List<LineError> errors = new ArrayList<>();
        List<ImportLine> candidates = new ArrayList<>();
        Set<TwinId> seen = new HashSet<>();
        for (ImportLine line : lines) {
            if (!line.isOk()) {
                errors.add(new LineError(line.line(), line.thingId(), line.error()));
            } else if (!seen.add(line.id())) {
                errors.add(new LineError(line.line(), line.thingId(), ImportErrors.DUPLICATE.exception(
                        "The thingId '" + line.id() + "' is on an earlier line of the file too.")));
            } else {
                try {
                    caller.checkWrite(line.id(), JsonPointer.empty());
                    candidates.add(line);
                } catch (DayuanException e) {
                    errors.add(new LineError(line.line(), line.thingId(), e));
                }
            }
        }
        List<ImportLine> order = parentsFirst(candidates);
        int[] current = {-1};
        check(caller, order, mode, current, errors, progress);
        if (!errors.isEmpty()) {
            return refused(progress, lines.size(), errors);
        }
        progress.validated.set(lines.size());
        if (dryRun) {
            ObjectNode summary = summary(mode, true, lines.size(), 0, 0);
            progress.finish(ImportProgress.State.DONE, summary);
            return summary;
        }
        progress.state(ImportProgress.State.WRITING);
        List<WriteResult> results;
        current[0] = -1;
        try {
            results = registry.writeAll(caller, writes(order, mode, current, null));
        } catch (DayuanException e) {
            // Changed between the check and the write (another writer): still nothing of the file was written.
            if (current[0] < 0) {
                throw e;
            }
            ImportLine line = order.get(current[0]);
            return refused(progress, lines.size(), List.of(new LineError(line.line(), line.thingId(), e)));
        }
        int created = (int) results.stream().filter(WriteResult::created).count();
        progress.written.set(results.size());
        ObjectNode summary = summary(mode, false, lines.size(), created, results.size() - created);
        progress.finish(ImportProgress.State.DONE, summary);
        return summary;
    }

    private void check(Caller caller, List<ImportLine> order, Mode mode, int[] current, List<LineError> errors,
            ImportProgress progress) {
        List<ImportLine> left = new ArrayList<>(order);
        while (!left.isEmpty()) {
            if (errors.size() >= maxErrors) {
                for (ImportLine line : left) {
                    errors.add(new LineError(line.line(), line.thingId(), ImportErrors.NOT_CHECKED.exception(
                            "The line was not checked: the report stops at " + maxErrors + " refused lines.")));
                }
                return;
            }
            current[0] = -1;
            try {
                registry.checkAll(caller, writes(left, mode, current, progress));
                return;
            } catch (DayuanException e) {
                if (current[0] < 0) {
                    throw e;
                }
                ImportLine line = left.remove(current[0]);
                errors.add(new LineError(line.line(), line.thingId(), e));
            }
        }
    }

    /**
     * One write per line, each condition noting its index in {@code current} as the registry reaches it, and with
     * {@code progress} (a checking pass) its validated count too.
     */
    private static List<TwinWrite> writes(List<ImportLine> lines, Mode mode, int[] current, ImportProgress progress) {
        List<TwinWrite> writes = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ImportLine line = lines.get(i);
            TwinWrite write = mode == Mode.CREATE ? TwinWrite.create(line.id(), line.thing())
                    : TwinWrite.put(line.id(), JsonPointer.empty(), line.thing());
            WriteCondition own = write.condition();
            int index = i;
            writes.add(write.when((twin, value) -> {
                current[0] = index;
                if (progress != null) {
                    progress.validated.set(index);
                }
                own.check(twin, value);
            }));
        }
        return writes;
    }

    /** The lines in file order, except that a twin whose parent is in the file comes after its parent. */
    static List<ImportLine> parentsFirst(List<ImportLine> lines) {
        Map<TwinId, ImportLine> byId = new HashMap<>();
        lines.forEach(l -> byId.put(l.id(), l));
        List<ImportLine> out = new ArrayList<>(lines.size());
        Set<TwinId> placed = new HashSet<>();
        for (ImportLine line : lines) {
            // Walk up to the highest ancestor not yet placed, then place the chain top down; a cycle stops the walk
            // and is left for the registry to refuse.
            List<ImportLine> chain = new ArrayList<>();
            Set<TwinId> onChain = new HashSet<>();
            ImportLine at = line;
            while (at != null && !placed.contains(at.id()) && onChain.add(at.id())) {
                chain.add(at);
                at = parentOf(at).map(byId::get).orElse(null);
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                placed.add(chain.get(i).id());
                out.add(chain.get(i));
            }
        }
        return out;
    }

    private static java.util.Optional<TwinId> parentOf(ImportLine line) {
        JsonNode attributes = line.thing().get(Twin.ATTRIBUTES);
        JsonNode parent = attributes == null ? null : attributes.get(Twin.PARENT);
        if (parent == null || !parent.isTextual()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(TwinId.of(parent.asText()));
        } catch (DayuanException e) {
            return java.util.Optional.empty();
        }
    }

    private static ObjectNode summary(Mode mode, boolean dryRun, int lines, int created, int replaced) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        json.put("dryRun", dryRun);
        json.put("lines", lines);
        json.put("created", created);
        json.put("replaced", replaced);
        return json;
    }

    private static ObjectNode refused(ImportProgress progress, int lines, List<LineError> errors) {
        List<LineError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(LineError::line));
        long listed = sorted.stream().filter(e -> e.error().errorCode() != ImportErrors.NOT_CHECKED).count();
        ObjectNode json = ImportErrors.FILE_REFUSED.exception(listed + " of " + lines + " lines "
                + (listed == 1 ? "is" : "are") + " refused; nothing was imported.").toJson();
        json.put("lines", lines);
        ArrayNode list = json.putArray("errors");
        sorted.forEach(e -> list.add(e.toJson()));
        progress.finish(ImportProgress.State.REFUSED, json);
        return json;
    }

    /** One refused line: where, which twin, and the error as the registry or the parser gave it. */
    record LineError(int line, String thingId, DayuanException error) {
        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("line", line);
            if (thingId == null) {
                json.putNull("thingId");
            } else {
                json.put("thingId", thingId);
            }
            json.put("status", error.status());
            json.put("error", error.errorCode().code());
            json.put("message", error.getMessage());
            return json;
        }
    }

    /** Whether {@code json}, an answer of {@link #run}, is a refusal. */
    public static boolean isRefusal(ObjectNode json) {
        return json.has("error");
    }
}
