// The twin card: what a twin is, its live properties, its open alarms and a property's recent history.
// Opened by the 3D campus when a room or device is picked, and on its own page at #/room/<thingId> (a QR code on a door).
import * as api from './api.js';
import { h, clear } from './dom.js';
import { addMessages, t, formatNumber, formatTime } from './i18n.js';
import { registerView } from './views.js';
import { changes } from './sse.js';
import { chart, axisStyle } from './charts.js';
import {
  ALARM_DEFINITION, OPEN_STATES, alarmRow, canAct, openAlarmFilter, resolveNames, nameOf,
} from './cockpit/alarms.js';

addMessages({
  'card.attributes': ['属性', 'Attributes'],
  'card.features': ['实时状态', 'Live properties'],
  'card.devices': ['室内设备', 'Devices in it'],
  'card.alarms': ['未关闭告警', 'Open alarms'],
  'card.history': ['历史曲线', 'Recent history'],
  'card.noNumeric': ['没有可画曲线的数值属性', 'No numeric property to chart'],
  'card.noHistory': ['该时段没有记录', 'Nothing recorded in this period'],
  'card.range.1h': ['近 1 小时', 'last hour'],
  'card.range.24h': ['近 24 小时', 'last 24 h'],
  'card.range.7d': ['近 7 天', 'last 7 days'],
  'card.close': ['关闭', 'Close'],
  'card.room': ['房间卡片', 'Room card'],
  'card.asOf': ['回溯：{time} 时的状态', 'Replay: as it was at {time}'],
  'card.notFound': ['找不到该孪生，或无权查看', 'No such twin, or you may not see it'],
  'card.occupantsN': ['{n} 人', '{n} people'],
  'card.occupant': ['{name}（{rank}）', '{name} ({rank})'],
  'card.listSeparator': ['、', ', '],
  'card.avg': ['平均', 'average'],
  'card.min': ['最小', 'min'],
  'card.max': ['最大', 'max'],
  'attr.name': ['名称', 'Name'],
  'attr.shortName': ['简称', 'Short name'],
  'attr.code': ['编码', 'Code'],
  'attr.number': ['房间号', 'Number'],
  'attr.category': ['类别', 'Category'],
  'attr.use': ['用途', 'Use'],
  'attr.usableArea': ['使用面积', 'Usable area'],
  'attr.grossArea': ['建筑面积', 'Gross area'],
  'attr.siteArea': ['占地面积', 'Site area'],
  'attr.buildingArea': ['办公面积', 'Office area'],
  'attr.organisation': ['使用单位', 'Organisation'],
  'attr.managedBy': ['管理单位', 'Managed by'],
  'attr.occupants': ['使用人', 'Occupants'],
  'attr.status': ['状态', 'Status'],
  'attr.ownership': ['产权', 'Ownership'],
  'attr.parent': ['所在位置', 'Located in'],
  'attr.floors': ['层数', 'Floors'],
  'attr.yearBuilt': ['建成年份', 'Year built'],
  'attr.address': ['地址', 'Address'],
  'attr.headcount': ['编制人数', 'Headcount'],
  'attr.energyHeadcount': ['用能人数', 'Energy headcount'],
  'attr.level': ['级别', 'Level'],
  'attr.kind': ['类型', 'Kind'],
  'attr.serial': ['出厂编号', 'Serial'],
  'attr.carrier': ['能源品种', 'Carrier'],
  'attr.role': ['表计角色', 'Meter role'],
  'attr.panel': ['所属控制器', 'Fire panel'],
  'attr.loop': ['回路', 'Loop'],
  'attr.ctMultiplier': ['互感器倍率', 'CT multiplier'],
  'attr.transmitter': ['用户信息传输装置', 'Transmitter'],
  'attr.panelNumber': ['控制器号', 'Panel number'],
  'attr.measures': ['测量', 'Measures'],
  'attr.tank': ['水箱', 'Tank'],
  'attr.levelLow': ['低液位', 'Low level'],
  'attr.levelHigh': ['高液位', 'High level'],
  'attr.plate': ['车牌', 'Plate'],
  'attr.brand': ['品牌型号', 'Make'],
  'attr.homeParking': ['固定车位', 'Home parking'],
  'val.office': ['办公', 'office'],
  'val.meeting': ['会议', 'meeting'],
  'val.toilet': ['卫生间', 'toilet'],
  'val.print': ['文印', 'printing'],
  'val.archive': ['档案', 'archive'],
  'val.reception': ['接待', 'reception'],
  'val.storage': ['库房', 'storage'],
  'val.duty': ['值班', 'duty'],
  'val.fireControl': ['消防控制室', 'fire control'],
  'val.electrical': ['配电', 'electrical'],
  'val.mailroom': ['收发', 'mail room'],
  'val.waterTank': ['水箱间', 'water tank'],
  'val.service': ['服务用房', 'service'],
  'val.equipment': ['设备用房', 'equipment'],
  'val.inUse': ['在用', 'in use'],
  'val.idle': ['空闲', 'idle'],
  'val.owned': ['自有', 'owned'],
  'val.mixed': ['综合', 'mixed'],
  'val.electricity': ['电', 'electricity'],
  'val.water': ['水', 'water'],
  'val.gas': ['燃气', 'gas'],
  'val.main': ['总表', 'main'],
  'val.sub': ['分表', 'sub-meter'],
  'val.smoke': ['感烟', 'smoke'],
  'val.heat': ['感温', 'heat'],
  'val.true': ['是', 'yes'],
  'prop.power': ['功率', 'power'],
  'prop.reading': ['读数', 'reading'],
  'prop.timestamp': ['上报时间', 'reported at'],
  'prop.fire': ['火警', 'fire'],
  'prop.fault': ['故障', 'fault'],
  'prop.disabled': ['屏蔽', 'disabled'],
  'prop.level': ['液位', 'level'],
  'prop.pressure': ['压力', 'pressure'],
  'prop.flow': ['流量', 'flow'],
  'prop.temperature': ['温度', 'temperature'],
  'prop.online': ['在线', 'online'],
  'prop.speed': ['速度', 'speed'],
  'def.Room': ['房间', 'Room'],
  'def.Building': ['楼宇', 'Building'],
  'def.Floor': ['楼层', 'Floor'],
  'def.Campus': ['园区', 'Campus'],
  'def.Organisation': ['单位', 'Organisation'],
  'def.EnergyMeter': ['电能表', 'Energy meter'],
  'def.WaterMeter': ['水表', 'Water meter'],
  'def.FireDetector': ['火灾探测器', 'Fire detector'],
  'def.FireAlarmPanel': ['火灾报警控制器', 'Fire alarm panel'],
  'def.WaterTankSensor': ['消防水箱传感器', 'Fire water sensor'],
  'def.Camera': ['摄像机', 'Camera'],
  'def.AccessGate': ['门禁', 'Access gate'],
  'def.ParkingSpace': ['车位', 'Parking space'],
  'def.Vehicle': ['车辆', 'Vehicle'],
  'val.false': ['否', 'no'],
  'val.letOut': ['出租出借', 'let out'],
  'val.underRepair': ['维修', 'under repair'],
  'val.disposed': ['已处置', 'disposed'],
  'office.card': ['一房一码', 'Room code'],
  'office.code': ['房间编码', 'Room code'],
  'office.codeDerived': ['（按规则生成，未登记）', ' (derived, not on record)'],
  'office.entitlement': ['核定面积', 'Entitlement'],
  'office.excess': ['超标面积', 'Over standard by'],
  'office.standard': ['依据', 'Standard'],
  'office.noStandard': ['未配置面积标准', 'no area standard configured'],
  'office.notAssessed': ['非办公室，不核定', 'not an office: not assessed'],
  'office.unknownRanks': ['标准中无此职级：{names}', 'ranks the standard lacks: {names}'],
  'office.alarms': ['办公用房告警', 'Office alarms'],
});

