// 驾驶舱: KPI tiles, charts over time and the live alarm feed of the chosen campus, from the public API only.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { addMessages, t, formatNumber, language, TIME_ZONE } from '../i18n.js';
import { registerView, view, go } from '../views.js';
import { changes } from '../sse.js';
import { onLines, isInstalled, installedLines } from '../lines.js';
import { chart, axisStyle, severityColours } from '../charts.js';
import {
  ALARM_DEFINITION, OPEN_STATES, SEVERITIES, alarmRow, canAct, openAlarmFilter, resolveNames,
} from './alarms.js';

addMessages({
  'cockpit.title': ['驾驶舱', 'Cockpit'],
  'cockpit.bigscreen': ['大屏', 'Big screen'],
  'cockpit.normal': ['退出大屏', 'Leave big screen'],
  'cockpit.map': ['一张图', 'Campus map'],
  'cockpit.loading': ['加载中…', 'Loading…'],
  'cockpit.failed': ['读取失败：{message}', 'Could not read: {message}'],
  'tile.energyM2': ['单位面积能耗', 'Energy per m²'],
  'tile.energyPerson': ['人均能耗', 'Energy per person'],
  'tile.energyPeriod': ['{year} 年全年预测 · 能耗线 · 园区内建筑', '{year} full-year projection · energy line · buildings on campus'],
  'tile.energyPersonPeriod': ['{year} 年全年预测 · 能耗线 · 园区内 {n} 家单位', '{year} full-year projection · energy line · {n} organisations on campus'],
  'tile.target': ['目标 {target}', 'target {target}'],
  'tile.onTrack': ['达标', 'on track'],
  'tile.offTrack': ['超标', 'over target'],
  'tile.noTarget': ['无目标值', 'no target'],
  'tile.alarms': ['未关闭告警', 'Open alarms'],
  'tile.alarmsPeriod': ['实时 · 告警孪生检索 · 本园区；近 24 小时 · /alarms/stats', 'live · alarm twins by search · this campus; last 24 h · /alarms/stats'],
  'tile.alarmsStats': ['超 24 小时未关闭 {standing} · 平均确认 {ack} · 误报率 {rate}', 'standing > 24 h {standing} · mean to acknowledge {ack} · false alarms {rate}'],
  'tile.minutes': ['{n} 分钟', '{n} min'],
  'tile.safety': ['安全评级（四色）', 'Safety grade (four colours)'],
  'tile.safetyPeriod': ['{date} · 安消线每日评级', '{date} · safety line, daily grade'],
  'tile.safetyNone': ['暂无评级', 'no grade yet'],
  'tile.colour.green': ['绿', 'green'],
  'tile.colour.blue': ['蓝', 'blue'],
  'tile.colour.yellow': ['黄', 'yellow'],
  'tile.colour.red': ['红', 'red'],
  'tile.score': ['{score} 分', 'score {score}'],
  'tile.devices': ['近 15 分钟上报的设备', 'Devices reporting in 15 min'],
  'tile.devicesPeriod': ['近 15 分钟 · 孪生检索 · 火灾探测器等只在变化时上报', 'last 15 min · twin search · fire detectors and the like report only on change'],
  'tile.devicesTotal': ['园区共 {total} 台设备', '{total} devices on campus'],
  'tile.fleet': ['在途车辆', 'Vehicles on the road'],
  'tile.fleetPeriod': ['实时 · 车辆线 · 违规 = 今日车辆告警', 'live · fleet line · violations = fleet alarms today'],
  'unit.kgcePerM2': ['kgce/m²', 'kgce/m²'],
  'unit.kgcePerPerson': ['kgce/人', 'kgce/person'],
  'tile.violations': ['违规 {n}', '{n} violations'],
  'chart.energy': ['每日用电（kWh，按建筑）', 'Electricity per day (kWh, by building)'],
  'chart.energySource': ['近 14 天 · 能耗线 /energy/consumption · 总表', 'last 14 days · energy line /energy/consumption · main meters'],
  'chart.alarms': ['每日告警（按级别）', 'Alarms per day (by severity)'],
  'chart.alarmsSource': ['近 14 天产生 · 告警孪生检索', 'raised in the last 14 days · alarm twins by search'],
  'feed.title': ['告警动态', 'Alarm feed'],
  'feed.source': ['未关闭 · 最新在前 · 实时', 'open · newest first · live'],
  'feed.live': ['实时', 'live'],
  'feed.reconnecting': ['重连中', 'reconnecting'],
});

