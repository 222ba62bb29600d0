package org.dayuan.mqtt.broker;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.dayuan.auth.PasswordLogin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Moquette inside Karaf. It listens on its own port, never on one another broker holds: a port already in
 * use fails activation with a message that says which port and what to change, instead of a silent half-start.
 * Every client logs in with a user of Dayuan's realm and may only publish what {@link DeviceAccess} allows.
 */
@Component(immediate = true, configurationPid = "org.dayuan.mqtt.broker", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = EmbeddedBroker.class)
@Designate(ocd = BrokerConfig.class)
public final class EmbeddedBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private final Server server = new Server();
    private final String address;

    @Activate
    public EmbeddedBroker(BrokerConfig config, @Reference PasswordLogin login) throws IOException {
        this(config.host(), config.port(), config.maxMessageBytes(), config.persistent() ? dataDir(config) : null,
                new DeviceAccess(login, config.topicPattern(), users(config.subscribers())));
    }

    /**
     * A .cfg file has no lists: "subscribers = dayuan-ingest, admin" arrives as one string, which would let neither
     * user subscribe.
     */
    static Set<String> users(String[] subscribers) {
        return Arrays.stream(subscribers).flatMap(s -> Arrays.stream(s.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code dataDir} null: nothing kept on disk. */
    EmbeddedBroker(String host, int port, int maxMessageBytes, File dataDir, DeviceAccess access) throws IOException {
        address = host + ":" + port;
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "false");
        // MQTT 3.1.1 lets a clean-session client leave its id to the broker; mosquitto_pub does.
        p.setProperty("allow_zero_byte_client_id", "true");
        p.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
        // Without it Moquette holds acknowledgements for a flush timer: a publisher waiting for each PUBACK
        // managed about 40 messages a second.
        p.setProperty("immediate_buffer_flush", "true");
        // Moquette reports usage to its authors unless told not to; a government campus must not call out.
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", Boolean.toString(dataDir != null));
        if (dataDir != null) {
            if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
                throw new IOException("Cannot create the MQTT broker's folder " + dataDir);
            }
            p.setProperty("data_path", dataDir.getAbsolutePath() + File.separator);
            // Moquette commits its store on a timer (30 s by default): messages it acknowledged to a device in the
            // last interval are lost if the JVM is killed before Dayuan has them. One second keeps that short.
            p.setProperty("autosave_interval", "1");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Server.class.getClassLoader());
        try {
            server.startServer(new MemoryConfig(p), List.of(), null, access, access);
        } catch (RuntimeException | IOException e) {
            server.stopServer();
            if (causedBy(e, BindException.class)) {
                String message = "The embedded MQTT broker cannot listen on " + address + ": the port is in use,"
                        + " probably by another broker. Set another port in etc/org.dayuan.mqtt.broker.cfg, or"
                        + " uninstall feature dayuan-mqtt-broker and point etc/org.dayuan.mqtt.cfg at that broker.";
                LOG.error(message);
                throw new IOException(message, e);
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("Embedded MQTT broker (Moquette) listening on {}{}", address,
                dataDir == null ? ", in memory" : ", store in " + dataDir);
    }

    private static File dataDir(BrokerConfig config) {
        if (!config.dataDir().isBlank()) {
            return new File(config.dataDir());
        }
        return new File(System.getProperty("karaf.data", "data"), "dayuan" + File.separator + "mqtt-broker");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public String address() {
        return address;
    }

    @Deactivate
    public void stop() {
        server.stopServer();
        LOG.info("Embedded MQTT broker on {} stopped", address);
    }
}
