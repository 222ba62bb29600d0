package org.dayuan.fleet.rules;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.twin.TwinId;

/**
 * A rule's finding about a vehicle: its alarm type ({@code fleet.*}), severity, Chinese name, message with the figures,
 * the span of terminal time over which the condition held ({@code since} to {@code at}: the track of that span is its
 * evidence) and the figures as alarm details.
 */
record Finding(TwinId vehicle, String type, Severity severity, String name, String message, Instant since,
               Instant at, ObjectNode details) {
}
