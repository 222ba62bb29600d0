package org.dayuan.fleet.rules;

import java.util.ArrayList;
import java.util.List;

/** Distances and areas on a local flat projection, exact enough within a county. */
final class Geo {
    private static final double METRES_PER_DEGREE = 111_195;

    private Geo() {
    }

    /** A WGS84 position. */
    record Point(double lat, double lon) {
    }

    static double metres(Point a, Point b) {
        double k = Math.cos(Math.toRadians((a.lat() + b.lat()) / 2));
        return Math.hypot((b.lon() - a.lon()) * k * METRES_PER_DEGREE, (b.lat() - a.lat()) * METRES_PER_DEGREE);
    }

    /** Metres from {@code p} to the segment a–b. */
    static double metresFromSegment(Point p, Point a, Point b) {
        double k = Math.cos(Math.toRadians(a.lat()));
        double bx = (b.lon() - a.lon()) * k * METRES_PER_DEGREE;
        double by = (b.lat() - a.lat()) * METRES_PER_DEGREE;
        double px = (p.lon() - a.lon()) * k * METRES_PER_DEGREE;
        double py = (p.lat() - a.lat()) * METRES_PER_DEGREE;
        double length2 = bx * bx + by * by;
        double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / length2));
        return Math.hypot(px - t * bx, py - t * by);
    }

    /** Even–odd ray casting; a polygon of fewer than three corners contains nothing. */
    static boolean inside(Point p, List<Point> polygon) {
        boolean in = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            Point a = polygon.get(i);
            Point b = polygon.get(j);
            if ((a.lat() > p.lat()) != (b.lat() > p.lat())
                    && p.lon() < (b.lon() - a.lon()) * (p.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
                in = !in;
            }
        }
        return in;
    }

    /** {@code "lon,lat;lon,lat;..."}; empty text is an empty polygon, fewer than three corners an error. */
    static List<Point> polygon(String text, String key) {
        List<Point> corners = new ArrayList<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] lonLat = pair.split(",");
            try {
                if (lonLat.length != 2) {
                    throw new NumberFormatException();
                }
                double lon = Double.parseDouble(lonLat[0].trim());
                double lat = Double.parseDouble(lonLat[1].trim());
                if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
                    throw new NumberFormatException();
                }
                corners.add(new Point(lat, lon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + pair.trim() + "' is not lon,lat in degrees");
            }
        }
        if (!corners.isEmpty() && corners.size() < 3) {
            throw new IllegalArgumentException(key + " needs at least three corners, or none");
        }
        return List.copyOf(corners);
    }
}
