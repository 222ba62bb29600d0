package org.dayuan.gbt26875;

import java.time.LocalDateTime;

/**
 * One information object (信息对象) of a data unit. Every object of the types read here starts with the system type
 * (系统类型标志, 1 = fire alarm system) and the system address (系统地址, the panel's number behind the transmission
 * device) and ends with the time the event happened at the panel.
 */
public sealed interface InfoObject permits SystemStatus, ComponentStatus, AnalogValue, OperationInfo, SystemTime {
    /** The type flag (类型标志) of the data unit such objects travel in. */
    int type();

    int systemType();

    int systemAddress();

    LocalDateTime time();

    /** The object's size on the wire. */
    int size();
}
