package org.dayuan.auth.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.dayuan.auth.SecretFiles;
import org.dayuan.auth.UserDirectory;
import org.dayuan.auth.UsersWritten;
import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.twin.Caller;
import org.dayuan.twin.HealthIndicator;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a fresh installation can be administered: when the realm has no user {@value #ADMIN}, one is created,
 * with the configured password or a random one. A random one is written to {@value #PASSWORD_FILE} under Karaf's
 * {@code data/}, readable by the user Dayuan runs as only, and the log names that file, never the password: logs
 * are shipped, rotated and read by more people than the administrator. Any later start finds the user and does
 * nothing.
 *
 * <p>The work runs on its own thread: writing the realm can wait on Karaf's hashing service, which the features
 * being installed on the activating thread may not have started yet. Once the admin exists with all its roles the
 * component registers {@link Ready}, which the authentication filter waits for, so no login is checked (and cached)
 * against a half-written admin. As a {@link HealthIndicator} it is ready once the admin exists and the realm has
 * settled after it, so health says UP only when the admin's login works.
 */
// Ready is registered by hand, not by DS, so the bundle declares it provides it: the resolver checks the filter's need.
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"org.dayuan.auth.osgi.AdminBootstrap$Ready\"")
@Component(immediate = true, configurationPid = AuthConstants.PID, service = HealthIndicator.class)
public final class AdminBootstrap implements HealthIndicator {
    /** Registered once the admin exists whole. */
    public static final class Ready {
    }

    static final String ADMIN = "admin";
    /** Where a generated password is written, relative to Karaf's data directory. */
    static final String PASSWORD_FILE = "dayuan/admin-password";
    /**
     * Dayuan administrator of every organisation, and Karaf console user: {@code ssh} lets it log in,
     * {@code admingroup} (Karaf's stock group: admin, manager, viewer, systembundles, ssh) satisfies the console's
     * command ACLs, which ask for those roles by name.
     */
    static final List<String> ROLES = List.of(Caller.ROLE_ADMIN, "ns:" + Caller.ALL_NAMESPACES, "ssh",
            "_g_:admingroup");
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private volatile ServiceRegistration<Ready> ready;
    private final Thread worker;
    private final UsersWritten written;

    @Activate
    public AdminBootstrap(AuthConfig config, @Reference UserDirectory users, BundleContext context) {
        written = new UsersWritten(users);
        worker = new Thread(() -> {
            ensureAdmin(config, users, Path.of(System.getProperty("karaf.data", "data")));
            ready = context.registerService(Ready.class, new Ready(), null);
            written.done();
        }, "dayuan-admin-bootstrap");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.join(TimeUnit.SECONDS.toMillis(30));
        ServiceRegistration<Ready> r = ready;
        if (r != null) {
            r.unregister();
        }
    }

    @Override
    public String name() {
        return "admin-user";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty(); // a realm that cannot be written is logged; the admin may still log in another way
    }

    @Override
    public boolean ready() {
        return written.ready();
    }

    static void ensureAdmin(AuthConfig config, UserDirectory users, Path dataDir) {
        try {
            if (users.exists(ADMIN)) {
                return;
            }
            boolean generated = config.adminPassword().isEmpty();
            String password = generated ? generate() : config.adminPassword();
            Path file = dataDir.resolve(PASSWORD_FILE);
            if (generated) {
                // first the file: a password nobody can read must not become the admin's
                SecretFiles.write(file, password + "\n");
            }
            users.addUser(ADMIN, password, ROLES);
            if (!users.exists(ADMIN)) {
                // Karaf's engine logs a failed save instead of throwing; a password nobody can use is not kept.
                LOG.error("Could not create user '{}' in realm {}; see the errors above", ADMIN, config.realm());
                if (generated) {
                    Files.deleteIfExists(file);
                }
            } else if (generated) {
                LOG.warn("Created user '{}' with a generated password, written to {} (readable by this process's"
                        + " user only); read it, delete the file, and change the password with 'jaas:realm-manage"
                        + " --realm {}', 'jaas:user-add {} <new password>', 'jaas:update' in the Karaf console, or"
                        + " set adminPassword in etc/{}.cfg before the first start.", ADMIN, file, config.realm(),
                        ADMIN, AuthConstants.PID);
            } else {
                LOG.info("Created user '{}' with the password configured in {}", ADMIN, AuthConstants.PID);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("Could not check or create user '{}' in realm {}", ADMIN, config.realm(), e);
        }
    }

    static String generate() {
        SecureRandom random = new SecureRandom();
        char[] out = new char[16];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