const ROOM = 'dayuan:Room:1.0.0';

/** The office line's room card (一房一码), or null when the line is not installed or says nothing of this twin. */
async function officeCard(twin) {
  if (twin.definition !== ROOM) return null;
  try {
    return await api.get(`/api/dayuan/office/rooms/${encodeURIComponent(twin.thingId)}`);
  } catch {
    return null;
  }
}

const m2 = (v) => `${formatNumber(v, 1)} m²`;

/** The office facts of a room: code, use, status, area, occupants, and what the area standard says of it. */
function officeFacts(card) {
  const row = (key, label, value) => h('tr', { dataset: { office: key } }, h('th', {}, label), h('td', {}, value));
  const assessed = typeof card.entitlement === 'number';
  const rows = [
    row('code', t('office.code'), [card.code || '–', card.codeDerived ? t('office.codeDerived') : '']),
    row('use', label('use'), valueText(card.use)),
    row('status', label('status'), valueText(card.status)),
    row('organisation', label('organisation'), card.organisationName || card.organisation || '–'),
    row('area', label('usableArea'), m2(card.usableArea || 0)),
    row('occupants', label('occupants'), occupantsText(card.occupants) || '–'),
  ];
  if (assessed) {
    rows.push(row('entitlement', t('office.entitlement'), m2(card.entitlement)),
      row('excess', t('office.excess'), m2(card.excess || 0)));
    if (card.standard) rows.push(row('standard', t('office.standard'), card.standard));
    if ((card.unknownRanks || []).length) {
      rows.push(row('unknownRanks', '', t('office.unknownRanks', { names: occupantsText(card.unknownRanks) })));
    }
  } else {
    rows.push(row('entitlement', t('office.entitlement'),
      card.category === 'office' ? t('office.noStandard') : t('office.notAssessed')));
  }
  return h('section', {
    class: `office-facts${card.overStandard ? ' over-standard' : ''}`,
    dataset: {
      line: 'dayuan-office', area: card.usableArea, entitlement: assessed ? card.entitlement : '',
      excess: assessed ? card.excess : '', status: card.status || '', occupants: (card.occupants || []).length,
    },
  }, h('h3', {}, t('office.card')), h('table', { class: 'kv office' }, rows));
}

