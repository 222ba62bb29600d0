package org.dayuan.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code geometry} attribute as the models describe it: metric local frames (x east, y north, z up), the
 * campus frame anchored in WGS84, building frames offset in the campus frame.
 */
final class Geometry {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** WGS84 semi-major axis; a tangent plane at the anchor is accurate to centimetres across one campus. */
    private static final double EARTH_RADIUS_M = 6_378_137.0;
    /** Centimetres: finer than any drawing, and keeps float noise such as 8.399999 out of the JSON. */
    private static final double METRE_SCALE = 100.0;
    /** Microdegrees, the resolution JT/T 808 reports positions in. */
    private static final double DEGREE_SCALE = 1_000_000.0;

    private Geometry() {
    }

    record Point(double x, double y, double z) {
        ObjectNode toJson() {
            ObjectNode p = JSON.objectNode();
            p.put("x", metres(x));
            p.put("y", metres(y));
            p.put("z", metres(z));
            return p;
        }
    }

    /** An axis-aligned rectangle on a floor (or the ground); touching edges do not overlap. */
    record Box(double x, double y, double width, double depth) {
        double area() {
            return metres(width * depth);
        }

        /** The point at fractions {@code fx}, {@code fy} of the box, {@code z} above its floor. */
        Point at(double fx, double fy, double z) {
            return new Point(x + width * fx, y + depth * fy, z);
        }

        Point centre(double z) {
            return at(0.5, 0.5, z);
        }

        boolean overlaps(Box o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.depth && o.y < y + depth;
        }

        ObjectNode toJson() {
            ObjectNode b = JSON.objectNode();
            b.put("x", metres(x));
            b.put("y", metres(y));
            b.put("width", metres(width));
            b.put("depth", metres(depth));
            return b;
        }
    }

    /** The campus: its WGS84 anchor (origin of the campus frame) and its site outline. */
    static ObjectNode campus(double lat, double lon, double alt, double width, double depth) {
        ObjectNode g = JSON.objectNode();
        ObjectNode anchor = g.putObject("anchor");
        anchor.put("crs", "WGS84");
        anchor.put("lat", degrees(lat));
        anchor.put("lon", degrees(lon));
        anchor.put("alt", metres(alt));
        g.set("footprint", rectangle(width, depth));
        return g;
    }

    /** A building: where its frame sits in the campus frame, its outline in its own frame, its height. */
    static ObjectNode building(Point offset, double width, double depth, double height) {
        ObjectNode g = JSON.objectNode();
        g.set("offset", offset.toJson());
        g.put("rotation", 0);
        g.set("footprint", rectangle(width, depth));
        g.put("height", metres(height));
        return g;
    }

    /** The optional {@code model} of a geometry: a glTF file and the node in it that draws the twin. */
    static ObjectNode model(String url, String node) {
        ObjectNode m = JSON.objectNode();
        m.put("url", url);
        m.put("node", node);
        return m;
    }

    static ObjectNode floor(double elevation, double height, double width, double depth) {
        ObjectNode g = JSON.objectNode();
        g.put("elevation", metres(elevation));
        g.put("height", metres(height));
        g.set("footprint", rectangle(width, depth));
        return g;
    }

    static ObjectNode box(Box box) {
        ObjectNode g = JSON.objectNode();
        g.set("box", box.toJson());
        return g;
    }

    static ObjectNode position(Point p) {
        ObjectNode g = JSON.objectNode();
        g.set("position", p.toJson());
        return g;
    }

    /** Counter-clockwise outline of a {@code width} × {@code depth} rectangle from the origin. */
    static ArrayNode rectangle(double width, double depth) {
        ArrayNode outline = JSON.arrayNode();
        double[][] corners = {{0, 0}, {width, 0}, {width, depth}, {0, depth}};
        for (double[] c : corners) {
            outline.addArray().add(metres(c[0])).add(metres(c[1]));
        }
        return outline;
    }

    /** WGS84 latitude and longitude of the campus-frame point ({@code x}, {@code y}). */
    static double[] toWgs84(double anchorLat, double anchorLon, double x, double y) {
        double lat = anchorLat + Math.toDegrees(y / EARTH_RADIUS_M);
        double lon = anchorLon + Math.toDegrees(x / (EARTH_RADIUS_M * Math.cos(Math.toRadians(anchorLat))));
        return new double[] {degrees(lat), degrees(lon)};
    }

    static double metres(double v) {
        return Math.round(v * METRE_SCALE) / METRE_SCALE;
    }

    static double degrees(double v) {
        return Math.round(v * DEGREE_SCALE) / DEGREE_SCALE;
    }
}