const ZONE = TIME_ZONE;
const dayOf = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(d);

function tile(kpi, titleKey, { line } = {}) {
  return h('div', { class: 'tile', dataset: { kpi, ...(line ? { line } : {}) } },
    h('h3', {}, t(titleKey)),
    h('div', { class: 'value' }, t('cockpit.loading')),
    h('div', { class: 'sub' }),
    h('div', { class: 'meta muted' }));
}

function fill(el, { value, sub, meta, state }) {
  const v = el.querySelector('.value');
  clear(v).append(...[].concat(value));
  clear(el.querySelector('.sub')).append(...[].concat(sub ?? ''));
  el.querySelector('.meta').textContent = meta ?? '';
  if (state) el.dataset.state = state;
  el.dataset.ready = 'true';
}

function failed(el, err) {
  fill(el, { value: '–', sub: h('span', { class: 'error' }, t('cockpit.failed', { message: err.message })) });
  el.dataset.ready = 'error';
}

/**
 * A campus-wide figure from per-subject indicators: each subject's value weighted by its own denominator (area or
 * people, recovered as kgce / kgce-per-unit), so the campus figure is Σ kgce / Σ units, and the target likewise.
 */
function aggregate(rows, metric, perUnitKey) {
  let units = 0; let value = 0; let target = 0; let targeted = 0;
  for (const r of rows) {
    const perUnit = r.values?.[perUnitKey];
    if (!perUnit || !r.values.kgce) continue;
    const n = r.values.kgce / perUnit;
    const c = r.comparisons?.[metric];
    units += n;
    value += (c ? c.value : (r.projected?.[perUnitKey] ?? perUnit)) * n;
    if (c?.target != null) { target += c.target * n; targeted += n; }
  }
  if (!units) return null;
  return { value: value / units, target: targeted ? target / targeted : null, subjects: rows.length };
}

function energyFill(el, figure, unit, meta) {
  if (!figure) {
    fill(el, { value: '–', meta });
    return;
  }
  const onTrack = figure.target == null ? null : figure.value <= figure.target;
  fill(el, {
    value: [formatNumber(figure.value, 2), h('small', {}, ` ${unit}`)],
    sub: figure.target == null ? t('tile.noTarget')
      : [t('tile.target', { target: formatNumber(figure.target, 2) }), ' · ',
        h('span', { class: onTrack ? 'ok' : 'bad' }, t(onTrack ? 'tile.onTrack' : 'tile.offTrack'))],
    meta,
    state: onTrack == null ? undefined : onTrack ? 'ok' : 'bad',
  });
}

async function loadEnergy(campus, tiles) {
  const year = new Date().getFullYear();
  const [buildings, rooms, indicators] = await Promise.all([
    api.searchAll(`and(eq(definition,"dayuan:Building:1.0.0"),eq(_ancestors,${JSON.stringify(campus)}))`, { fields: 'thingId' }),
    api.searchAll(`and(eq(definition,"dayuan:Room:1.0.0"),eq(_ancestors,${JSON.stringify(campus)}))`,
      { fields: 'attributes/organisation' }),
    api.get(`/api/dayuan/energy/indicators${api.query({ period: year })}`),
  ]);
  const inCampus = new Set(buildings.map((b) => b.thingId));
  const orgs = new Set(rooms.map((r) => r.attributes?.organisation).filter(Boolean));
  const perM2 = aggregate(indicators.filter((r) => inCampus.has(r.subjectId)), 'KGCE_PER_M2', 'kgcePerM2');
  const orgRows = indicators.filter((r) => orgs.has(r.subjectId));
  const perPerson = aggregate(orgRows, 'KGCE_PER_PERSON', 'kgcePerPerson');
  energyFill(tiles.energyM2, perM2, t('unit.kgcePerM2'), t('tile.energyPeriod', { year }));
  energyFill(tiles.energyPerson, perPerson, t('unit.kgcePerPerson'), t('tile.energyPersonPeriod', { year, n: orgRows.length }));
}

