// The 3D campus (一张图) and its replay (历史回溯) in a real browser: pixels drawn, drill-down to a room, a property
// written over HTTP shown live, an earlier state replayed. Run: DAYUAN_URL=http://localhost:8181 node --test campus.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from './lib.mjs';

const { BASE_URL, USERS, api, waitFor, shot } = lib;
const CAMPUS = lib.DEMO_CAMPUS;

// Colours of campus/state.js: the test checks what the legend promises.
const BUILDING = [0xd8, 0xc9, 0xa8];
const DEVICE_OK = '#43a047';
const DEVICE_OFFLINE = '#757575';
const ROOM_ALARM = '#e53935';

async function openCampus(page) {
  await page.waitForFunction(() => window.dayuanCampus && window.dayuanCampus.drawn, null, { timeout: 60000 });
}

/** Where a twin's object shows on the canvas; fails when it is not drawn. */
async function positionOf(page, thingId) {
  // two frames first, as a user sees them before clicking: a drill-down can change the breadcrumbs' height, and the
  // canvas takes its new size (and the camera its new aspect) only at the next frame's ResizeObserver callback
  const p = await page.evaluate(async (id) => {
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(r));
    return window.dayuanCampus.screenPosition(id);
  }, thingId);
  assert.ok(p, `${thingId} is drawn somewhere a click reaches`);
  return p;
}

/** The canvas's pixels, read back in the page: counts of non-background and building-coloured pixels. */
async function pixelStats(page, building) {
  return page.evaluate(async ([bx, by, bz]) => {
    const canvas = document.getElementById('campus-canvas');
    // the WebGL canvas keeps its drawing buffer, so it can be copied as an image (no fetch: the console's CSP)
    const bitmap = await createImageBitmap(canvas);
    const off = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = off.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const d = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const bg = [d[0], d[1], d[2]]; // a corner: sky
    const bn = Math.hypot(bx, by, bz);
    let drawn = 0;
    let buildingLike = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, gg, b] = [d[i], d[i + 1], d[i + 2]];
      if (Math.abs(r - bg[0]) + Math.abs(gg - bg[1]) + Math.abs(b - bg[2]) > 24) drawn++;
      const n = Math.hypot(r, gg, b);
      // same hue as the building colour, lit or shaded: the direction of (r,g,b) matches
      if (n > 120 && (r * bx + gg * by + b * bz) / (n * bn) > 0.997) buildingLike++;
    }
    return { width: bitmap.width, height: bitmap.height, total: d.length / 4, drawn, buildingLike, bg };
  }, building);
}

let browser;
let page;
let building;
let floor;
let room;
let camera;

before(async () => {
  browser = await lib.launch();
  page = await lib.newPage(browser, { viewport: { width: 1600, height: 900 } });
  // The demo's main building, a floor of it with rooms and a camera, one of those rooms: read from the API.
  const tree = await api(`/api/2/things/${CAMPUS}/descendants?fields=thingId,definition,attributes`);
  assert.equal(tree.status, 200);
  const twins = tree.body;
  building = twins.find((x) => x.thingId === 'cz.wujin:bldg-a') || twins.find((x) => x.definition === 'dayuan:Building:1.0.0');
  const floors = twins.filter((x) => x.definition === 'dayuan:Floor:1.0.0' && x.attributes.parent === building.thingId)
    .sort((a, b) => a.attributes.geometry.elevation - b.attributes.geometry.elevation);
  floor = floors.find((f) => f.attributes.number === 3 && twins.some((x) => x.definition === 'dayuan:Camera:1.0.0'
    && x.attributes.parent === f.thingId)) || floors[0];
  const rooms = twins.filter((x) => x.definition === 'dayuan:Room:1.0.0' && x.attributes.parent === floor.thingId);
  room = rooms.sort((a, b) => b.attributes.usableArea - a.attributes.usableArea)[0];
  camera = twins.find((x) => x.definition === 'dayuan:Camera:1.0.0' && x.attributes.parent === floor.thingId);
  assert.ok(room && camera, `floor ${floor.thingId} has rooms and a camera`);
});

