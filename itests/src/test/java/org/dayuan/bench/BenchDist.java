package org.dayuan.bench;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.ops4j.pax.exam.Option;

/**
 * How the benchmarks boot the distribution: as the itests do (org.dayuan.itests.Dist, which is package-private),
 * on free ports, with the store chosen by {@code dayuan.it.store}, plus the bench's own settings passed into the
 * container. PostgreSQL runs get a fresh schema {@code dayuan_bench_*}; earlier bench schemas are dropped.
 */
final class BenchDist {
    static final String PORT_PROPERTY = "dayuan.bench.port";
    static final String STORE_PROPERTY = "dayuan.it.store";
    /** Bench settings forwarded from the failsafe JVM into the container when set. */
    static final List<String> FORWARDED = List.of(Results.DIR_PROPERTY, "dayuan.bench.seconds",
            "dayuan.bench.warmup", "dayuan.bench.twins", "dayuan.bench.loadSeconds", "dayuan.bench.sseRate",
            "dayuan.bench.sseSeconds");

    private BenchDist() {
    }

    static String store() {
        return System.getProperty(STORE_PROPERTY, "h2");
    }

    static boolean onPostgres() {
        return "postgresql".equals(store());
    }

    /** The Pax Exam options; runs in the failsafe JVM before the container starts. */
    static Option[] options() {
        awaitEarlierBenchDistributions();
        String port = String.valueOf(freePort());
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distribution())
                        .unpackDirectory(new File("target/bench-exam")).useDeployFolder(false),
                keepRuntimeFolder(),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        String.valueOf(freePort())),
                systemProperty(PORT_PROPERTY).value(port),
                systemProperty(STORE_PROPERTY).value(store())));
        // The results directory must be absolute: the container's working directory is its unpack folder.
        options.add(systemProperty(Results.DIR_PROPERTY).value(Results.dir().toString()));
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank() && !p.equals(Results.DIR_PROPERTY)) {
                options.add(systemProperty(p).value(v.trim()));
            }
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isEmpty()) {
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", repo));
        }
        if (onPostgres()) {
            options.add(editConfigurationFilePut("etc/org.dayuan.store.cfg", "url", freshPostgresSchema()));
        }
        return options.toArray(Option[]::new);
    }

    /**
     * Waits until no distribution started by an earlier bench step of this build is still running: Pax Exam only
     * signals its container to stop, and a registry with 100k twins takes a while to write its last snapshot. Only
     * Karaf processes whose command line names this module's bench folders are considered; after two minutes they
     * are killed, so that measurements never overlap.
     */
    static void awaitEarlierBenchDistributions() {
        String exam = new File("target/bench-exam").getAbsolutePath();
        String startup = new File("target/bench-startup").getAbsolutePath();
        long deadline = System.nanoTime() + 120_000_000_000L;
        long since = System.nanoTime();
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> {
                        String cmd = p.info().commandLine().orElse("");
                        return cmd.contains("karaf") && (cmd.contains(exam) || cmd.contains(startup)
                                || cmd.contains("target/bench-exam/") || cmd.contains("target/bench-startup/"));
                    }).toList();
            if (left.isEmpty()) {
                if (System.nanoTime() - since > 1_000_000_000L) {
                    System.out.printf("[bench] waited %.1f s for an earlier bench distribution to stop%n",
                            (System.nanoTime() - since) / 1e9);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("[bench] killing earlier bench distributions still running: " + left.stream()
                        .map(ProcessHandle::pid).toList());
                left.forEach(ProcessHandle::destroyForcibly);
                left.forEach(p -> p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .exceptionally(t -> null).join());
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The archive built in this reactor, as the itests use it. */
    static String distribution() {
        return archive().toURI().toString();
    }

    static File archive() {
        String path = System.getProperty("dayuan.it.dist");
        File archive = path == null ? null : new File(path);
        if (archive == null || !archive.isFile()) {
            throw new IllegalStateException("No distribution at " + path + "; build karaf-dist first");
        }
        return archive;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty schema in the local PostgreSQL, as a JDBC URL; bench schemas of earlier runs are dropped first. */
    static String freshPostgresSchema() {
        String base = System.getProperty("dayuan.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        if (base.isBlank() || base.startsWith("${")) {
            base = "jdbc:postgresql://127.0.0.1:5432/test";
        }
        String schema = "dayuan_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dayuan\\_bench\\_%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String o : old) {
                s.execute("DROP SCHEMA " + o + " CASCADE");
            }
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + base + " is needed for the PostgreSQL bench run: "
                    + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
