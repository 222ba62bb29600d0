// 公车一张网: the campus's official vehicles live (where, moving or parked, online), a vehicle's track over the last
// hours drawn on a plain metric plane around the campus (campuses run on closed networks: no online map tiles), its
// open misuse alarms with the evidence track each carries, and its trip orders. Shown while dayuan-fleet is installed.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { addMessages, t, formatNumber, formatTime } from '../i18n.js';
import { registerView } from '../views.js';
import { changes } from '../sse.js';
import { alarmRow, canAct, openAlarmFilter, resolveNames } from '../cockpit/alarms.js';
import { fitPlane } from './plane.js';

addMessages({
  'fleet.title': ['公车', 'Vehicles'],
  'fleet.vehicles': ['车辆 {n}', 'Vehicles {n}'],
  'fleet.plate': ['车牌', 'Plate'],
  'fleet.state': ['状态', 'State'],
  'fleet.speed': ['速度 km/h', 'Speed km/h'],
  'fleet.odometer': ['里程 km', 'Odometer km'],
  'fleet.energy': ['油量 L / 电量 %', 'Fuel L / charge %'],
  'fleet.seen': ['最后上报', 'Last report'],
  'fleet.state.moving': ['行驶', 'moving'],
  'fleet.state.parked': ['停放', 'parked'],
  'fleet.state.offline': ['离线', 'offline'],
  'fleet.track': ['轨迹', 'Track'],
  'fleet.hours': ['近 {n} 小时', 'last {n} h'],
  'fleet.trackInfo': ['{points} 个定位点 · {km} km', '{points} fixes · {km} km'],
  'fleet.noTrack': ['该时段没有定位', 'no fixes in this period'],
  'fleet.pick': ['选择一辆车查看轨迹、告警和派车单', 'Pick a vehicle for its track, alarms and trip orders'],
  'fleet.alarms': ['违规告警', 'Misuse alarms'],
  'fleet.evidence': ['显示证据轨迹', 'Show evidence track'],
  'fleet.trips': ['派车单', 'Trip orders'],
  'fleet.noTrips': ['没有派车单', 'No trip orders'],
  'fleet.trip.requested': ['已申请', 'requested'],
  'fleet.trip.approved': ['已审批', 'approved'],
  'fleet.trip.rejected': ['已驳回', 'rejected'],
  'fleet.trip.dispatched': ['已派车', 'dispatched'],
  'fleet.trip.onTrip': ['出车中', 'on trip'],
  'fleet.trip.returned': ['已还车', 'returned'],
  'fleet.trip.closed': ['已结单', 'closed'],
  'fleet.trip.cancelled': ['已取消', 'cancelled'],
  'fleet.km': ['{km} km', '{km} km'],
});

const VEHICLE = 'dayuan:Vehicle:1.0.0';
const TRACK_HOURS = [2, 12, 24, 72];

/** moving, parked or offline, as the terminal last said. */
export function vehicleState(location = {}) {
  if (location.online === false) return 'offline';
  return location.acc === true || (location.speed || 0) > 0 ? 'moving' : 'parked';
}