after(async () => {
  if (camera) await api(`/api/2/things/${camera.thingId}/features/video/properties/online`, { method: 'PUT', body: true });
  await browser?.close();
});

test('the 3D scene draws the demo campus (pixels)', async () => {
  await page.goto(`${BASE_URL}/#/campus`, { waitUntil: 'domcontentloaded' });
  await lib.login(page, USERS.manager.user, USERS.manager.password);
  await openCampus(page);
  const firstFrame = await page.evaluate(() => window.dayuanCampus.firstFrameMs);
  console.log(`FIGURE campus-first-frame-ms ${firstFrame}`);
  await page.waitForTimeout(300);
  const stats = await pixelStats(page, BUILDING);
  console.log(`campus overview: ${stats.drawn} of ${stats.total} pixels drawn, ${stats.buildingLike} building-coloured`);
  assert.ok(stats.drawn > stats.total * 0.05, `many pixels drawn, not the empty sky (${stats.drawn})`);
  assert.ok(stats.buildingLike > 2000, `the buildings' colour is on the canvas (${stats.buildingLike} pixels)`);
  assert.equal(await page.evaluate((id) => window.dayuanCampus.colourOf(id), building.thingId),
    '#' + BUILDING.map((c) => c.toString(16).padStart(2, '0')).join(''));
  await shot(page, 'campus-overview');
  assert.deepEqual(page.errors, []);
});

