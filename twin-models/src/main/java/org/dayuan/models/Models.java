package org.dayuan.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The names of the platform's W3C WoT Thing Models, for code that builds core twins (the demo county, tests). The
 * models themselves are resources {@code OSGI-INF/dayuan/models/<Type>.tm.jsonld} of this bundle, which twin-core's
 * model extender installs like those of any other bundle: nothing here decides which models exist.
 * A thing type's model describes the twin's attributes; each feature of the twin has its own feature model, linked
 * from the thing model as a {@code tm:submodel} whose {@code instanceName} is the feature id (as Eclipse Ditto's WoT
 * integration expects). Every model has the Ditto definition id {@code dayuan:<Type>:1.0.0}, which twins carry in
 * {@code definition} and features in their {@code definition} array.
 */
public final class Models {
    /** Namespace of every Dayuan definition id. */
    public static final String NAMESPACE = "dayuan";
    /** Version of every model in this release; bumped per model when one changes incompatibly. */
    public static final String VERSION = "1.0.0";
    /** The {@code @context} of every model. */
    public static final String TD_CONTEXT = "https://www.w3.org/2022/wot/td/v1.1";
    /** The {@code @type} of every model. */
    public static final String THING_MODEL = "tm:ThingModel";
    /** The key under which a model names its own Ditto definition id. */
    public static final String DEFINITION_KEY = "dayuan:definition";

    public static final String CAMPUS = "Campus";
    public static final String BUILDING = "Building";
    public static final String FLOOR = "Floor";
    public static final String ROOM = "Room";
    public static final String ORGANISATION = "Organisation";
    public static final String ENERGY_METER = "EnergyMeter";
    public static final String WATER_METER = "WaterMeter";
    public static final String FIRE_ALARM_PANEL = "FireAlarmPanel";
    public static final String FIRE_DETECTOR = "FireDetector";
    public static final String WATER_TANK_SENSOR = "WaterTankSensor";
    public static final String CAMERA = "Camera";
    public static final String ACCESS_GATE = "AccessGate";
    public static final String PARKING_SPACE = "ParkingSpace";
    public static final String VEHICLE = "Vehicle";

    public static final String ENERGY_MEASUREMENT = "EnergyMeasurement";
    public static final String WATER_MEASUREMENT = "WaterMeasurement";
    public static final String FIRE_STATUS = "FireStatus";
    public static final String TANK_STATUS = "TankStatus";
    public static final String VIDEO_STATUS = "VideoStatus";
    public static final String GATE_STATUS = "GateStatus";
    public static final String OCCUPANCY = "Occupancy";
    public static final String LOCATION = "Location";

    /** Where the models are among this bundle's resources (the path every model-carrying bundle uses). */
    public static final String RESOURCE_DIR = "/OSGI-INF/dayuan/models/";
    public static final String RESOURCE_SUFFIX = ".tm.jsonld";
    private static final String DEFINITION_PREFIX = NAMESPACE + ":";
    private static final String DEFINITION_SUFFIX = ":" + VERSION;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A type is a file name: a letter, then letters and digits. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private Models() {
    }

    /** Whether this bundle ships a model of {@code type}. */
    public static boolean isKnown(String type) {
        return type != null && TYPE.matcher(type).matches()
                && Models.class.getResource(RESOURCE_DIR + type + RESOURCE_SUFFIX) != null;
    }

    /** The Ditto definition id of a type, e.g. {@code dayuan:Room:1.0.0}; rejects unknown types. */
    public static String definitionOf(String type) {
        return DEFINITION_PREFIX + requireKnown(type) + DEFINITION_SUFFIX;
    }

    /** The type a Ditto definition id names, when it is one of ours. */
    public static Optional<String> typeOf(String definition) {
        if (definition == null || !definition.startsWith(DEFINITION_PREFIX) || !definition.endsWith(DEFINITION_SUFFIX)
                || definition.length() <= DEFINITION_PREFIX.length() + DEFINITION_SUFFIX.length()) {
            return Optional.empty();
        }
        String type = definition.substring(DEFINITION_PREFIX.length(), definition.length() - DEFINITION_SUFFIX.length());
        return isKnown(type) ? Optional.of(type) : Optional.empty();
    }

    /** Where a type's model lives among this bundle's resources, e.g. {@code /OSGI-INF/dayuan/models/Room.tm.jsonld}. */
    public static String resourcePath(String type) {
        return RESOURCE_DIR + requireKnown(type) + RESOURCE_SUFFIX;
    }

    /**
     * Opens a type's model; the caller closes the stream. Goes through this class so that, in OSGi, the resource is
     * looked up in this bundle whichever bundle calls.
     */
    public static InputStream open(String type) {
        String path = resourcePath(type);
        InputStream in = Models.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("The model resource " + path + " is missing from the twin-models bundle.");
        }
        return in;
    }

    /** A type's model parsed; a fresh copy on every call, so callers may change it. */
    public static ObjectNode read(String type) {
        try (InputStream in = open(type)) {
            if (MAPPER.readTree(in) instanceof ObjectNode model) {
                return model;
            }
            throw new IllegalStateException("The model of " + type + " is not a JSON object.");
        } catch (IOException e) {
            throw new UncheckedIOException("The model of " + type + " cannot be read.", e);
        }
    }

    private static String requireKnown(String type) {
        if (!isKnown(type)) {
            throw new IllegalArgumentException("This bundle ships no model of type <" + type + ">.");
        }
        return type;
    }
}
