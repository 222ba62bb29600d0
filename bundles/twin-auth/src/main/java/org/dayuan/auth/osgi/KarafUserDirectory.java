package org.dayuan.auth.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.apache.karaf.jaas.modules.BackingEngineService;
import org.apache.karaf.jaas.modules.encryption.EncryptionSupport;
import org.dayuan.auth.UserDirectory;
import org.dayuan.auth.internal.AuthConstants;
import org.dayuan.auth.internal.Names;
import org.dayuan.auth.internal.OwnerOnly;
import org.dayuan.auth.internal.Realm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of the configured JAAS realm, read and written through Karaf's backing engines, the same ones the
 * {@code jaas:*} console commands use: users.properties for the stock realm, hashed when the realm's encryption is on.
 * An engine is built for each call, so every call sees the file as it is now.
 *
 * <p>The file holds password hashes, so it is kept readable by its owner only: at start and after each write.
 */
@Component(service = {UserDirectory.class, Realm.class}, configurationPid = AuthConstants.PID)
public final class KarafUserDirectory implements UserDirectory, Realm {
    private static final String GROUP_PREFIX = BackingEngine.GROUP_PREFIX;
    private static final Logger LOG = LoggerFactory.getLogger(KarafUserDirectory.class);
    private static final int VERIFY_ROUNDS = 12;
    private static final long VERIFY_PAUSE_MS = 300;
    /** How long the users file must stay unchanged before the realm counts as settled: Karaf's rewrite follows. */
    static final long QUIET_MS = 2000;

    private final String realmName;
    private final List<JaasRealm> realms;
    private final BackingEngineService engines = new BackingEngineService();
    /** The hash {@link #decoyCheck} checks against, made under the encryption settings it belongs to. */
    private volatile Decoy decoy;
    /** Writes asked for and not yet finished, waiting ones included. */
    private final AtomicInteger writing = new AtomicInteger();

    private record Decoy(Map<String, String> settings, String hash) {
    }