test('drill down: building, floor, room; the card shows the room', async () => {
  let p = await positionOf(page, building.thingId);
  await page.mouse.click(p.x, p.y);
  await waitFor(() => page.evaluate(() => window.dayuanCampus.level() === 'building'), 5000, 'the building level');
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/campus/${building.thingId}`);
  await page.waitForTimeout(200);
  await shot(page, 'campus-building');

  p = await positionOf(page, floor.thingId);
  await page.mouse.click(p.x, p.y);
  await waitFor(() => page.evaluate(() => window.dayuanCampus.level() === 'floor'), 5000, 'the floor plan');
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/campus/${floor.thingId}`);

  p = await positionOf(page, room.thingId);
  await page.mouse.click(p.x, p.y);
  await waitFor(() => page.evaluate((id) => window.dayuanCampus.selected === id, room.thingId), 5000, 'the room selected');
  await waitFor(async () => (await page.locator('#campus-side .card h2').first().innerText()) === room.attributes.name,
    10000, `the card titled ${room.attributes.name}`);
  const crumbs = await page.locator('#campus-crumbs button').allInnerTexts();
  assert.deepEqual(crumbs.slice(2), [building.attributes.name, floor.attributes.name, room.attributes.name]);
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/campus/${room.thingId}`);
  await page.waitForTimeout(200);
  await shot(page, 'campus-room');

  // the address is the drill-down: reloading it comes back to the same room and card
  await page.reload({ waitUntil: 'domcontentloaded' });
  await openCampus(page);
  assert.equal(await page.evaluate(() => window.dayuanCampus.selected), room.thingId);
  assert.equal(await page.evaluate(() => window.dayuanCampus.level()), 'floor');
  await waitFor(async () => (await page.locator('#campus-side .card h2').first().innerText()) === room.attributes.name,
    10000, `the card titled ${room.attributes.name} after a reload`);
  assert.deepEqual(page.errors, []);
});

const colourOf = (id) => page.evaluate((x) => window.dayuanCampus.colourOf(x), id);
let writtenAt;

test('a property written over HTTP recolours its marker live', async () => {
  const path = `/api/2/things/${camera.thingId}/features/video/properties/online`;
  assert.ok([200, 201, 204].includes((await api(path, { method: 'PUT', body: true })).status));
  await waitFor(async () => (await colourOf(camera.thingId)) === DEVICE_OK, 10000, `${camera.thingId} drawn as online`);
  await page.waitForTimeout(3000); // the replay below looks at an instant between this write and the next
  const url = page.url();
  writtenAt = Date.now();
  assert.ok([200, 201, 204].includes((await api(path, { method: 'PUT', body: false })).status));
  await waitFor(async () => (await colourOf(camera.thingId)) === DEVICE_OFFLINE, 10000,
    `${camera.thingId} drawn as offline without a reload`);
  assert.equal(page.url(), url);
  assert.deepEqual(page.errors, []);
});

test('replay: the slider shows the state before the write, live returns', async () => {
  assert.ok(writtenAt, 'the live test wrote first');
  const before = Math.floor(writtenAt / 1000) - 1;
  // the camera's card open, to see it replayed too
  await page.goto(`${BASE_URL}/#/campus/${encodeURIComponent(camera.thingId)}`);
  const onlineCell = `.card[data-thing="${camera.thingId}"] .prop[data-path="features/video/properties/online"]`;
  await page.locator(`.card[data-thing="${camera.thingId}"][data-ready=true]`).waitFor({ timeout: 20000 });
  await waitFor(() => page.evaluate(() => window.dayuanCampus.drawn), 20000, 'the campus drawn again');
  const liveText = await page.locator(onlineCell).innerText();
  await page.evaluate((s) => {
    const slider = document.getElementById('replay-slider');
    slider.value = String(s);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    slider.dispatchEvent(new Event('change', { bubbles: true }));
  }, before);
  await waitFor(() => page.evaluate((iso) => window.dayuanCampus.at === iso, new Date(before * 1000).toISOString()),
    30000, 'the replayed instant').catch(async (e) => {
    e.message += ` (replay status: ${await page.locator('#replay-status').innerText()})`;
    throw e;
  });
  assert.equal(await colourOf(camera.thingId), DEVICE_OK, 'the camera as it was before it went offline');
  const replayed = page.locator(`.card[data-thing="${camera.thingId}"][data-at="${new Date(before * 1000).toISOString()}"][data-ready=true]`);
  await replayed.waitFor({ timeout: 15000 });
  assert.ok(await replayed.locator('.replayed').isVisible(), 'the card says it shows an earlier state');
  assert.notEqual(await page.locator(onlineCell).innerText(), liveText, 'the card shows the camera online as it was');
  assert.ok(await page.locator('section.campus.replaying').isVisible());
  await page.waitForTimeout(200);
  await shot(page, 'campus-replay');

  await page.locator('#replay-live').click();
  await waitFor(async () => (await page.evaluate(() => window.dayuanCampus.at)) === null
    && (await colourOf(camera.thingId)) === DEVICE_OFFLINE, 10000, 'live again, the camera offline');
  await page.locator(`.card[data-thing="${camera.thingId}"][data-at=""][data-ready=true]`).waitFor({ timeout: 15000 });
  assert.equal(await page.locator(onlineCell).innerText(), liveText, 'the card is live again');
  await api(`/api/2/things/${camera.thingId}/features/video/properties/online`, { method: 'PUT', body: true });
  await waitFor(async () => (await colourOf(camera.thingId)) === DEVICE_OK, 10000, 'live updates resumed');
  assert.deepEqual(page.errors, []);
});

test('a new alarm on a room turns the room red live; closing it restores the room', async () => {
  const before = await colourOf(room.thingId);
  assert.notEqual(before, ROOM_ALARM, `${room.thingId} is not in alarm before the test`);
  const raised = await api('/api/dayuan/alarms', { method: 'POST', body: {
    source: room.thingId, type: 'manual.campus-test', severity: 'warning', name: '一张图测试告警' } });
  assert.ok([200, 201].includes(raised.status), JSON.stringify(raised.body));
  const alarm = raised.body.thingId;
  try {
    await waitFor(async () => (await colourOf(room.thingId)) === ROOM_ALARM, 10000, `${room.thingId} drawn in alarm`);
    await page.waitForTimeout(200);
    await shot(page, 'campus-room-alarm');
  } finally {
    for (const [step, body] of [['acknowledge', {}], ['verify', { result: 'test' }], ['close', {}]]) {
      await api(`/api/dayuan/alarms/${alarm}/${step}`, { method: 'POST', body: { comment: 'campus browser test', ...body } });
    }
  }
  await waitFor(async () => (await colourOf(room.thingId)) === before, 10000, `${room.thingId} back to ${before}`);
  assert.deepEqual(page.errors, []);
});

