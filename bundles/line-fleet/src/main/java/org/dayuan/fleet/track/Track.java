package org.dayuan.fleet.track;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.twin.TwinId;

/**
 * A vehicle's positions over {@code from} (inclusive) to {@code to} (exclusive) in the terminal's time order, with
 * what a trip, a rule's evidence and a map need from them: distance, duration and a GeoJSON line small enough to draw.
 */
public record Track(TwinId vehicle, Instant from, Instant to, List<TrackPoint> points) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Metres per degree of latitude; a degree of longitude is this times cos(latitude). */
    private static final double METRES_PER_DEGREE = 111_195;

    public Track {
        points = List.copyOf(points);
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** Kilometres along the points. */
    public double km() {
        double km = 0;
        for (int i = 1; i < points.size(); i++) {
            km += points.get(i - 1).kmTo(points.get(i));
        }
        return km;
    }

    /**
     * Kilometres by the odometer (the terminal's mileage item): last reading minus first, which unlike {@link #km()}
     * does not lose the road between two reports; empty when fewer than two points carry a reading.
     */
    public OptionalDouble odometerKm() {
        OptionalDouble first = OptionalDouble.empty();
        OptionalDouble last = OptionalDouble.empty();
        for (TrackPoint p : points) {
            if (p.odometer().isPresent()) {
                if (first.isEmpty()) {
                    first = p.odometer();
                }
                last = p.odometer();
            }
        }
        return first.isPresent() && last.getAsDouble() > first.getAsDouble()
                ? OptionalDouble.of(last.getAsDouble() - first.getAsDouble()) : OptionalDouble.empty();
    }

    /**
     * The points kept by Ramer–Douglas–Peucker with the smallest tolerance that leaves at most {@code maxPoints}
     * (at least 2): the shape of the road stays, the straight stretches go. First and last points always stay.
     */
    public List<TrackPoint> simplified(int maxPoints) {
        int max = Math.max(2, maxPoints);
        if (points.size() <= max) {
            return points;
        }
        double[] tolerance = new double[points.size()];
        tolerance[0] = Double.MAX_VALUE;
        tolerance[points.size() - 1] = Double.MAX_VALUE;
        rank(0, points.size() - 1, Double.MAX_VALUE, tolerance);
        // keep the max points with the largest tolerances, i.e. those the line is farthest from without them
        double[] sorted = tolerance.clone();
        Arrays.sort(sorted);
        double cut = sorted[sorted.length - max];
        List<TrackPoint> kept = new ArrayList<>(max);
        for (int i = 0; i < points.size() && kept.size() < max; i++) {
            if (tolerance[i] >= cut) {
                kept.add(points.get(i));
            }
        }
        if (!kept.get(kept.size() - 1).equals(points.get(points.size() - 1))) {
            kept.set(kept.size() - 1, points.get(points.size() - 1));
        }
        return kept;
    }

    /**
     * For each inner point, the tolerance at which Douglas–Peucker would drop it: its distance from the chord of the
     * segment it splits, capped by the tolerance of the split above (a point is only reached once its parent stays).
     * Iterative, so a day of reports cannot overflow the stack.
     */
    private void rank(int first, int last, double cap, double[] tolerance) {
        ArrayDeque<double[]> work = new ArrayDeque<>();
        work.push(new double[] {first, last, cap});
        while (!work.isEmpty()) {
            double[] segment = work.pop();
            int a = (int) segment[0];
            int b = (int) segment[1];
            if (b - a < 2) {
                continue;
            }
            int farthest = -1;
            double distance = -1;
            for (int i = a + 1; i < b; i++) {
                double d = metresFromChord(points.get(i), points.get(a), points.get(b));
                if (d > distance) {
                    distance = d;
                    farthest = i;
                }
            }
            double t = Math.min(distance, segment[2]);
            tolerance[farthest] = t;
            work.push(new double[] {a, farthest, t});
            work.push(new double[] {farthest, b, t});
        }
    }

    /** Distance of {@code p} from the segment a–b, on a local flat projection (fine over a county). */
    private static double metresFromChord(TrackPoint p, TrackPoint a, TrackPoint b) {
        double k = Math.cos(Math.toRadians(a.lat()));
        double ax = a.lon() * k * METRES_PER_DEGREE;
        double ay = a.lat() * METRES_PER_DEGREE;
        double bx = b.lon() * k * METRES_PER_DEGREE - ax;
        double by = b.lat() * METRES_PER_DEGREE - ay;
        double px = p.lon() * k * METRES_PER_DEGREE - ax;
        double py = p.lat() * METRES_PER_DEGREE - ay;
        double length2 = bx * bx + by * by;
        double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / length2));
        return Math.hypot(px - t * bx, py - t * by);
    }

    /**
     * A GeoJSON Feature: a LineString ([lon, lat] as GeoJSON orders them) of at most {@code maxPoints} points, and
     * in its properties the vehicle, the range, {@code km}, the number of points measured and, per drawn point, its
     * time and speed ({@code coordTimes}, {@code speeds}: the arrays map viewers read beside a line's coordinates).
     * An empty track is a LineString without coordinates.
     */
    public ObjectNode toGeoJson(int maxPoints) {
        List<TrackPoint> drawn = simplified(maxPoints);
        ObjectNode feature = NODES.objectNode();
        feature.put("type", "Feature");
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "LineString");
        ArrayNode coordinates = geometry.putArray("coordinates");
        ObjectNode properties = feature.putObject("properties");
        properties.put("vehicle", vehicle.toString());
        properties.put("from", from.toString());
        properties.put("to", to.toString());
        properties.put("points", points.size());
        properties.put("km", Math.round(km() * 1000) / 1000.0);
        odometerKm().ifPresent(km -> properties.put("odometerKm", Math.round(km * 10) / 10.0));
        ArrayNode times = properties.putArray("coordTimes");
        ArrayNode speeds = properties.putArray("speeds");
        for (TrackPoint p : drawn) {
            coordinates.addArray().add(p.lon()).add(p.lat());
            times.add(p.at().toString());
            speeds.add(p.speed());
        }
        return feature;
    }
}