function mount(root, arg, context) {
  let gone = false;
  let stream = null;
  let selected = arg || null;
  let hours = 24;
  let evidence = null; // an alarm's track drawn over the vehicle's own
  const vehicles = new Map(); // thingId -> { thingId, attributes, location }
  const rows = new Map();
  const tbody = h('tbody');
  const count = h('span', { class: 'muted' });
  const plane = h('div', { class: 'plane' });
  const trackInfo = h('p', { class: 'track-info muted' });
  const detail = h('div', { class: 'fleet-detail' }, h('p', { class: 'muted' }, t('fleet.pick')));
  const hourButtons = TRACK_HOURS.map((n) => h('button', {
    type: 'button', class: 'hours', dataset: { hours: n },
    onclick: () => { hours = n; evidence = null; showTrack(); },
  }, t('fleet.hours', { n })));
  root.append(h('section', { class: 'fleet' },
    h('div', { class: 'panel list' },
      h('h3', {}, t('fleet.title'), ' ', count),
      h('table', { class: 'vehicles' },
        h('thead', {}, h('tr', {}, ['fleet.plate', 'fleet.state', 'fleet.speed', 'fleet.odometer', 'fleet.energy',
          'fleet.seen'].map((k) => h('th', {}, t(k))))),
        tbody)),
    h('div', { class: 'panel map' }, h('h3', {}, t('fleet.track'), ' ', h('span', { class: 'hour-buttons' }, hourButtons)),
      trackInfo, plane),
    h('div', { class: 'panel side' }, detail)));
  root.dataset.ready = 'false';

  let anchor = null;
  let track = null;

  function row(v) {
    const p = v.location || {};
    const state = vehicleState(p);
    const energy = [p.fuel !== undefined ? `${formatNumber(p.fuel, 1)} L` : null,
      p.soc !== undefined ? `${formatNumber(p.soc)} %` : null].filter(Boolean).join(' · ') || '–';
    const tr = h('tr', {
      dataset: { thing: v.thingId, state },
      class: v.thingId === selected ? 'selected' : '',
      onclick: () => select(v.thingId),
    },
    h('td', {}, v.attributes?.plate || v.thingId),
    h('td', { class: `state-${state}` }, t(`fleet.state.${state}`)),
    h('td', { class: 'num' }, formatNumber(p.speed, 0)),
    h('td', { class: 'num' }, formatNumber(p.odometer, 1)),
    h('td', { class: 'num' }, energy),
    h('td', {}, formatTime(p.timestamp)));
    return tr;
  }

  function render(thingId) {
    const v = vehicles.get(thingId);
    const tr = row(v);
    const old = rows.get(thingId);
    if (old) old.replaceWith(tr); else tbody.append(tr);
    rows.set(thingId, tr);
  }

  function draw() {
    const dots = [...vehicles.values()].filter((v) => Number.isFinite(v.location?.lat)).map((v) => ({
      id: v.thingId, lat: v.location.lat, lon: v.location.lon, label: v.attributes?.plate || v.thingId,
      state: vehicleState(v.location), selected: v.thingId === selected,
    }));
    const lines = [];
    if (track?.geometry?.coordinates?.length) lines.push({ kind: 'track', coordinates: track.geometry.coordinates });
    if (evidence?.geometry?.coordinates?.length) lines.push({ kind: 'evidence', coordinates: evidence.geometry.coordinates });
    clear(plane).append(fitPlane({ anchor, dots, lines, onPick: select }));
  }

  async function load() {
    const campus = context.campus;
    if (!campus) return;
    const [campusTwin, items] = await Promise.all([
      api.thing(campus, { fields: 'attributes/geometry/anchor' }).catch(() => null),
      api.searchAll(`and(eq(definition,"${VEHICLE}"),eq(_ancestors,${JSON.stringify(campus)}))`,
        { fields: 'thingId,attributes/plate,attributes/organisation,attributes/energyType,features/location/properties' }),
    ]);
    if (gone) return;
    anchor = campusTwin?.attributes?.geometry?.anchor || null;
    vehicles.clear();
    rows.clear();
    clear(tbody);
    items.forEach((it) => {
      vehicles.set(it.thingId, { thingId: it.thingId, attributes: it.attributes, location: it.features?.location?.properties });
      render(it.thingId);
    });
    count.textContent = t('fleet.vehicles', { n: items.length });
    draw();
    follow(campus);
    if (selected) await select(selected);
    root.dataset.ready = 'true';
  }

  function follow(campus) {
    stream?.close();
    stream = changes({
      filter: `eq(definition,"${VEHICLE}")`,
      namespaces: api.namespaceOf(campus),
      fields: 'thingId,features/location/properties',
    }, (ev) => {
      const v = vehicles.get(ev.thingId);
      const p = ev.features?.location?.properties;
      if (!v || !p) return;
      v.location = { ...v.location, ...p };
      render(ev.thingId);
      draw();
    }, { onReset: load });
  }

  async function showTrack() {
    hourButtons.forEach((b) => b.classList.toggle('active', Number(b.dataset.hours) === hours));
    if (!selected) return;
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3600000);
    try {
      track = await api.get(`/api/dayuan/fleet/vehicles/${encodeURIComponent(selected)}/track${api.query({
        from: from.toISOString(), to: to.toISOString(), maxPoints: 500 })}`);
      const n = track.geometry?.coordinates?.length || 0;
      trackInfo.textContent = n ? t('fleet.trackInfo', { points: formatNumber(track.properties?.points),
        km: formatNumber(track.properties?.odometerKm ?? track.properties?.km, 1) }) : t('fleet.noTrack');
    } catch (err) {
      track = null;
      trackInfo.textContent = err.message;
    }
    plane.dataset.points = String(track?.geometry?.coordinates?.length || 0);
    if (!gone) draw();
  }

  async function showDetail() {
    const v = vehicles.get(selected);
    const alarmList = h('ul', { class: 'alarms' });
    const tripList = h('ul', { class: 'trips' });
    clear(detail).append(
      h('h3', {}, v?.attributes?.plate || selected),
      h('p', {}, h('a', { href: `#/room/${encodeURIComponent(selected)}` }, selected)),
      h('h3', {}, t('fleet.alarms')), alarmList,
      h('h3', {}, t('fleet.trips')), tripList);
    const [alarms, me] = await Promise.all([
      api.get(`/api/2/search/things${api.query({ filter: openAlarmFilter({ of: selected, extra: 'like(attributes/type,"fleet.*")' }), option: 'sort(-attributes/raisedAt),size(50)' })}`),
      api.get('/api/dayuan/auth/whoami'),
    ]);
    await resolveNames(alarms.items.map((a) => a.attributes?.source));
    if (gone) return;
    clear(alarmList).append(...(alarms.items.length ? alarms.items.map((a) => {
      const li = alarmRow(a, { act: canAct(me), onChanged: showDetail });
      const geo = a.attributes?.details?.track;
      if (geo?.geometry?.coordinates?.length) {
        li.append(h('button', { type: 'button', class: 'link evidence', onclick: () => { evidence = geo; draw(); } }, t('fleet.evidence')));
      }
      return li;
    }) : [h('li', { class: 'empty muted' }, t('alarm.none'))]));
    alarmList.dataset.count = alarms.items.length;
    try {
      const trips = await api.get(`/api/dayuan/fleet/trips${api.query({ vehicle: selected })}`);
      const items = trips.items || [];
      clear(tripList).append(...(items.length ? items.slice(0, 20).map((trip) => {
        const a = trip.attributes || {};
        return h('li', { dataset: { thing: trip.thingId, state: a.state } },
          h('strong', {}, t(`fleet.trip.${a.state}`)), ' ', a.purpose || '', ' → ', a.destination?.name || '',
          h('div', { class: 'muted' }, formatTime(a.plannedStart), ' – ', formatTime(a.plannedEnd),
            a.actual?.km !== undefined ? ` · ${t('fleet.km', { km: formatNumber(a.actual.km, 1) })}` : ''));
      }) : [h('li', { class: 'empty muted' }, t('fleet.noTrips'))]));
    } catch (err) {
      clear(tripList).append(h('li', { class: 'error' }, err.message));
    }
  }

  async function select(thingId) {
    selected = thingId;
    evidence = null;
    history.replaceState(null, '', `#/fleet/${encodeURIComponent(thingId)}`);
    rows.forEach((tr, id) => tr.classList.toggle('selected', id === thingId));
    await Promise.all([showTrack(), showDetail()]);
  }

  const stopCampus = context.onCampus(() => { selected = null; load(); });
  load().catch((err) => { root.append(h('p', { class: 'error' }, err.message)); });
  return () => {
    gone = true;
    stream?.close();
    stopCampus();
  };
}

registerView('fleet', { title: 'fleet.title', nav: true, line: 'dayuan-fleet', mount });
