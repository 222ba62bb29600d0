package org.dayuan.fleet.indicators;

import java.time.Instant;
import java.util.OptionalDouble;

import org.dayuan.twin.TwinId;

/** Km a vehicle's odometer advanced between two instants; empty when its history cannot tell. */
@FunctionalInterface
public interface Odometers {
    OptionalDouble km(TwinId vehicle, Instant from, Instant to);
}
