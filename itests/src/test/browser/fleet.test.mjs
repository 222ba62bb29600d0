// The fleet view (公车) in Debian's chromium: the campus's vehicles live, a vehicle's track drawn from its history,
// its misuse alarm with the evidence track the rules attached. Reports are written over HTTP as a terminal's would
// land on the twin. Run: cd itests/src/test/browser && npm ci && DAYUAN_URL=http://localhost:8181 node --test fleet.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from './lib.mjs';

const { USERS, shot } = lib;
const MANAGER = USERS.manager;
const CAR = 'cz.wujin:vehicle-05';

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  await browser?.close();
});

const api = (path, opts = {}) => lib.api(path, { user: MANAGER.user, password: MANAGER.password, ...opts });
const eventually = (fn, what, timeoutMs = 20000) => lib.waitFor(fn, timeoutMs, what, 250);

/** A location report on CAR measured `minutesAgo` minutes ago, `north` thousandths of a degree from `from`. */
async function report(from, minutesAgo, north, speed) {
  const r = await api(`/api/2/things/${CAR}/features/location/properties`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: {
      lat: from.lat + north / 1000, lon: from.lon, speed, acc: speed > 0, online: true,
      timestamp: new Date(Date.now() - minutesAgo * 60000).toISOString(),
    },
  });
  assert.ok(r.status === 204 || r.status === 200, `report written: ${r.status} ${r.text}`);
}

test('the fleet view lists the campus cars live and draws a car\'s track and its misuse evidence', async () => {
  const lines = (await api('/api/dayuan/lines')).body.lines.map((l) => l.feature);
  assert.ok(lines.includes('dayuan-fleet'), 'the fleet line is installed in the demo');
  const before = (await api(`/api/2/things/${CAR}/features/location/properties`)).body;

  await lib.withPage(browser, 'fleet', async (page) => {
    await lib.open(page, '#/fleet');
    await lib.login(page, MANAGER.user, MANAGER.password);
    await page.locator('nav#views a[data-view=fleet]').waitFor({ state: 'visible' });
    await eventually(async () => (await page.locator('table.vehicles tbody tr').count()) === 12, '12 demo cars listed');

    // ten minutes of driving north at 40 km/h without an order: a track, and the rules' no-order alarm
    for (let i = 0; i <= 10; i++) {
      await report(before, 10 - i, i, 40);
    }
    const row = page.locator(`table.vehicles tr[data-thing="${CAR}"]`);
    await eventually(async () => (await row.getAttribute('data-state')) === 'moving', 'the row turns moving live');
    await row.click();
    await eventually(async () => Number(await page.locator('.plane').getAttribute('data-points')) >= 2,
      'the track drawn');
    const drawn = await page.locator('.plane polyline.track').getAttribute('data-points');
    assert.ok(Number(drawn) >= 2, `a track line of ${drawn} points`);

    // the alarm arrives through the alarm service; its evidence button draws the track the rule attached
    await eventually(async () => {
      const alarms = await api(`/api/dayuan/alarms?type=fleet.no-order&state=unacknowledged,acknowledged`);
      return alarms.body.items.some((a) => a.attributes.source === CAR);
    }, 'the no-order alarm raised', 30000);
    await row.click(); // reads the alarms again
    const evidence = page.locator('ul.alarms button.evidence').first();
    await evidence.waitFor({ state: 'visible', timeout: 15000 });
    await evidence.click();
    await page.locator('.plane polyline.evidence').waitFor({ state: 'attached', timeout: 5000 });
    await shot(page, 'fleet');
  });
});