async function loadAlarmCounts(campus, el) {
  // The handling figures read every alarm twin: they follow the counts rather than hold the tile back
  const statsLater = api.get('/api/dayuan/alarms/stats').catch(() => null);
  const counts = await Promise.all(SEVERITIES.map((s) =>
    api.get(`/api/2/search/things/count${api.query({ filter: openAlarmFilter({ below: campus, extra: `eq(attributes/severity,"${s}")` }) })}`)));
  const total = counts.reduce((a, b) => a + b, 0);
  const statsLine = h('div', { class: 'stats muted' });
  fill(el, {
    value: h('span', { class: 'total' }, formatNumber(total)),
    sub: [h('span', { class: 'severities' }, SEVERITIES.map((s, i) =>
      h('span', { class: `sev-count sev-${s}`, dataset: { severity: s, count: counts[i] } },
        h('i', { style: { background: severityColours[s] } }), `${t(`alarm.severity.${s}`)} ${formatNumber(counts[i])}`))),
    statsLine],
    meta: t('tile.alarmsPeriod'),
    state: counts[0] + counts[1] > 0 ? 'bad' : total > 0 ? 'warn' : 'ok',
  });
  el.dataset.total = total;
  statsLater.then((stats) => {
    // The stats API groups by organisation (namespace), not by campus
    const figures = stats?.organisations?.[api.namespaceOf(campus)] || stats?.county;
    if (!figures) return;
    const ack = figures.timeToAcknowledge?.mean;
    const rate = figures.verified?.falseAlarmRate;
    statsLine.textContent = t('tile.alarmsStats', {
      standing: formatNumber(figures.standing?.count),
      ack: ack == null ? '–' : t('tile.minutes', { n: formatNumber(ack / 60, 1) }),
      rate: rate == null ? '–' : `${formatNumber(rate * 100, 0)} %`,
    });
  });
}

async function loadSafety(campus, el) {
  const body = await api.get('/api/dayuan/safety/grades');
  const ns = api.namespaceOf(campus);
  // A grade is kept per organisation (namespace): show those of the campus's organisation subtree first.
  const items = (body.items || []).filter((g) => {
    const o = g.attributes?.organisation || '';
    return o === ns || o.startsWith(`${ns}.`) || ns.startsWith(`${o}.`);
  });
  if (!items.length) {
    fill(el, { value: '–', sub: t('tile.safetyNone'), meta: t('tile.safetyPeriod', { date: body.date }) });
    return;
  }
  fill(el, {
    value: h('span', { class: 'grades' }, items.map((g) => h('span', {
      class: `grade colour-${g.attributes.colour}`,
      dataset: { organisation: g.attributes.organisation, colour: g.attributes.colour, score: g.attributes.score },
      title: g.attributes.organisation,
    }, t(`tile.colour.${g.attributes.colour}`)))),
    sub: items.map((g) => `${g.attributes.organisation} ${t('tile.score', { score: formatNumber(g.attributes.score, 0) })}`).join(' · '),
    meta: t('tile.safetyPeriod', { date: body.date }),
    state: items.some((g) => g.attributes.colour === 'red') ? 'bad' : items.some((g) => g.attributes.colour === 'yellow') ? 'warn' : 'ok',
  });
}

async function loadDevices(campus, el) {
  const since = new Date(Date.now() - 15 * 60000).toISOString();
  const c = JSON.stringify(campus);
  const [total, recent] = await Promise.all([
    api.get(`/api/2/search/things/count${api.query({ filter: `and(eq(_ancestors,${c}),exists(features),ne(definition,"${ALARM_DEFINITION}"))` })}`),
    api.get(`/api/2/search/things/count${api.query({ filter: `and(eq(_ancestors,${c}),exists(features),ne(definition,"${ALARM_DEFINITION}"),gt(_modified,"${since}"))` })}`),
  ]);
  // Not coloured: many devices report only on change, so a quiet one is not an offline one
  fill(el, {
    value: [formatNumber(recent), h('small', {}, ` / ${formatNumber(total)}`)],
    sub: t('tile.devicesTotal', { total: formatNumber(total) }),
    meta: t('tile.devicesPeriod'),
  });
}