const AREAS = new Set(['usableArea', 'grossArea', 'siteArea', 'buildingArea']);
const REFERENCES = new Set(['parent', 'organisation', 'managedBy', 'panel', 'homeParking']);
const HIDDEN = new Set(['geometry', 'relations']);
const ORDER = ['name', 'number', 'use', 'category', 'usableArea', 'grossArea', 'occupants', 'organisation', 'status', 'parent'];

let whoami = null;
function me() {
  whoami ??= api.get('/api/dayuan/auth/whoami').catch(() => null);
  return whoami;
}

function translated(prefix, key) {
  const k = `${prefix}.${key}`;
  const s = t(k);
  return s === k ? key : s;
}
const label = (key) => translated('attr', key);

/** 'features/energy/properties/power' as '功率 (energy)': the property's name first, its feature after. */
function propLabel(path) {
  const m = /^features\/([^/]+)\/properties\/(.+)$/.exec(path);
  if (!m) return path;
  const leaf = m[2].split('/').pop();
  return `${translated('prop', leaf)}${leaf === m[2] ? '' : ` ${m[2]}`} (${m[1]})`;
}

function valueText(v) {
  if (typeof v === 'boolean') return t(`val.${v}`);
  if (typeof v === 'number') return formatNumber(v, Number.isInteger(v) ? 0 : 2);
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return formatTime(v);
  if (typeof v === 'string') {
    const k = `val.${v}`;
    const s = t(k);
    return s === k ? v : s;
  }
  if (v === null || v === undefined) return '–';
  return JSON.stringify(v);
}

function occupantsText(list) {
  return (list || []).map((o) => (o.rank ? t('card.occupant', o) : o.name)).join(t('card.listSeparator'));
}

