package org.dayuan.importer.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dayuan.auth.ConsoleCaller;
import org.dayuan.importer.ImportFormat;
import org.dayuan.importer.ImportProgress;
import org.dayuan.importer.Importer;
import org.dayuan.twin.Caller;

/**
 * {@code dayuan:import <file>}: the console's way to {@code POST /api/dayuan/import}, the same check and the same
 * single commit, as the admin logged in to the console. Prints the progress of a file that takes more than a few
 * seconds, then the summary, or the refused lines as a table and an error.
 */
@Service
@Command(scope = "dayuan", name = "import", description = "Imports a file of twins (NDJSON or CSV) all or nothing:"
        + " every line is checked first, then all are written in one commit, or none.")
public class ImportCommand implements Action {
    private static final long PROGRESS_EVERY_MS = 2000;

    @Reference
    ImportService imports;

    @Argument(index = 0, name = "file", required = true, description = "The file: .ndjson/.jsonl/.json (one Thing"
            + " JSON per line) or .csv (header thingId, definition, parent, attributes/..., features/.../properties/...)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--mode", description = "create: a twin that exists refuses the file; upsert: it is replaced",
            valueToShowInHelp = "create")
    @Completion(value = StringsCompleter.class, values = {"create", "upsert"}, caseSensitive = false)
    String mode = "create";

    @Option(name = "--format", description = "ndjson or csv, when the file name does not tell")
    @Completion(value = StringsCompleter.class, values = {"ndjson", "csv"}, caseSensitive = false)
    String format;

    @Option(name = "--dry-run", description = "Check every line and report, write nothing")
    boolean dryRun;

    @Override
    public Object execute() throws Exception {
        Caller caller;
        Importer.Mode m;
        try {
            caller = ConsoleCaller.current("import");
            m = ImportServlet.mode(mode);
        } catch (org.dayuan.twin.DayuanException e) {
            throw new CommandException(e.errorCode().code() + ": " + e.getMessage(), e);
        }
        Path path = Path.of(file).toAbsolutePath();
        ImportFormat f = format != null ? ImportFormat.ofFileName("." + format).orElseThrow(() ->
                new CommandException("The format " + format + " is neither ndjson nor csv."))
                : ImportFormat.ofFileName(path.getFileName().toString()).orElseThrow(() ->
                        new CommandException("Cannot tell the format of " + path + " by its name; add"
                                + " --format ndjson or --format csv."));
        byte[] body = read(path, imports.maxBytes());
        ImportProgress progress = imports.begin(caller);
        imports.start(caller, body, f, m, dryRun, progress);
        PrintStream out = System.out;
        long next = System.currentTimeMillis() + PROGRESS_EVERY_MS;
        while (progress.outcome() == null) {
            Thread.sleep(100);
            if (System.currentTimeMillis() >= next && progress.outcome() == null) {
                out.println(progress.state().name().toLowerCase(Locale.ROOT) + ": " + progress.linesRead()
                        + " lines read, " + progress.linesValidated() + " checked, " + progress.linesWritten()
                        + " written");
                next += PROGRESS_EVERY_MS;
            }
        }
        ObjectNode answer = progress.outcome();
        if (!Importer.isRefusal(answer)) {
            out.println((dryRun ? "Checked " : "Imported ") + answer.path("lines").asInt() + " twins from " + path
                    + (dryRun ? "; nothing written (--dry-run)." : " (created " + answer.path("created").asInt()
                    + ", replaced " + answer.path("replaced").asInt() + ") in one commit as "
                    + caller.subject() + "."));
            return null;
        }
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            ShellTable table = new ShellTable();
            table.column("Line").alignRight();
            table.column("ThingId");
            table.column("Error");
            table.column("Message");
            errors.forEach(e -> table.addRow().addContent(e.path("line").asInt(), e.path("thingId").asText(""),
                    e.path("error").asText(), e.path("message").asText()));
            table.print(out);
        }
        // A CommandException: Karaf prints it as the command's error and does not log it as a failure of its own.
        throw new CommandException(answer.path("error").asText() + ": "
                + answer.path("message").asText("The import failed."));
    }

    private static byte[] read(Path path, int maxBytes) throws IOException, CommandException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new CommandException(org.dayuan.twin.ErrorCode.TOO_LARGE.code() + ": " + path
                        + " is larger than " + maxBytes + " bytes, the most one import takes (org.dayuan.import"
                        + " maxBytes).");
            }
            return body;
        } catch (NoSuchFileException e) {
            throw new CommandException("There is no file " + path + ".");
        }
    }

}
