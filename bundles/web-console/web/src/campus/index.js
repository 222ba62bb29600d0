import './campus.css';
import * as api from '../api.js';
import { changes } from '../sse.js';
import { h, clear } from '../dom.js';
import { addMessages, t, formatTime } from '../i18n.js';
import { registerView } from '../views.js';
import { renderCard } from '../card.js';
import { createScene } from './scene.js';
import { DEF, ROOM_COLOURS, DEVICE_COLOURS } from './state.js';

addMessages({
  'campus.title': ['一张图', 'Campus map'],
  'campus.county': ['区县 {region}', 'County {region}'],
  'campus.loading': ['正在加载园区…', 'Loading the campus…'],
  'campus.count': ['{n} 个孪生体', '{n} twins'],
  'campus.none': ['没有可查看的园区', 'No campus you may see'],
  'campus.hint': ['单击楼宇进入，单击楼层查看平面，单击房间打开卡片；拖动旋转，滚轮缩放', 'Click a building, a floor, a room; drag to orbit, wheel to zoom'],
  'campus.legend.alarm': ['告警', 'In alarm'],
  'campus.legend.overStandard': ['超标', 'Over standard'],
  'campus.legend.occupied': ['在用', 'Occupied'],
  'campus.legend.letOut': ['出租出借', 'Let out'],
  'campus.legend.idle': ['闲置', 'Idle'],
  'campus.legend.repair': ['维修', 'Under repair'],
  'campus.legend.device.ok': ['设备正常', 'Device normal'],
  'campus.legend.device.fire': ['火警', 'Fire'],
  'campus.legend.device.alarm': ['设备告警', 'Device alarm'],
  'campus.legend.device.fault': ['故障', 'Fault'],
  'campus.legend.device.offline': ['离线/屏蔽', 'Offline / disabled'],
  'campus.close': ['关闭', 'Close'],
  'campus.campuses': ['园区', 'Campuses'],
  'campus.replay.play': ['播放', 'Play'],
  'campus.replay.pause': ['暂停', 'Pause'],
  'campus.replay.live': ['实时', 'Live'],
  'campus.replay.mode.live': ['● 实时', '● Live'],
  'campus.replay.mode.replay': ['回溯', 'Replay'],
  'campus.replay.slider': ['历史回溯时间', 'Replay instant'],
  'campus.replay.notYet': ['该时刻园区尚不存在', 'The campus did not exist then'],
  'campus.stream.retrying': ['实时连接中断，正在重连…', 'Live stream lost, reconnecting…'],
});

const FIELDS = 'thingId,definition,attributes,features';
const WINDOW_S = 24 * 3600;
const PLAY_STEPS = 48;

/** The campus and its subtree as a Map, `at` an instant or null for now. */
async function loadSubtree(campusId, at) {
  const headers = at ? { 'at-historical-timestamp': at } : {};
  const [campus, items] = await Promise.all([
    // _created bounds the replay window: before it there is nothing to replay
    api.get(`/api/2/things/${encodeURIComponent(campusId)}${api.query({ fields: `${FIELDS},_created` })}`, headers),
    api.descendants(campusId, { fields: FIELDS, at: at || undefined }),
  ]);
  const twins = new Map([[campus.thingId, campus]]);
  for (const twin of items) twins.set(twin.thingId, twin);
  return twins;
}

function merge(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object'
      && !Array.isArray(target[k])) merge(target[k], v);
    else target[k] = v;
  }
  return target;
}

/** What the scene is built from; a snapshot with the same key only needs recolouring. */
function structureKey(twins) {
  const parts = [];
  for (const twin of twins.values()) {
    const g = twin.attributes?.geometry;
    if (g) parts.push(twin.thingId, twin.attributes.parent, JSON.stringify(g));
  }
  return parts.join('|');
}