    @Activate
    public KarafUserDirectory(AuthConfig config,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY,
                    target = "(!(" + AdminRealm.MARK + "=true))")
            List<JaasRealm> realms,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<BackingEngineFactory> factories) {
        this.realmName = config.realm();
        this.realms = List.copyOf(realms);
        engines.setEngineFactories(List.copyOf(factories));
        restrictFile();
    }

    // Each engine call reads and rewrites the whole file: concurrent writers (the admin bootstrap, the demo users)
    // would lose each other's users, so writes take turns.
    @Override
    public boolean exists(String user) {
        try {
            return Names.isPlausibleUser(user) && !user.startsWith(GROUP_PREFIX) && engine().lookupUser(user) != null;
        } catch (IllegalStateException e) {
            return false; // a realm without a readable store: every name counts as unknown
        }
    }

    @Override
    public void decoyCheck(String password) {
        Map<String, ?> options;
        try {
            options = entry().getOptions();
        } catch (IllegalStateException e) {
            return;
        }
        // A fresh EncryptionSupport per check, as the realm's login module makes one per login.
        EncryptionSupport encryption = new EncryptionSupport(options);
        // The realm hands out new option maps, so the hash is made again only when the encryption settings change.
        Map<String, String> settings = new TreeMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith("encryption.")) {
                settings.put(key, String.valueOf(value));
            }
        });
        Decoy d = decoy;
        if (d == null || !d.settings().equals(settings)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            d = new Decoy(settings, encryption.encrypt(Base64.getEncoder().encodeToString(random)));
            decoy = d;
        }
        encryption.checkPassword(password, d.hash());
    }

    @Override
    public Object version() {
        Object users;
        try {
            users = entry().getOptions().get("users");
        } catch (IllegalStateException e) {
            return null;
        }
        if (users == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(users.toString()), BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime(), a.creationTime());
        } catch (IOException e) {
            return "absent"; // a file that appears later is a change too
        }
    }

    @Override
    public void addUser(String user, String password, List<String> roles) {
        writing.incrementAndGet();
        try {
            add(user, password, roles);
        } finally {
            writing.decrementAndGet();
        }
    }

    @Override
    public List<User> users() {
        BackingEngine engine = engine();
        List<User> out = new java.util.ArrayList<>();
        for (UserPrincipal u : engine.listUsers()) {
            if (u.getName().startsWith(GROUP_PREFIX)) {
                continue;
            }
            List<String> groups = engine.listGroups(u).stream().map(GroupPrincipal::getName).sorted().toList();
            Map<String, List<String>> groupRoles = new TreeMap<>();
            for (GroupPrincipal g : engine.listGroups(u)) {
                groupRoles.put(g.getName(), engine.listRoles(g).stream().map(RolePrincipal::getName).sorted().toList());
            }
            // listRoles includes the roles the user has through its groups; its own are those no group gives.
            List<String> viaGroups = groupRoles.values().stream().flatMap(List::stream).toList();
            List<String> own = engine.listRoles(u).stream().map(RolePrincipal::getName)
                    .filter(r -> !viaGroups.contains(r)).distinct().sorted().toList();
            out.add(new User(u.getName(), own, groups, groupRoles));
        }
        out.sort(Comparator.comparing(User::name));
        return out;
    }

    @Override
    public boolean removeUser(String user) {
        return changeUser(user, (engine, principal) -> engine.deleteUser(user));
    }

    /**
     * Applies {@code change} to {@code user} as one write of the realm, counted by {@link #settled()}; false, and
     * nothing written, when there is no such user (a group's name is not a user's).
     */
    private boolean changeUser(String user, BiConsumer<BackingEngine, UserPrincipal> change) {
        writing.incrementAndGet();
        try {
            synchronized (this) {
                BackingEngine engine = engine();
                UserPrincipal principal = user == null || user.startsWith(GROUP_PREFIX) ? null
                        : engine.lookupUser(user);
                if (principal == null) {
                    return false;
                }
                change.accept(engine, principal);
                restrictFile();
                return true;
            }
        } finally {
            writing.decrementAndGet();
        }
    }

    @Override
    public boolean addRoles(String user, List<String> roles) {
        for (String role : roles) {
            if (!fits(role)) {
                throw new IllegalArgumentException("'" + Names.forLog(role) + "' cannot be a role name");
            }
        }
        return changeUser(user, (engine, principal) -> {
            List<String> has = engine.listRoles(principal).stream().map(RolePrincipal::getName).toList();
            List<String> groups = engine.listGroups(principal).stream().map(GroupPrincipal::getName).toList();
            for (String role : roles) {
                if (role.startsWith(GROUP_PREFIX)) {
                    if (!groups.contains(role.substring(GROUP_PREFIX.length()))) {
                        engine.addGroup(user, role.substring(GROUP_PREFIX.length()));
                    }
                } else if (!has.contains(role)) {
                    engine.addRole(user, role);
                }
            }
        });
    }

    @Override
    public boolean removeRoles(String user, List<String> roles) {
        return changeUser(user, (engine, principal) -> {
            List<String> groups = engine.listGroups(principal).stream().map(GroupPrincipal::getName).toList();
            for (String role : roles) {
                if (role.startsWith(GROUP_PREFIX)) {
                    String group = role.substring(GROUP_PREFIX.length());
                    if (groups.contains(group)) {
                        engine.deleteGroup(user, group);
                    }
                } else {
                    engine.deleteRole(user, role);
                }
            }
        });
    }

    @Override
    public boolean settled() {
        if (writing.get() > 0) {
            return false;
        }
        Object users;
        try {
            users = entry().getOptions().get("users");
        } catch (IllegalStateException e) {
            return true; // no realm to read: nothing is being written either
        }
        if (users == null) {
            return true;
        }
        try {
            return Files.getLastModifiedTime(Path.of(users.toString())).toMillis()
                    < System.currentTimeMillis() - QUIET_MS;
        } catch (IOException e) {
            return true; // no file yet: nothing a login could read half written
        }
    }

    private synchronized void add(String user, String password, List<String> roles) {
        if (!Names.isPlausibleUser(user) || user.startsWith(GROUP_PREFIX) || !fits(user)) {
            throw new IllegalArgumentException("'" + Names.forLog(user) + "' cannot be a user name in realm "
                    + realmName);
        }
        // users.properties separates password and roles by commas, so a comma would turn the rest into a role.
        if (password == null || password.isEmpty() || password.contains(",")
                || password.chars().anyMatch(Character::isISOControl) || !password.equals(password.strip())) {
            throw new IllegalArgumentException("A password must be non-empty, without commas, control characters"
                    + " or surrounding blanks");
        }
        for (String role : roles) {
            if (!fits(role)) {
                throw new IllegalArgumentException("'" + Names.forLog(role) + "' cannot be a role name");
            }
        }
        write(user, password, roles);
        restrictFile();
        // Karaf rewrites users.properties by itself whenever it changes (AutoEncryptionSupport) and can read it half
        // written, dropping or mangling what was being added. So the user is checked until it is seen whole twice in
        // a row, and written again when it is not.
        int wholeInARow = 0;
        for (int round = 0; round < VERIFY_ROUNDS && wholeInARow < 2; round++) {
            pause();
            if (isWhole(user, roles)) {
                wholeInARow++;
            } else {
                wholeInARow = 0;
                LOG.warn("User '{}' was not kept whole in realm {} while Karaf rewrote it; writing it again",
                        Names.forLog(user), realmName);
                write(user, password, roles);
            }
        }
    }

    private void write(String user, String password, List<String> roles) {
        BackingEngine engine = engine();
        engine.addUser(user, password);
        UserPrincipal principal = engine.lookupUser(user);
        if (principal == null) {
            throw new IllegalStateException("Realm " + realmName + " did not keep user '" + user + "'");
        }
        List<String> has = engine.listRoles(principal).stream().map(RolePrincipal::getName).toList();
        List<String> groups = engine.listGroups(principal).stream().map(GroupPrincipal::getName).toList();
        for (String role : roles) {
            if (role.startsWith(GROUP_PREFIX)) {
                String group = role.substring(GROUP_PREFIX.length());
                if (!groups.contains(group) && !groups.contains(role)) {
                    engine.addGroup(user, group);
                }
            } else if (!has.contains(role)) {
                engine.addRole(user, role);
            }
        }
    }

    /** Whether the file, read afresh, has {@code user} with every one of {@code roles}. */
    private boolean isWhole(String user, List<String> roles) {
        BackingEngine engine = engine();
        UserPrincipal principal = engine.lookupUser(user);
        if (principal == null) {
            return false;
        }
        List<String> has = engine.listRoles(principal).stream().map(RolePrincipal::getName).toList();
        List<String> groups = engine.listGroups(principal).stream().map(GroupPrincipal::getName).toList();
        return roles.stream().allMatch(r -> r.startsWith(GROUP_PREFIX)
                ? groups.contains(r.substring(GROUP_PREFIX.length())) || groups.contains(r) : has.contains(r));
    }

    private static void pause() {
        try {
            Thread.sleep(VERIFY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking a new user", e);
        }
    }

    /** Whether {@code name} can stand in users.properties as a user or role: no separators, blanks or controls. */
    private static boolean fits(String name) {
        return name != null && !name.isEmpty() && name.chars().noneMatch(c -> c == ',' || c == '=' || c == '#'
                || Character.isWhitespace(c) || Character.isISOControl(c));
    }

    /** Makes the realm's users file (option {@code users}, as the stock realm has it) readable by its owner only. */
    private void restrictFile() {
        Object users;
        try {
            users = entry().getOptions().get("users");
        } catch (IllegalStateException e) {
            return;
        }
        if (users == null) {
            return;
        }
        try {
            if (OwnerOnly.restrict(Path.of(users.toString()))) {
                LOG.info("Made {} readable by its owner only", users);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not make {} readable by its owner only: {}", users, e.toString());
        }
    }

    private BackingEngine engine() {
        return store().engine();
    }

    private AppConfigurationEntry entry() {
        return store().entry();
    }

    private record Store(AppConfigurationEntry entry, BackingEngine engine) {
    }

    /** The realm's user store: its first login module that has a backing engine and is not for SSH keys. */
    private Store store() {
        JaasRealm realm = realms.stream().filter(r -> realmName.equals(r.getName()))
                .max(Comparator.comparingInt(JaasRealm::getRank))
                .orElseThrow(() -> new IllegalStateException("There is no JAAS realm '" + realmName + "'"));
        for (AppConfigurationEntry entry : realm.getEntries()) {
            Map<String, ?> options = entry.getOptions();
            Object module = options.get(ProxyLoginModule.PROPERTY_MODULE);
            // The stock realm also lists keys.properties for SSH keys; its engine takes a public key as password.
            if (module != null && module.toString().contains(".publickey.")) {
                continue;
            }
            BackingEngine engine = engines.get(entry);
            if (engine != null) {
                return new Store(entry, engine);
            }
        }
        throw new IllegalStateException("JAAS realm '" + realmName + "' has no user store that can be changed");
    }
}
