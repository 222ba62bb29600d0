// What colour a room or a device shows, from the twins alone (so a replayed snapshot colours as the live one does).
import { ALARM_DEFINITION, OPEN_STATES } from '../cockpit/alarms.js';

export const DEF = {
  campus: 'dayuan:Campus:1.0.0',
  building: 'dayuan:Building:1.0.0',
  floor: 'dayuan:Floor:1.0.0',
  room: 'dayuan:Room:1.0.0',
  parking: 'dayuan:ParkingSpace:1.0.0',
  alarm: ALARM_DEFINITION,
};

// ISA-18.2 states in which an alarm still stands; `closed` does not.
const OPEN_ALARM = new Set(OPEN_STATES);

export const ROOM_COLOURS = {
  alarm: '#e53935',
  overStandard: '#ab47bc',
  occupied: '#42a5f5',
  letOut: '#26a69a',
  idle: '#cfd8dc',
  repair: '#ffb74d',
};

/** The office line's alarm of an office over its occupants' entitlement: it colours the room, not as an alarm. */
export const OVER_STANDARD_ALARM = 'office.over-standard';

export const DEVICE_COLOURS = {
  fire: '#e53935',
  alarm: '#ff7043',
  fault: '#fdd835',
  offline: '#757575',
  ok: '#43a047',
};

export const BUILDING_COLOUR = '#d8c9a8';
export const FLOOR_COLOUR = '#b9c4d0';
export const PARKING_COLOURS = { occupied: '#5c6bc0', free: '#4f5b66' };

export function isOpenAlarm(twin) {
  return twin?.definition === DEF.alarm && OPEN_ALARM.has(twin.attributes?.state);
}

function props(twin) {
  return Object.values(twin.features || {}).map((f) => f?.properties || {});
}

/**
 * A device's state from its live properties and its own open alarms, worst first: fire, alarm, fault, offline, ok.
 * `alarmed` is the set of thingIds that are the source (or parent) of an open alarm.
 */
export function deviceState(twin, alarmed) {
  const ps = props(twin);
  if (ps.some((p) => p.fire === true)) return 'fire';
  if (alarmed.has(twin.thingId)) return 'alarm';
  if (ps.some((p) => p.fault === true)) return 'fault';
  if (ps.some((p) => p.online === false || p.disabled === true)) return 'offline';
  return 'ok';
}

/**
 * A room's state. In alarm: an open alarm on the room or on a twin below it, or a detector below it reporting fire.
 * Over standard: an open office.over-standard alarm on the room (the office line's rules raise it while the area is
 * above the occupants' entitlement), or `overStandard === true` as an attribute or feature property. Under repair:
 * status underRepair. Let out (出租出借): status letOut. Occupied: status inUse, or occupants listed. Otherwise idle.
 */
export function roomState(twin, alarmedRooms, overStandardRooms = new Set()) {
  const a = twin.attributes || {};
  if (alarmedRooms.has(twin.thingId)) return 'alarm';
  if (overStandardRooms.has(twin.thingId) || a.overStandard === true
    || props(twin).some((p) => p.overStandard === true)) return 'overStandard';
  if (a.status === 'underRepair') return 'repair';
  if (a.status === 'letOut') return 'letOut';
  if (a.status === 'inUse' || (Array.isArray(a.occupants) && a.occupants.length > 0)) return 'occupied';
  return 'idle';
}

/**
 * The rooms in alarm: walk up from each open alarm's source (and each device reporting fire) to the first room.
 * An open over-standard alarm puts its room in `overStandard` instead. `twins` is a Map thingId -> twin.
 */
export function alarmedSets(twins) {
  const alarmed = new Set();
  const rooms = new Set();
  const overStandard = new Set();
  const up = (id) => {
    for (let cur = twins.get(id), n = 0; cur && n < 12; cur = twins.get(cur.attributes?.parent), n++) {
      if (cur.definition === DEF.room) {
        rooms.add(cur.thingId);
        return;
      }
    }
  };
  for (const twin of twins.values()) {
    if (isOpenAlarm(twin) && twin.attributes.type === OVER_STANDARD_ALARM) {
      overStandard.add(twin.attributes.source || twin.attributes.parent);
    } else if (isOpenAlarm(twin)) {
      const source = twin.attributes.source || twin.attributes.parent;
      alarmed.add(source);
      up(source);
    } else if (props(twin).some((p) => p.fire === true)) {
      up(twin.thingId);
    }
  }
  return { alarmed, rooms, overStandard };
}