function mount(el, arg, context) {
  const mountedAt = performance.now();
  const canvas = h('canvas', { id: 'campus-canvas' });
  const status = h('div', { class: 'campus-status' }, t('campus.loading'));
  const crumbs = h('nav', { id: 'campus-crumbs' });
  const side = h('aside', { id: 'campus-side', hidden: true });
  const legend = h('div', { class: 'campus-legend', id: 'campus-legend' },
    Object.entries(ROOM_COLOURS).map(([k, c]) =>
      h('span', { dataset: { state: k } }, h('i', { style: { background: c } }), t(`campus.legend.${k}`))),
    Object.entries(DEVICE_COLOURS).map(([k, c]) =>
      h('span', { class: 'marker', dataset: { state: k } }, h('i', { style: { background: c } }),
        t(`campus.legend.device.${k}`))));
  const slider = h('input', { id: 'replay-slider', type: 'range', step: 1, title: t('campus.replay.slider'),
    'aria-label': t('campus.replay.slider') });
  const time = h('output', { id: 'replay-time' });
  const mode = h('span', { class: 'mode' }, t('campus.replay.mode.live'));
  const playButton = h('button', { id: 'replay-play', type: 'button' }, t('campus.replay.play'));
  const liveButton = h('button', { id: 'replay-live', type: 'button' }, t('campus.replay.live'));
  const replayStatus = h('span', { class: 'muted', id: 'replay-status' });
  const section = h('section', { class: 'campus' },
    h('div', { class: 'campus-bar' }, crumbs, legend),
    h('div', { class: 'campus-stage', title: t('campus.hint') }, canvas, status),
    side,
    h('div', { id: 'replay' }, mode, playButton, slider, time, liveButton, replayStatus));
  el.append(section);

  const scene = createScene(canvas);
  let campusId = null;
  let twins = new Map();
  let key = '';
  let stream = null;
  let removeCard = null;
  let replaying = false;
  let playing = false;
  let request = 0;
  let windowStart = 0;
  let unmounted = false;
  let pendingStructure = false;
  let pendingTimer = null;
  const markersParam = Number(new URLSearchParams(location.search).get('markers')) || 0;

  let resolveReady;
  const hook = {
    ready: new Promise((r) => { resolveReady = r; }),
    drawn: false,
    selected: null,
    at: null,
    firstFrameMs: null,
    screenPosition: (id) => scene.screenPosition(id),
    colourOf: (id) => scene.colourOf(id),
    // whether the twin is drawn from its glTF (geometry.model) rather than its extruded footprint
    modelOf: (id) => scene.modelOf(id),
    level: () => scene.focus().level,
    // `?markers=N` only: frames per second with the synthetic markers added, for the performance figure
    measureFps: (ms) => scene.measureFps(ms),
  };
  window.dayuanCampus = hook;

  function apply(next) {
    twins = next;
    const k = structureKey(twins);
    if (k !== key) {
      key = k;
      const focus = scene.focus();
      scene.build(twins, campusId);
      const keep = [focus.building, focus.floor, focus.selected].every((id) => !id || scene.has(id));
      scene.setFocus(keep ? focus : { level: 'campus' }, { frame: false });
    } else {
      scene.recolour(twins);
    }
    status.textContent = `${twins.get(campusId)?.attributes?.name || campusId} · ${t('campus.count', { n: twins.size })}`;
  }

  function onEvent(ev) {
    if (replaying || !ev?.thingId) return;
    if (ev._deleted) {
      if (twins.delete(ev.thingId)) pendingStructure = true;
    } else {
      const known = twins.get(ev.thingId);
      if (!known) {
        if (!ev.definition || !ev.attributes) return; // not ours to draw without its whole state
        twins.set(ev.thingId, ev);
        if (ev.attributes.geometry) pendingStructure = true;
      } else {
        merge(known, ev);
        if (ev.attributes?.geometry || ev.attributes?.parent) pendingStructure = true;
      }
    }
    // a burst of events (a meter sweep) redraws once
    if (!pendingTimer) {
      pendingTimer = setTimeout(() => {
        pendingTimer = null;
        if (replaying) return;
        if (pendingStructure) key = '';
        pendingStructure = false;
        apply(twins);
      }, 100);
    }
  }

  function startStream() {
    stream?.close();
    const namespace = api.namespaceOf(campusId);
    // `_deleted`: removed members come as null and a deleted twin as {thingId, _deleted: true} (Dayuan's notice)
    stream = changes({ namespaces: namespace, fields: `${FIELDS},_deleted` }, onEvent, {
      onReset: () => reloadLive(),
      onState: (s) => { replayStatus.textContent = s === 'retrying' ? t('campus.stream.retrying') : ''; },
    });
  }

  async function reloadLive() {
    const mine = ++request;
    const next = await loadSubtree(campusId);
    if (mine !== request || unmounted || replaying) return;
    apply(next);
  }

  function setSlider(nowS) {
    slider.min = String(windowStart);
    slider.max = String(nowS);
    if (!replaying) slider.value = String(nowS);
    time.value = formatTime(new Date(Number(slider.value) * 1000).toISOString());
  }
  const tick = setInterval(() => { if (!replaying && campusId) setSlider(Math.floor(Date.now() / 1000)); }, 1000);

  async function replayTo(seconds) {
    replaying = true;
    section.classList.add('replaying');
    mode.textContent = t('campus.replay.mode.replay');
    stream?.close();
    stream = null;
    const at = new Date(seconds * 1000).toISOString();
    slider.value = String(seconds);
    time.value = formatTime(at);
    const mine = ++request;
    try {
      const snapshot = await loadSubtree(campusId, at);
      if (mine !== request || unmounted || !replaying) return;
      replayStatus.textContent = '';
      apply(snapshot);
      hook.at = at;
      if (side.dataset.thing) showCard(side.dataset.thing);
    } catch (err) {
      if (mine !== request) return;
      replayStatus.textContent = err.code === 'things:thing.history.notfound' || err.status === 404
        ? t('campus.replay.notYet') : err.message;
    }
  }

  async function goLive() {
    playing = false;
    playButton.textContent = t('campus.replay.play');
    replaying = false;
    hook.at = null;
    section.classList.remove('replaying');
    mode.textContent = t('campus.replay.mode.live');
    replayStatus.textContent = '';
    setSlider(Math.floor(Date.now() / 1000));
    startStream();
    await reloadLive();
    if (side.dataset.thing) showCard(side.dataset.thing);
  }

  async function play() {
    if (playing) {
      playing = false;
      playButton.textContent = t('campus.replay.play');
      return;
    }
    playing = true;
    playButton.textContent = t('campus.replay.pause');
    const end = Number(slider.max);
    let start = replaying ? Number(slider.value) : windowStart;
    if (start >= end - 1) start = windowStart;
    const step = (end - start) / PLAY_STEPS;
    for (let i = 0; i <= PLAY_STEPS && playing && !unmounted; i++) {
      await replayTo(Math.round(start + i * step));
      await new Promise((r) => setTimeout(r, 300));
    }
    playing = false;
    playButton.textContent = t('campus.replay.play');
  }

  slider.addEventListener('input', () => { time.value = formatTime(new Date(Number(slider.value) * 1000).toISOString()); });
  slider.addEventListener('change', () => {
    playing = false;
    playButton.textContent = t('campus.replay.play');
    if (Number(slider.value) >= Number(slider.max)) goLive();
    else replayTo(Number(slider.value));
  });
  playButton.addEventListener('click', play);
  liveButton.addEventListener('click', goLive);

  // --- drill-down -------------------------------------------------------------------------------------------------

  function chainOf(id) {
    const chain = [];
    for (let cur = twins.get(id), n = 0; cur && n < 12; cur = twins.get(cur.attributes?.parent), n++) {
      chain.unshift(cur);
      if (cur.thingId === campusId) break;
    }
    return chain;
  }

  function showCard(id) {
    removeCard?.();
    removeCard = null;
    clear(side);
    side.hidden = !id;
    if (!id) return;
    side.append(h('button', { class: 'close', type: 'button', onclick: () => navigate(focusTarget(), { select: null }) },
      t('campus.close')));
    removeCard = renderCard(side, id, { at: hook.at });
    scene.resize();
  }

  function showCampuses() {
    removeCard?.();
    removeCard = null;
    clear(side).append(h('h3', {}, t('campus.campuses')),
      ...context.campuses.map((c) => h('p', {}, h('button', { type: 'button', class: 'link',
        onclick: () => context.setCampus(c.id) }, c.name))));
    side.hidden = false;
  }

  function focusTarget() {
    const f = scene.focus();
    return f.floor || f.building || campusId;
  }

  function renderCrumbs(id) {
    const campus = twins.get(campusId);
    const items = [h('button', { type: 'button', dataset: { thing: '' }, onclick: () => { navigate(campusId); showCampuses(); } },
      t('campus.county', { region: campus?.attributes?.regionCode || campusId.split(':')[0] }))];
    for (const twin of chainOf(id)) {
      items.push(h('span', { class: 'sep' }, '›'),
        h('button', { type: 'button', dataset: { thing: twin.thingId }, onclick: () => navigate(twin.thingId) },
          twin.attributes?.name || twin.thingId));
    }
    clear(crumbs).append(...items);
  }

  /** Drills to a twin: campus, building, floor, or a leaf (room, device, parking space) that gets selected. */
  function navigate(id, { push = true, select } = {}) {
    const twin = twins.get(id);
    if (!twin || !(scene.has(id) || id === campusId)) return;
    const kind = id === campusId ? 'campus' : scene.kindOf(id);
    const parent = twin.attributes?.parent;
    let next;
    if (kind === 'campus') next = { level: 'campus' };
    else if (kind === 'building') next = { level: 'building', building: id };
    else if (kind === 'floor') next = { level: 'floor', building: parent, floor: id };
    else {
      const chain = chainOf(id);
      const building = chain.find((x) => x.definition === DEF.building)?.thingId || null;
      const floor = chain.find((x) => x.definition === DEF.floor)?.thingId || null;
      next = { level: floor ? 'floor' : building ? 'building' : 'campus', building, floor, selected: id };
    }
    if (select !== undefined) next.selected = select;
    const selected = next.selected || null;
    scene.setFocus(next);
    hook.selected = selected;
    renderCrumbs(selected || id);
    if (selected !== (side.dataset.thing || null)) {
      side.dataset.thing = selected || '';
      showCard(selected);
    }
    const target = selected || id;
    const hash = `#/campus/${encodeURIComponent(target)}`;
    if (push && location.hash !== hash) history.pushState(null, '', hash);
  }

  let down = null;
  canvas.addEventListener('pointerdown', (e) => { down = { x: e.clientX, y: e.clientY }; });
  canvas.addEventListener('pointerup', (e) => {
    if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) return;
    down = null;
    const id = scene.pick(e.clientX, e.clientY);
    if (id) navigate(id);
  });

  async function open(id, target) {
    campusId = id;
    key = '';
    stream?.close();
    stream = null;
    replaying = false;
    section.classList.remove('replaying');
    if (!campusId) {
      status.textContent = t('campus.none');
      return;
    }
    const mine = ++request;
    const first = await loadSubtree(campusId);
    if (mine !== request || unmounted) return;
    const created = Date.parse(first.get(campusId)?._created || '') || 0;
    const nowS = Math.floor(Date.now() / 1000);
    windowStart = Math.max(nowS - WINDOW_S, Math.ceil(created / 1000));
    setSlider(nowS);
    apply(first);
    if (markersParam > 0) scene.addSyntheticMarkers(markersParam, twins, campusId);
    scene.setFocus({ level: 'campus' });
    navigate(target && twins.has(target) ? target : campusId, { push: false });
    startStream();
    const drawnAt = await scene.whenDrawn();
    if (hook.firstFrameMs === null) hook.firstFrameMs = Math.round(drawnAt - mountedAt);
    hook.drawn = true;
    resolveReady(true);
  }

  const fail = (err) => { status.textContent = t('shell.error', { message: err.message }); };
  const initial = arg && context.campuses.some((c) => c.id === arg) ? arg : context.campus;
  open(initial, arg).catch(fail);
  const offCampus = context.onCampus((id) => {
    side.hidden = true;
    open(id, null).catch(fail);
  });

  return () => {
    unmounted = true;
    playing = false;
    clearInterval(tick);
    clearTimeout(pendingTimer);
    stream?.close();
    removeCard?.();
    offCampus();
    scene.dispose();
    if (window.dayuanCampus === hook) delete window.dayuanCampus;
  };
}

registerView('campus', { title: 'campus.title', nav: true, mount });
