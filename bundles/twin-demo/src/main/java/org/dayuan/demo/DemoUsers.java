package org.dayuan.demo;

import java.util.List;
import java.util.Optional;

import org.dayuan.auth.UserDirectory;
import org.dayuan.auth.UsersWritten;
import org.dayuan.twin.HealthIndicator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One demo user per role, so a newcomer can see what each role may do: created in Karaf's realm (hashed like any
 * user) when {@code users=true}, and only when missing, so a changed password is never put back. A county going
 * live sets {@code users=false} and removes them with {@code jaas:user-delete}. Health stays STARTING until they
 * are written and the realm has settled, so a script that waits for UP can log in with them at once.
 */
@Component(configurationPid = DemoLoader.PID, immediate = true, service = HealthIndicator.class)
public final class DemoUsers implements HealthIndicator {

    /** A demo user: name, password (documented in README) and grants. */
    record User(String name, String password, List<String> grants) {
    }

    static final List<User> USERS = List.of(
            new User("wujin-manager", "Wujin-Manager-2026", List.of("manager", "ns:cz.wujin")),
            new User("wujin-viewer", "Wujin-Viewer-2026", List.of("viewer", "ns:cz.wujin")),
            new User("wujin-device", "Wujin-Device-2026", List.of("device", "ns:cz.wujin")),
            new User("integrator", "Integrator-2026", List.of("integrator", "ns:*")),
            new User("xinbei-viewer", "Xinbei-Viewer-2026", List.of("viewer", "ns:cz.xinbei")),
            // the simulator's device login at the embedded broker (etc/org.dayuan.simulator.cfg), for the demo
            // county and the simulator's synthetic load-test meters
            new User("demo-simulator", "Demo-Simulator-2026", List.of("device", "ns:cz.wujin", "ns:load.test")));

    private static final Logger LOG = LoggerFactory.getLogger(DemoUsers.class);

    private final UsersWritten written;

    /**
     * Creates them on a thread of its own: writing the realm can wait on Karaf's hashing service, which the features
     * being installed on the activating thread may not have started yet.
     */
    @Activate
    public DemoUsers(@Reference UserDirectory users, DemoLoader.Config config) {
        written = new UsersWritten(users);
        if (config.users()) {
            Thread worker = new Thread(() -> {
                create(users);
                written.done();
            }, "dayuan-demo-users");
            worker.setDaemon(true);
            worker.start();
        } else {
            written.done();
        }
    }

    @Override
    public String name() {
        return "demo-users";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty(); // a failure is logged; the demo users are a convenience, not a part that can fail
    }

    @Override
    public boolean ready() {
        return written.ready();
    }

    /** Creates every demo user that is missing; an existing one is left as it is. */
    static void create(UserDirectory users) {
        try {
            for (User u : USERS) {
                if (!users.exists(u.name())) {
                    users.addUser(u.name(), u.password(), u.grants());
                    LOG.info("Created demo user '{}' with {}", u.name(), u.grants());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Could not create the demo users", e);
        }
    }
}
