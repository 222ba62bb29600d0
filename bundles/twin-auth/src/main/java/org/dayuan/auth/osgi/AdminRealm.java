package org.dayuan.auth.osgi;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * JAAS realm {@value #NAME}: the users of Dayuan's realm, but only those with role {@code admin}
 * ({@link AdminLoginModule}). The distribution points Karaf's JMX ({@code jmxRealm}) and SSH console
 * ({@code sshRealm}) at it, so no API user but an administrator reaches them. Until this component runs, those
 * logins fail: closed, not open.
 */
// Marked so that KarafUserDirectory, which takes every other realm, does not: it would be rebound whenever this realm
// comes and goes, and this realm needs it (through AuthService), a loop.
@Component(service = JaasRealm.class, property = AdminRealm.MARK + ":Boolean=true")
public final class AdminRealm implements JaasRealm {
    public static final String NAME = "dayuan-admin";
    static final String MARK = "org.dayuan.auth.admin-realm";

    private final AppConfigurationEntry[] entries;

    /** @param admin unused: as for the API filter, nobody logs in before the first-start admin exists whole */
    @Activate
    public AdminRealm(@Reference AuthService auth, @Reference AdminBootstrap.Ready admin, BundleContext context) {
        entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(
                        ProxyLoginModule.PROPERTY_MODULE, AdminLoginModule.class.getName(),
                        ProxyLoginModule.PROPERTY_BUNDLE, String.valueOf(context.getBundle().getBundleId()),
                        AdminLoginModule.GATE_OPTION, auth.gate))};
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 0;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
