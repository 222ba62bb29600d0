package org.dayuan.fleet.indicators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import org.dayuan.twin.Caller;
import org.dayuan.twin.DayuanException;
import org.dayuan.twin.JsonPointer;
import org.dayuan.twin.TimeSeries;
import org.dayuan.twin.TwinHistory;
import org.dayuan.twin.TwinId;

/**
 * Odometer km from the vehicle's history, as {@code caller}: the reading at the end (or now, for a period still
 * running) less the reading at the start. Two point look-ups, so a year costs no more than a month. A vehicle
 * created within the period starts from its first reading (read from the period's changes); a reading that went
 * back (terminal swapped, odometer reset) gives no figure rather than a wrong one.
 */
public final class HistoryOdometers implements Odometers {
    static final JsonPointer ODOMETER = JsonPointer.of("features", "location", "properties", "odometer");

    private final TwinHistory history;
    private final Caller caller;
    private final Clock clock;

    public HistoryOdometers(TwinHistory history, Caller caller, Clock clock) {
        this.history = history;
        this.caller = caller;
        this.clock = clock;
    }

    @Override
    public OptionalDouble km(TwinId vehicle, Instant from, Instant to) {
        Instant now = clock.instant();
        Instant end = to.isAfter(now) ? now : to;
        if (!end.isAfter(from)) {
            return OptionalDouble.empty();
        }
        Optional<Double> last = reading(vehicle, end);
        if (last.isEmpty()) {
            return OptionalDouble.empty();
        }
        Optional<Double> first = reading(vehicle, from).or(() -> firstWithin(vehicle, from, end));
        if (first.isEmpty() || last.get() < first.get()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(last.get() - first.get());
    }

    private Optional<Double> reading(TwinId vehicle, Instant at) {
        try {
            return number(history.atInstant(caller, vehicle, at).get(ODOMETER));
        } catch (DayuanException e) {
            if (e.status() == 404) {
                return Optional.empty(); // not yet there then, or retention removed that past
            }
            throw e;
        }
    }

    private Optional<Double> firstWithin(TwinId vehicle, Instant from, Instant end) {
        try {
            TimeSeries s = history.series(caller, vehicle, ODOMETER, from, end, Duration.between(from, end));
            return s.points().isEmpty() || s.points().get(0).min().isEmpty() ? Optional.empty()
                    : Optional.of(s.points().get(0).min().getAsDouble());
        } catch (DayuanException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<Double> number(Optional<JsonNode> value) {
        return value.filter(JsonNode::isNumber).map(JsonNode::asDouble);
    }
}