test('play steps the replay forward through the window', async () => {
  await page.locator('#replay-play').click();
  const seen = new Set();
  await waitFor(async () => {
    const at = await page.evaluate(() => window.dayuanCampus.at);
    if (at) seen.add(at);
    return seen.size >= 3;
  }, 30000, 'three replayed instants');
  const instants = [...seen].map((x) => Date.parse(x));
  assert.ok(instants.every((x, i) => i === 0 || x > instants[i - 1]), `forward in time: ${[...seen].join(', ')}`);
  await page.locator('#replay-live').click();
  await waitFor(() => page.evaluate(() => window.dayuanCampus.at === null), 10000, 'live again');
  assert.deepEqual(page.errors, []);
});

test('performance with 5,000 synthetic markers (printed, not asserted)', async () => {
  // ?markers=5000 adds client-side synthetic markers for this measurement only; they are no twins
  await page.goto(`${BASE_URL}/?markers=5000#/campus`, { waitUntil: 'domcontentloaded' });
  await openCampus(page);
  const fps = await page.evaluate(() => window.dayuanCampus.measureFps(5000));
  console.log(`FIGURE campus-fps-5000 ${fps.toFixed(1)}`);
  assert.deepEqual(page.errors, []);
});

// The demo's service building (C座) names a glTF served by the console (geometry.model, made by
// bundles/web-console/scripts/service-building-glb.mjs); its wall colour is that file's 'Wall' material.
const MODEL_WALL = [0xc8, 0x74, 0x4a];

test('a building that names a glTF model is drawn from it, and drills down like its footprint', async () => {
  const tree = await api(`/api/2/things/${CAMPUS}/descendants?fields=thingId,definition,attributes`);
  assert.equal(tree.status, 200);
  const modelled = tree.body.find((x) => x.definition === 'dayuan:Building:1.0.0' && x.attributes.geometry?.model?.url);
  assert.ok(modelled, 'the demo names a glTF model for a building');
  await page.goto(`${BASE_URL}/#/campus`, { waitUntil: 'domcontentloaded' });
  if (!(await lib.token(page))) await lib.login(page, USERS.manager.user, USERS.manager.password);
  await openCampus(page);
  await waitFor(() => page.evaluate((id) => window.dayuanCampus.modelOf(id), modelled.thingId), 15000,
    `the glTF of ${modelled.thingId} loaded`);
  assert.equal(await page.evaluate(() => window.dayuanCampus.level()), 'campus');
  await page.waitForTimeout(300);
  const stats = await pixelStats(page, MODEL_WALL);
  console.log(`glTF wall-coloured pixels: ${stats.buildingLike} of ${stats.total}`);
  assert.ok(stats.buildingLike > stats.total * 0.002, `the model's wall colour is drawn (${stats.buildingLike} pixels)`);
  await shot(page, 'campus-gltf');

  // picking the model is picking the building: the click drills into it, and its floors show instead
  const p = await positionOf(page, modelled.thingId);
  await page.mouse.click(p.x, p.y);
  await waitFor(() => page.evaluate(() => window.dayuanCampus.level() === 'building'), 5000, 'the building level');
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/campus/${modelled.thingId}`);
  await page.waitForTimeout(300);
  const inside = await pixelStats(page, MODEL_WALL);
  assert.ok(inside.buildingLike < stats.buildingLike / 4, `the model gives way to the floors (${inside.buildingLike} pixels)`);
  const floors = tree.body.filter((x) => x.definition === 'dayuan:Floor:1.0.0' && x.attributes.parent === modelled.thingId);
  assert.ok(floors.length > 0);
  await positionOf(page, floors[0].thingId);
  await shot(page, 'campus-gltf-building');
  assert.deepEqual(page.errors, []);
});