async function loadFleet(campus, el) {
  const c = JSON.stringify(campus);
  const vehicles = await api.searchAll(`and(eq(definition,"dayuan:Vehicle:1.0.0"),eq(_ancestors,${c}))`,
    { fields: 'thingId,features/location/properties' });
  const moving = vehicles.filter((v) => {
    const p = v.features?.location?.properties || {};
    return p.acc === true || (p.speed || 0) > 0;
  });
  const today = `${dayOf(new Date())}T00:00:00+08:00`;
  const violations = await api.get(`/api/dayuan/alarms${api.query({ type: 'fleet.*', organisation: api.namespaceOf(campus), since: today, limit: 200 })}`);
  fill(el, {
    value: [formatNumber(moving.length), h('small', {}, ` / ${formatNumber(vehicles.length)}`)],
    sub: t('tile.violations', { n: formatNumber(violations.items.length) }),
    meta: t('tile.fleetPeriod'),
  });
}

/** Electricity per day per building of the campus, from its main meters (`role` main feeding the building). */
async function loadEnergyChart(campus, c) {
  const buildings = await api.searchAll(`and(eq(definition,"dayuan:Building:1.0.0"),eq(_ancestors,${JSON.stringify(campus)}))`,
    { fields: 'thingId,attributes/name' });
  const from = dayOf(new Date(Date.now() - 13 * 86400000));
  const answers = await Promise.all(buildings.map((b) =>
    api.get(`/api/dayuan/energy/consumption${api.query({ subject: b.thingId, resolution: 'day', from })}`)));
  let days = [];
  const series = answers.map((a, i) => {
    const start = new Date(a.from);
    const sums = [];
    for (const m of a.meters.filter((x) => x.carrier === 'electricity')) {
      m.quantities.forEach((q, k) => { sums[k] = (sums[k] || 0) + (q || 0); });
    }
    days = sums.map((_, k) => dayOf(new Date(start.getTime() + k * 86400000 + 12 * 3600000)).slice(5));
    return { name: buildings[i].attributes?.name || buildings[i].thingId, type: 'bar', stack: 'e',
      data: sums.map((v) => Math.round(v)) };
  });
  c.set({
    xAxis: { type: 'category', data: days, ...axisStyle },
    yAxis: { type: 'value', name: 'kWh', nameTextStyle: { color: '#8fa3c0' }, ...axisStyle },
    series,
  });
  return series;
}

async function loadAlarmChart(campus, c) {
  const now = Date.now();
  const days = [];
  for (let k = 13; k >= 0; k -= 1) days.push(dayOf(new Date(now - k * 86400000)));
  const since = new Date(`${days[0]}T00:00:00+08:00`).toISOString();
  const alarms = await api.searchAll(
    `and(eq(definition,"${ALARM_DEFINITION}"),eq(_ancestors,${JSON.stringify(campus)}),ge(attributes/raisedAt,"${since}"))`,
    { fields: 'attributes/raisedAt,attributes/severity' });
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, days.map(() => 0)]));
  for (const a of alarms) {
    const i = days.indexOf(dayOf(new Date(a.attributes.raisedAt)));
    if (i >= 0 && bySeverity[a.attributes.severity]) bySeverity[a.attributes.severity][i] += 1;
  }
  c.set({
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), ...axisStyle },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle },
    series: SEVERITIES.map((s) => ({ name: t(`alarm.severity.${s}`), type: 'bar', stack: 'a',
      itemStyle: { color: severityColours[s] }, data: bySeverity[s] })),
  });
}

