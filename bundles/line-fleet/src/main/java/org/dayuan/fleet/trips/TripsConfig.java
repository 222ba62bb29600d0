package org.dayuan.fleet.trips;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Dayuan fleet line: trip orders and tracks",
        description = "Trip orders (派车单) requested, approved, dispatched, started (by hand or by the car's first"
                + " moving report), returned and closed; and the vehicle track API.")
public @interface TripsConfig {
    @AttributeDefinition(description = "Minutes before a dispatched order's planned start and after its planned end"
            + " in which a moving car starts the trip by itself.", min = "0")
    int graceMinutes() default 30;

    @AttributeDefinition(description = "Speed in km/h above which a report shows the dispatched car moving.",
            min = "0")
    double start_speedKmh() default 5;

    @AttributeDefinition(description = "Metres a dispatched car with ACC on must have moved from its first ACC-on"
            + " report to count as moving, whatever its speed.", min = "1")
    int start_movedMeters() default 100;

    @AttributeDefinition(description = "Corridor in metres an order gets when its request names none: how far the"
            + " track may stray from the way origin → destination → origin.", min = "0")
    int corridorMeters() default 2000;

    @AttributeDefinition(description = "Most days a track request may cover.", min = "1")
    int track_maxDays() default 7;

    @AttributeDefinition(description = "Points a track request draws when it names no maxPoints.", min = "2")
    int track_defaultPoints() default 500;

    @AttributeDefinition(description = "Most points a track request may ask for.", min = "2")
    int track_maxPoints() default 5000;

    @AttributeDefinition(description = "Points of the track a returned order keeps in actual.track.", min = "2")
    int return_trackPoints() default 200;

    @AttributeDefinition(description = "Minutes a terminal's clock may run ahead of the server: the history is read"
            + " this much before a track's start.", min = "0")
    int track_clockSkewMinutes() default 5;

    @AttributeDefinition(description = "Hours after a track's end in which late (blind-area) reports are still"
            + " looked for.", min = "0")
    int track_lateReportHours() default 6;
}
