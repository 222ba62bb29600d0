package org.dayuan.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.dayuan.itests.Api.Reply;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Karaf's JMX connector of the booted distribution, on 127.0.0.1 as the distribution configures it: Karaf's JMX rules
 * grant by the role names viewer and manager, which Dayuan's API users have too, so only administrators may log in
 * at all; wrong passwords there count towards the same lockout as the API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JmxAccessIT extends DistributionTest {
    /** Karaf's ConfigAdmin MBean, which reads and writes any configuration (org.dayuan.auth's adminPassword too). */
    private static final String CONFIG_MBEAN = "org.apache.karaf:type=config,name=" + System.getProperty("karaf.name",
            "root");
    private static final String BUNDLE_MBEAN = "org.apache.karaf:type=bundle,name=" + System.getProperty("karaf.name",
            "root");

    private static JMXServiceURL url() throws IOException {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("karaf.etc"),
                "org.apache.karaf.management.cfg"))) {
            cfg.load(in);
        }
        return new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + cfg.getProperty("rmiServerPort").trim()
                + "/jndi/rmi://127.0.0.1:" + cfg.getProperty("rmiRegistryPort").trim() + "/karaf-"
                + System.getProperty("karaf.name", "root"));
    }

    private static JMXConnector connect(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(url(), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    @Test
    public void apiUsersCannotLogInToJmxEvenWithTheirRightPassword() throws Exception {
        for (String user : List.of("wj-viewer", "wj-manager", "wj-integrator", "wj-device", "no-role")) {
            try (JMXConnector c = connect(user, Dist.USER_PASSWORD)) {
                // Before the fix a viewer read every configuration here and a manager installed bundles.
                MBeanServerConnection mbeans = c.getMBeanServerConnection();
                String leaked = String.valueOf(mbeans.invoke(new ObjectName(CONFIG_MBEAN), "listProperties",
                        new Object[] {"org.dayuan.auth"}, new String[] {String.class.getName()}));
                fail(user + " logged in to JMX and read org.dayuan.auth: " + leaked);
            } catch (SecurityException expected) {
                // refused at login
            }
        }
    }

    @Test
    public void theAdministratorStillManagesThroughJmx() throws Exception {
        try (JMXConnector c = connect(Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            MBeanServerConnection mbeans = c.getMBeanServerConnection();
            @SuppressWarnings("unchecked")
            Map<String, String> auth = (Map<String, String>) mbeans.invoke(new ObjectName(CONFIG_MBEAN),
                    "listProperties", new Object[] {"org.dayuan.auth"}, new String[] {String.class.getName()});
            assertEquals(Dist.ADMIN_PASSWORD, auth.get("adminPassword"));
            TabularData bundles = (TabularData) mbeans.getAttribute(new ObjectName(BUNDLE_MBEAN), "Bundles");
            assertFalse(bundles.isEmpty());
            assertTrue(mbeans.isRegistered(new ObjectName(BUNDLE_MBEAN)));
        }
    }

    @Test
    public void wrongPasswordsOverJmxLockTheNameAsOnTheApi() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (JMXConnector c = connect("lock-me", "guess-" + i)) {
                fail("a wrong password was accepted: " + c.getConnectionId());
            } catch (SecurityException expected) {
                assertNotNull(expected.getMessage());
            }
        }

        Reply locked = api.as("lock-me", Dist.USER_PASSWORD).get("/api/2/things/" + CAMPUS);

        assertError(locked, 401, "gateway:authentication.failed");
        assertTrue(locked.toString(), locked.json().path("message").asText().contains("locked"));
        // The administrator, not the one locked, still gets in, over JMX and the API.
        try (JMXConnector c = connect(Dist.ADMIN, Dist.ADMIN_PASSWORD)) {
            assertTrue(c.getMBeanServerConnection().getMBeanCount() > 0);
        }
        assertEquals(200, api.get("/api/2/things/" + CAMPUS).status());
    }
}
