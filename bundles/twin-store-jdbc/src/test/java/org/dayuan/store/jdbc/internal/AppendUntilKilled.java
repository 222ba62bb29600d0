package org.dayuan.store.jdbc.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.dayuan.twin.TwinEvent;

/**
 * Run in a child JVM by the kill test: appends {@link TestEvents#killBatch} from several threads for ever and
 * prints {@code ack <thread> <i> <seq>... .} the moment each append is acknowledged, until it is killed.
 */
public final class AppendUntilKilled {
    static final int THREADS = 8;

    private AppendUntilKilled() {
    }

    public static void main(String[] args) {
        JdbcTwinJournal journal = new JdbcTwinJournal(TestConfig.of(args[0], args[1], "", 1000));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    List<TwinEvent> stored = journal.append(TestEvents.killBatch(thread, i)).join();
                    // The line is written only after the future completed, i.e. after the commit returned.
                    out.println("ack " + thread + " " + i + " "
                            + stored.stream().map(e -> Long.toString(e.seq())).collect(Collectors.joining(" "))
                            + " .");
                }
            }, "appender-" + t).start();
        }
    }
}
