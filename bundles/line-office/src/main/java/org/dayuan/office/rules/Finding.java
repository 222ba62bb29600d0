package org.dayuan.office.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dayuan.alarms.Severity;
import org.dayuan.twin.TwinId;

/** A condition the rules found on one room: its alarm type, severity, Chinese title, message and figures. */
public record Finding(TwinId room, String type, Severity severity, String name, String message, ObjectNode details) {
}