function attributeCell(key, v) {
  if (AREAS.has(key) && typeof v === 'number') return `${formatNumber(v, 1)} m²`;
  if (key === 'occupants' && Array.isArray(v)) return occupantsText(v) || '–';
  if (REFERENCES.has(key) && typeof v === 'string' && v.includes(':')) {
    return h('a', { href: `#/room/${encodeURIComponent(v)}` }, nameOf(v));
  }
  return valueText(v);
}

/** Every numeric leaf of a twin's features, as [path 'features/f/properties/p...', value]. */
function numericPaths(twin) {
  const out = [];
  const walk = (prefix, obj) => {
    for (const [k, v] of Object.entries(obj || {})) {
      if (typeof v === 'number') out.push([`${prefix}/${k}`, v]);
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(`${prefix}/${k}`, v);
    }
  };
  for (const [f, feature] of Object.entries(twin.features || {})) walk(`features/${f}/properties`, feature.properties);
  return out;
}

function leafEntries(prefix, obj) {
  const out = [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...leafEntries(`${prefix}/${k}`, v));
    else out.push([`${prefix}/${k}`, v]);
  }
  return out;
}

const RANGES = { '1h': [3600e3, 'PT5M'], '24h': [86400e3, 'PT1H'], '7d': [7 * 86400e3, 'PT6H'] };

/**
 * The twin's card: attributes and live properties. Renders into `container` and returns a function that removes it.
 */