function mount(el, arg, context) {
  const big = arg === 'bigscreen';
  document.body.classList.toggle('bigscreen', big);
  const started = performance.now();
  const act = canAct(context.me);
  const tiles = {
    energyM2: tile('energy-m2', 'tile.energyM2', { line: 'dayuan-energy' }),
    energyPerson: tile('energy-person', 'tile.energyPerson', { line: 'dayuan-energy' }),
    alarms: tile('alarms', 'tile.alarms'),
    safety: tile('safety', 'tile.safety', { line: 'dayuan-safety' }),
    devices: tile('devices', 'tile.devices'),
    fleet: tile('fleet', 'tile.fleet', { line: 'dayuan-fleet' }),
  };
  const energyChartEl = h('div', { class: 'chart', id: 'chart-energy' });
  const alarmChartEl = h('div', { class: 'chart', id: 'chart-alarms' });
  const list = h('ul', { class: 'alarms', id: 'alarm-feed' });
  const liveState = h('span', { class: 'live muted' });
  const feedError = h('p', { class: 'error', hidden: true });
  // A wall screen says what time it is, in the campus's zone
  const clock = h('time', { class: 'clock' });
  const tick = () => {
    clock.textContent = new Date().toLocaleString(language(), { timeZone: ZONE, hour12: false, dateStyle: 'medium', timeStyle: 'medium' });
  };
  tick();
  const clockTimer = big ? setInterval(tick, 1000) : null;
  const withMap = big && !!view('campus') && localStorage.getItem('dayuan.bigscreen.map') === '1';
  const mapPanel = h('div', { class: 'panel map', id: 'bigscreen-campus', hidden: true });
  const root = h('section', { class: `cockpit${big ? ' big' : ''}`, dataset: { ready: 'false', act: String(act) } },
    h('div', { class: 'cockpit-bar' },
      h('h2', {}, t('cockpit.title')),
      h('span', { class: 'campus-name muted' }, context.campuses.find((c) => c.id === context.campus)?.name || ''),
      h('span', { class: 'spacer' }),
      big ? clock : null,
      big && view('campus') ? h('label', { class: 'map-toggle' },
        h('input', { type: 'checkbox', id: 'bigscreen-map', checked: withMap,
          onchange: (e) => { localStorage.setItem('dayuan.bigscreen.map', e.target.checked ? '1' : ''); showMap(e.target.checked); } }),
        ` ${t('cockpit.map')}`) : null,
      h('button', { type: 'button', id: 'bigscreen-toggle', onclick: () => (big ? go('cockpit') : go('cockpit', 'bigscreen')) },
        t(big ? 'cockpit.normal' : 'cockpit.bigscreen'))),
    h('div', { class: 'tiles' }, Object.values(tiles)),
    h('div', { class: 'charts' },
      h('div', { class: 'panel', dataset: { line: 'dayuan-energy' } },
        h('h3', {}, t('chart.energy'), h('small', { class: 'muted' }, ` ${t('chart.energySource')}`)), energyChartEl),
      h('div', { class: 'panel' },
        h('h3', {}, t('chart.alarms'), h('small', { class: 'muted' }, ` ${t('chart.alarmsSource')}`)), alarmChartEl)),
    mapPanel,
    h('aside', { class: 'panel feed' },
      h('h3', {}, t('feed.title'), ' ', h('small', { class: 'muted' }, t('feed.source')), ' ', liveState),
      feedError, list));
  el.append(root);

  // The big screen may show the campus view (一张图) beside the charts: the campus view's own mount, in a panel.
  let unmountMap = null;
  function showMap(on) {
    unmountMap?.();
    unmountMap = null;
    clear(mapPanel);
    mapPanel.hidden = !on;
    root.classList.toggle('with-map', on);
    if (on) unmountMap = view('campus').mount(mapPanel, '', context) || null;
  }
  if (withMap) showMap(true);

  const energyChart = chart(energyChartEl);
  const alarmChart = chart(alarmChartEl);
  let stream = null;
  let timer = null;
  let debounce = null;
  let gone = false;
  let generation = 0;

  async function guard(p, target) {
    try {
      await p;
    } catch (err) {
      if (target) failed(target, err);
      else console.warn(err);
    }
  }

  async function refreshFeed(campus) {
    const ns = api.namespaceOf(campus);
    const body = await api.get(`/api/dayuan/alarms${api.query({ state: OPEN_STATES.join(','), organisation: ns, limit: 100 })}`);
    await resolveNames(body.items.map((a) => a.attributes?.source));
    if (gone || campus !== context.campus) return;
    feedError.hidden = true;
    clear(list).append(...(body.items.length ? body.items.map((a) => alarmRow(a, { act, onChanged: () => onAlarmChange() }))
      : [h('li', { class: 'empty muted' }, t('alarm.none'))]));
    list.dataset.count = body.items.length;
  }

  function onAlarmChange() {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const campus = context.campus;
      if (!campus) return;
      guard(refreshFeed(campus).catch((err) => { feedError.textContent = err.message; feedError.hidden = false; }));
      guard(loadAlarmCounts(campus, tiles.alarms), tiles.alarms);
    }, 300);
  }

  function loadLines(campus) {
    const jobs = [];
    if (isInstalled('dayuan-energy')) {
      jobs.push(guard(loadEnergy(campus, tiles).catch((err) => { failed(tiles.energyM2, err); failed(tiles.energyPerson, err); })));
      jobs.push(guard(loadEnergyChart(campus, energyChart)));
    }
    if (isInstalled('dayuan-safety')) jobs.push(guard(loadSafety(campus, tiles.safety), tiles.safety));
    if (isInstalled('dayuan-fleet')) jobs.push(guard(loadFleet(campus, tiles.fleet), tiles.fleet));
    return jobs;
  }

  async function load() {
    const campus = context.campus;
    const mine = ++generation;
    if (!campus) {
      // A caller who sees no campus gets empty tiles, not the loading text forever
      Object.values(tiles).forEach((x) => fill(x, { value: '–', sub: t('shell.noCampus') }));
      clear(list).append(h('li', { class: 'empty muted' }, t('shell.noCampus')));
      checkReady();
      return;
    }
    const jobs = [
      guard(loadAlarmCounts(campus, tiles.alarms), tiles.alarms),
      guard(loadDevices(campus, tiles.devices), tiles.devices),
      ...loadLines(campus),
      guard(loadAlarmChart(campus, alarmChart)),
      guard(refreshFeed(campus).catch((err) => { feedError.textContent = err.message; feedError.hidden = false; })),
    ];
    // Ready as soon as the tiles are filled; charts and the feed may still be drawing
    jobs.forEach((j) => j.then(() => { if (mine === generation) checkReady(); }));
    await Promise.all(jobs);
  }

  // Ready (first meaningful paint) once the lines are known and every tile shown has its figure.
  function checkReady() {
    if (gone || root.dataset.ready === 'true' || installedLines().size === 0) return;
    const shown = Object.values(tiles).filter((x) => !x.dataset.line || isInstalled(x.dataset.line));
    if (shown.every((x) => x.dataset.ready)) {
      root.dataset.ready = 'true';
      root.dataset.firstPaintMs = String(Math.round(performance.now() - started));
    }
  }

  function follow() {
    stream?.close();
    if (!context.campus) return;
    // Any change of an alarm twin of the campus's organisation re-reads the feed and the counts.
    stream = changes({
      filter: `eq(definition,"${ALARM_DEFINITION}")`,
      namespaces: api.namespaceOf(context.campus),
      fields: 'thingId',
    }, onAlarmChange, {
      onReset: onAlarmChange,
      onState: (s) => { liveState.textContent = t(s === 'open' ? 'feed.live' : 'feed.reconnecting'); liveState.dataset.state = s; },
    });
  }

  // Line data loads only once the lines are known (the first poll of /lines may still be under way).
  let linesSeen = [...installedLines()].sort().join(' ');
  const stopLinesWatch = onLines((set) => {
    const key = [...set].sort().join(' ');
    if (!context.campus) { checkReady(); return; }
    if (key === linesSeen) return;
    linesSeen = key;
    Promise.all(loadLines(context.campus)).then(checkReady);
  });
  const stopCampus = context.onCampus((id) => {
    root.querySelector('.campus-name').textContent = context.campuses.find((c) => c.id === id)?.name || '';
    load();
    follow();
  });
  load();
  follow();
  timer = setInterval(() => { load(); }, 60000);

  return () => {
    gone = true;
    clearInterval(clockTimer);
    unmountMap?.();
    document.body.classList.remove('bigscreen');
    stream?.close();
    clearInterval(timer);
    clearTimeout(debounce);
    stopCampus();
    stopLinesWatch();
    energyChart.dispose();
    alarmChart.dispose();
  };
}

registerView('cockpit', { title: 'cockpit.title', nav: true, mount });
