// 一房一码 in Debian's chromium: the room page a door's QR code opens shows the office line's facts of the room
// (area, entitlement under the area standard, occupants), and the office view lists each floor's code sheet.
// Run: cd itests/src/test/browser && npm ci && DAYUAN_URL=http://localhost:8181 node --test office.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from './lib.mjs';

const { USERS, shot } = lib;
const MANAGER = USERS.manager;
// demo scenario 5: a 副科 (12 m²) alone in 18 m²
const ROOM = 'cz.wujin:room-a-0305';

let browser;

before(async () => {
  browser = await lib.launch();
});

after(async () => {
  await browser?.close();
});

const api = (path) => lib.api(path, { user: MANAGER.user, password: MANAGER.password });

test('the room page shows the office facts of the room: area, entitlement and occupant', async () => {
  const room = await api(`/api/2/things/${ROOM}`);
  assert.equal(room.status, 200, `the demo room ${ROOM}`);
  const occupant = room.body.attributes.occupants[0].name;

  await lib.withPage(browser, 'office-room', async (page) => {
    await lib.open(page, `#/room/${ROOM}`);
    await lib.login(page, MANAGER.user, MANAGER.password);
    const facts = page.locator('.room-page section.office-facts');
    // shown once the console knows dayuan-office is installed
    await facts.waitFor({ state: 'visible', timeout: 20000 });
    await shot(page, 'office-room', { fullPage: true });
    assert.equal(Number(await facts.getAttribute('data-area')), 18);
    assert.match(await facts.locator('tr[data-office=occupants] td').innerText(), new RegExp(occupant));
    assert.match(await facts.locator('tr[data-office=code] td').innerText(), /320412-XZZX-A-0305/);
    // under the configured standard (发改投资〔2014〕2674号): a 副科 is entitled to 12 m²
    assert.equal(Number(await facts.getAttribute('data-entitlement')), 12);
    assert.equal(Number(await facts.getAttribute('data-excess')), 6);
  }, { viewport: { width: 390, height: 844 } });
});

test('the office view shows the indicators with a county total and links each floor\'s printable code sheet', async () => {
  await lib.withPage(browser, 'office-view', async (page) => {
    await lib.open(page, '#/office');
    await lib.login(page, MANAGER.user, MANAGER.password);
    await page.locator('nav#views a[data-view=office]').waitFor({ state: 'visible', timeout: 20000 });
    const floor = page.locator('a.code-sheet.floors[data-thing="cz.wujin:bldg-a-f03"]');
    await floor.waitFor({ state: 'visible', timeout: 20000 });
    const sheet = await lib.api('/api/dayuan/office/floors/cz.wujin:bldg-a-f03/codes.html',
      { user: MANAGER.user, password: MANAGER.password });
    assert.equal(sheet.status, 200);
    assert.match(sheet.text, /320412-XZZX-A-0305/);
    // the county's total row says what the API says, under its Chinese heading
    const indicators = await api('/api/dayuan/office/indicators');
    assert.equal(indicators.status, 200);
    const total = page.locator('table.indicators tr.total');
    await total.waitFor({ state: 'visible', timeout: 20000 });
    const headings = await page.locator('table.indicators th').allTextContents();
    const column = headings.indexOf('超标间数');
    assert.ok(column > 0, `headings: ${headings.join(' | ')}`);
    const shown = await total.locator('td').nth(column).textContent();
    assert.equal(Number(shown.replace(/[^\d.]/g, '')), indicators.body.county.overStandard, `total row: ${shown}`);
    await shot(page, 'office-view');
  });
});