export function renderCard(container, thingId, { at = null } = {}) {
  // `at` (an instant) shows the twin as it was then, as replay draws the campus: no live updates, no actions.
  const box = h('section', { class: 'card', dataset: { thing: thingId, ready: 'false', at: at || '' } }, h('h2', {}, thingId));
  container.append(box);
  const streams = [];
  let historyChart = null;
  let gone = false;
  let alarmTimer = null;

  const propCells = new Map(); // path (thingId|features/...) -> td
  const alarmList = h('ul', { class: 'alarms card-alarms' });
  const historyEl = h('div', { class: 'history' });
  const historyNote = h('p', { class: 'muted history-note', hidden: true });

  async function loadAlarms() {
    if (at) return showAlarms(replayedAlarms, null);
    const filter = openAlarmFilter({ of: thingId });
    const page = await api.get(`/api/2/search/things${api.query({ filter, option: 'sort(-attributes/raisedAt),size(50)' })}`);
    return showAlarms(page.items, await me());
  }

  async function showAlarms(items, who) {
    await resolveNames(items.map((a) => a.attributes?.source));
    if (gone) return;
    clear(alarmList).append(...(items.length
      ? items.map((a) => alarmRow(a, { act: !!who && canAct(who), onChanged: () => loadAlarms() }))
      : [h('li', { class: 'empty muted' }, t('alarm.none'))]));
    alarmList.dataset.count = items.length;
  }
  let replayedAlarms = [];

  function propRow(owner, path, v) {
    const td = h('td', { class: 'prop', dataset: { path, thing: owner } }, valueText(v));
    propCells.set(`${owner}|${path}`, td);
    return h('tr', {}, h('th', {}, propLabel(path)), td);
  }

  function onChange(ev) {
    if (!ev.features) return;
    for (const [path, v] of leafEntries('features', Object.fromEntries(
      Object.entries(ev.features).map(([f, x]) => [f, { properties: x?.properties }]),
    ))) {
      const td = propCells.get(`${ev.thingId}|${path}`);
      if (!td) continue;
      td.textContent = valueText(v);
      td.classList.remove('changed');
      void td.offsetWidth; // restart the flash
      td.classList.add('changed');
    }
  }

  async function drawHistory(owner, path, range) {
    const [span, step] = RANGES[range];
    const to = at ? new Date(at) : new Date();
    const from = new Date(to.getTime() - span);
    historyNote.hidden = true;
    try {
      const body = await api.get(`/api/dayuan/history/${encodeURIComponent(owner)}${api.query({
        path: `/${path}`, from: from.toISOString(), to: to.toISOString(), step,
      })}`);
      if (gone) return;
      const pts = body.points || [];
      historyEl.dataset.points = pts.length;
      if (!pts.length) { historyNote.textContent = t('card.noHistory'); historyNote.hidden = false; }
      historyChart ??= chart(historyEl);
      historyChart.set({
        grid: { left: 48, right: 12, top: 30, bottom: 26 },
        xAxis: { type: 'time', min: from.getTime(), max: to.getTime(), ...axisStyle },
        yAxis: { type: 'value', scale: true, ...axisStyle },
        series: [
          { name: t('card.avg'), type: 'line', showSymbol: pts.length < 30, data: pts.map((p) => [p.t, p.avg]) },
          { name: t('card.max'), type: 'line', showSymbol: pts.length < 30, lineStyle: { type: 'dashed', width: 1 }, data: pts.map((p) => [p.t, p.max]) },
          { name: t('card.min'), type: 'line', showSymbol: pts.length < 30, lineStyle: { type: 'dashed', width: 1 }, data: pts.map((p) => [p.t, p.min]) },
        ],
      });
    } catch (err) {
      historyNote.textContent = err.message;
      historyNote.hidden = false;
    }
  }

  async function render() {
    const twin = await api.get(`/api/2/things/${encodeURIComponent(thingId)}`,
      at ? { 'at-historical-timestamp': at } : {});
    // Devices in a room (or any twin's direct children with live features) are part of its card.
    const below = await api.descendants(thingId, { depth: at ? 0 : 1, at: at || undefined,
      fields: at ? 'thingId,definition,attributes,features' : 'thingId,definition,attributes/name,attributes/parent,features' }).catch(() => []);
    const children = below.filter((c) => c.attributes?.parent === thingId && c.features
      && c.definition !== ALARM_DEFINITION).slice(0, 50);
    // Replayed, the alarms are those of the subtree as it was: search answers only for now.
    replayedAlarms = below.filter((a) => a.definition === ALARM_DEFINITION
      && OPEN_STATES.includes(a.attributes?.state));
    const attrs = twin.attributes || {};
    // replayed, the card shows the twin as it was; the office card is of now, so it is left out
    const office = at ? null : await officeCard(twin);
    await resolveNames(Object.entries(attrs).filter(([k, v]) => REFERENCES.has(k) && typeof v === 'string').map(([, v]) => v));
    if (gone) return;
    const keys = Object.keys(attrs).filter((k) => !HIDDEN.has(k))
      .sort((a, b) => ((ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99)));

    const facts = [];
    if (attrs.use) facts.push(h('span', { class: 'fact use' }, valueText(attrs.use)));
    if (typeof attrs.usableArea === 'number') {
      facts.push(h('span', { class: 'fact area', dataset: { area: attrs.usableArea } },
        h('b', {}, formatNumber(attrs.usableArea, 1)), ' m²'));
    }
    if (Array.isArray(attrs.occupants)) {
      facts.push(h('span', { class: 'fact occupants' }, t('card.occupantsN', { n: attrs.occupants.length })));
    }
    if (attrs.status) facts.push(h('span', { class: `fact status-badge ${attrs.status}` }, valueText(attrs.status)));
    if (office?.overStandard) {
      facts.push(h('span', { class: 'fact status-badge overStandard' },
        `${t('office.excess')} ${formatNumber(office.excess || 0, 1)} m²`));
    }

    const owners = [twin, ...children];
    const numeric = owners.flatMap((o) => numericPaths(o).map(([p]) => ({ owner: o.thingId, ownerName: o.attributes?.name, path: p })));
    const select = h('select', { class: 'history-path' }, numeric.map((n, i) =>
      h('option', { value: String(i) }, `${n.owner === thingId ? '' : `${n.ownerName || n.owner} · `}${propLabel(n.path)}`)));
    const range = h('select', { class: 'history-range' }, Object.keys(RANGES).map((r) =>
      h('option', { value: r, selected: r === '24h' }, t(`card.range.${r}`))));
    const redraw = () => {
      const n = numeric[Number(select.value)];
      if (n) drawHistory(n.owner, n.path, range.value);
    };
    select.addEventListener('change', redraw);
    range.addEventListener('change', redraw);

    const ownFeatures = leafEntries('features', Object.fromEntries(Object.entries(twin.features || {}).map(([f, x]) => [f, { properties: x.properties }])));
    clear(box).append(...[
      h('h2', {}, attrs.name || twin.thingId),
      at ? h('p', { class: 'notice replayed' }, t('card.asOf', { time: formatTime(at) })) : null,
      h('p', { class: 'muted' }, `${translated('def', (twin.definition || '').replace(/^dayuan:|:[\d.]+$/g, ''))} · ${twin.thingId}`),
      facts.length ? h('div', { class: 'headline' }, facts) : null,
      office ? officeFacts(office) : null,
      h('h3', {}, t('card.alarms')),
      alarmList,
      h('h3', {}, t('card.attributes')),
      h('table', { class: 'kv attributes' }, keys.map((k) =>
        h('tr', { dataset: { attr: k } }, h('th', {}, label(k)), h('td', {}, attributeCell(k, attrs[k]))))),
      ownFeatures.length ? [h('h3', {}, t('card.features')),
        h('table', { class: 'kv props' }, ownFeatures.map(([p, v]) => propRow(thingId, p, v)))] : null,
      children.length ? [h('h3', {}, t('card.devices')),
        ...children.map((c) => h('div', { class: 'device', dataset: { thing: c.thingId } },
          h('h4', {}, h('a', { href: `#/room/${encodeURIComponent(c.thingId)}` }, c.attributes?.name || c.thingId)),
          h('table', { class: 'kv props' }, leafEntries('features', Object.fromEntries(Object.entries(c.features).map(([f, x]) => [f, { properties: x.properties }])))
            .map(([p, v]) => propRow(c.thingId, p, v)))))] : null,
      h('h3', {}, t('card.history')),
      numeric.length ? [h('div', { class: 'history-bar' }, select, range), historyNote, historyEl]
        : h('p', { class: 'muted' }, t('card.noNumeric')),
    ].flat(2).filter(Boolean));

    // Prefer a power or level reading to start with: what a facility manager looks at first.
    const first = numeric.findIndex((n) => /power|level|pressure|temperature/.test(n.path));
    if (numeric.length) {
      select.value = String(first >= 0 ? first : 0);
      redraw();
    }
    await loadAlarms();
    box.dataset.ready = 'true';
    if (at) return;

    streams.push(changes({ ids: owners.map((o) => o.thingId).join(','), fields: 'thingId,features,_deleted' }, onChange,
      { onReset: () => { if (!gone) rerender(); } }));
    streams.push(changes({ filter: `eq(definition,"${ALARM_DEFINITION}")`, namespaces: api.namespaceOf(thingId), fields: 'thingId' },
      () => { clearTimeout(alarmTimer); alarmTimer = setTimeout(() => loadAlarms().catch(() => {}), 300); },
      { onReset: () => loadAlarms().catch(() => {}) }));
  }

  function rerender() {
    stop();
    render().catch(fail);
  }

  function fail(err) {
    if (gone) return;
    clear(box).append(h('h2', {}, thingId), h('p', { class: 'error', role: 'alert' },
      err.status === 404 ? t('card.notFound') : err.message));
    box.dataset.ready = 'error';
  }

  function stop() {
    streams.splice(0).forEach((s) => s.close());
    clearTimeout(alarmTimer);
    historyChart?.dispose();
    historyChart = null;
    propCells.clear();
  }

  render().catch(fail);
  return () => {
    gone = true;
    stop();
    box.remove();
  };
}

// What a QR code on a door opens: the room's card on its own page, laid out for a phone.
registerView('room', {
  title: 'card.room',
  mount(el, thingId) {
    const page = h('div', { class: 'room-page' });
    el.append(page);
    const remove = renderCard(page, thingId);
    return () => { remove(); page.remove(); };
  },
});
