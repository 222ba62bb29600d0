package org.dayuan.office.standards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard in force, registered as the line's {@link StandardsSource}: the shipped edition or the configured
 * file, with the township row of the config. A bad file or township row refuses the configuration (the component does not start,
 * and the log says why) rather than judging offices by a table nobody meant. No {@code @Modified}: a change
 * re-registers the source: the rules and the indicators, which hold it statically, are re-created with it (the rules
 * judge every room again); the room card asks its dynamic reference at each use.
 */
@Component(service = StandardsSource.class, configurationPid = StandardsInForce.PID)
@Designate(ocd = StandardsConfig.class)
public final class StandardsInForce implements StandardsSource {
    public static final String PID = "org.dayuan.office.standards";
    /** The shipped edition, a resource of this bundle. */
    public static final String NATIONAL_2014 = "2014-2674.json";
    private static final Logger LOG = LoggerFactory.getLogger(StandardsInForce.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Standards standards;

    @Activate
    public StandardsInForce(StandardsConfig config) {
        this(load(config.file()).withTownship(config.township_head(), config.township_deputy(),
                config.township_staff()));
        LOG.info("Office area standard in force: {}{}", standards.edition(),
                config.file().isBlank() ? "" : " from " + config.file());
    }

    public StandardsInForce(Standards standards) {
        this.standards = standards;
    }

    @Override
    public Standards get() {
        return standards;
    }

    /** The shipped 2014 national edition, without a township row. */
    public static Standards national() {
        try (InputStream in = StandardsInForce.class.getResourceAsStream(NATIONAL_2014)) {
            if (in == null) {
                throw new IllegalStateException("The bundle lacks its standard " + NATIONAL_2014);
            }
            return Standards.parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Standards load(String file) {
        if (file == null || file.isBlank()) {
            return national();
        }
        try {
            return Standards.parse(JSON.readTree(Files.readAllBytes(Path.of(file))));
        } catch (IOException e) {
            throw new IllegalArgumentException("The standard file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
