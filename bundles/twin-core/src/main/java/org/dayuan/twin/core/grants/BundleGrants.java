package org.dayuan.twin.core.grants;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dayuan.twin.Caller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each bundle may do in the registry, from {@code etc/org.dayuan.identities.cfg}, one line per bundle:
 * {@code bundle.<symbolic-name> = <role>[, <role>...], ns:<namespace>[, ns:<namespace>...][, name:<subject>]}.
 * Roles and scopes mean what they mean for users; {@code name:} sets the subject the audit trail records for the
 * bundle's own changes (its symbolic name otherwise). A bundle not listed is granted nothing.
 *
 * <p>The registry's services ({@link BundleRegistry} and its siblings) bound every call of a bundle by its grant,
 * looked up here at each call: a changed file takes effect at once, and a bundle removed from it sees nothing from
 * then on. The views wait for this component, so no bundle calls the registry before the file has been read
 * (Configuration Admin may deliver it after the registry has started).
 */
@Component(service = BundleGrants.class, configurationPid = BundleGrants.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class BundleGrants {
    static final String PID = "org.dayuan.identities";
    static final String PREFIX = "bundle.";
    static final String NAME_PREFIX = "name:";
    private static final Logger LOG = LoggerFactory.getLogger(BundleGrants.class);

    private volatile Map<String, Caller> grants = Map.of();

    @Activate
    public BundleGrants(Map<String, Object> config) {
        modified(config);
    }

    @Modified
    public void modified(Map<String, Object> config) {
        Map<String, Caller> read = read(config);
        grants = read;
        LOG.info("Registry grants by bundle: {}", read.values());
    }

    /** The grants a configuration lists, by bundle symbolic name. */
    static Map<String, Caller> read(Map<String, ?> config) {
        Map<String, Caller> out = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                String bsn = key.substring(PREFIX.length());
                String subject = bsn;
                List<String> grants = new ArrayList<>();
                for (String grant : Arrays.asList(String.valueOf(value).split(","))) {
                    String g = grant.trim();
                    if (g.startsWith(NAME_PREFIX) && g.length() > NAME_PREFIX.length()) {
                        subject = g.substring(NAME_PREFIX.length()).trim();
                    } else {
                        grants.add(g);
                    }
                }
                out.put(bsn, Caller.fromGrants(subject, grants, origin(bsn)));
            }
        });
        return Map.copyOf(out);
    }

    private static String origin(String bsn) {
        return "bundle " + bsn;
    }

    /**
     * What the bundle with symbolic name {@code bsn} is granted now: no role and no scope when the file does not
     * list it.
     */
    public Caller identity(String bsn) {
        Caller granted = grants.get(bsn);
        return granted != null ? granted : new Caller(bsn, Set.of(), Set.of(), origin(bsn));
    }

    /** {@code caller} bounded by what the bundle with symbolic name {@code bsn} is granted now. */
    public Caller bound(String bsn, Caller caller) {
        return caller.within(identity(bsn));
    }
}
