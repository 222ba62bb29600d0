// Shared helpers of the console's browser tests (node --test). Other test files may ADD exported functions at the
// end of this file; the existing ones are relied on as they are.
//
// Environment:
//   DAYUAN_URL            the running Dayuan (default http://localhost:8181)
//   DAYUAN_SHOTS          where screenshots go (default itests/target/browser-shots)
//   CHROMIUM              the browser binary (default /usr/bin/chromium, Debian's package; nothing is downloaded)
//   DAYUAN_CLIENT_CMD     a command that types its arguments, one per line, into the Karaf console as admin
//                         (ConsoleIT writes one into the distribution it starts); tests needing it skip without it
//   DAYUAN_ADMIN_PASSWORD the admin's password (no default: a real install generates it)
//   DAYUAN_<ROLE>_USER / DAYUAN_<ROLE>_PASSWORD  override a demo user below (ROLE: MANAGER, VIEWER, XINBEI,
//                         INTEGRATOR, DEVICE)
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

export const BASE_URL = (process.env.DAYUAN_URL || 'http://localhost:8181').replace(/\/+$/, '');
export const SHOTS = resolve(process.env.DAYUAN_SHOTS || join(here, '../../../target/browser-shots'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The demo campus of the demo county (README), which the county's users see and others do not. */
export const DEMO_CAMPUS = 'cz.wujin:campus-xzzx';

function user(role, name, password) {
  return {
    user: process.env[`DAYUAN_${role}_USER`] || name,
    password: process.env[`DAYUAN_${role}_PASSWORD`] || password,
  };
}

/** README's demo users; admin only when its password is given. */
export const USERS = {
  manager: user('MANAGER', 'wujin-manager', 'Wujin-Manager-2026'),
  viewer: user('VIEWER', 'wujin-viewer', 'Wujin-Viewer-2026'),
  xinbei: user('XINBEI', 'xinbei-viewer', 'Xinbei-Viewer-2026'),
  integrator: user('INTEGRATOR', 'integrator', 'Integrator-2026'),
  device: user('DEVICE', 'wujin-device', 'Wujin-Device-2026'),
  admin: process.env.DAYUAN_ADMIN_PASSWORD ? { user: 'admin', password: process.env.DAYUAN_ADMIN_PASSWORD } : null,
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // WebGL without a GPU: software GL, so the 3D scene draws in headless chromium
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Debian's chromium, headless. Throws with how to get it when it is missing. */
export async function launch(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}

/**
 * A page in a fresh context (own sessionStorage and cookies), its uncaught errors collected in page.errors so that a
 * test can assert the console threw nothing.
 */
export async function newPage(browser, { viewport = { width: 1920, height: 1080 }, locale = 'zh-CN', ...rest } = {}) {
  const context = await browser.newContext({ viewport, locale, ...rest });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e && e.stack ? e.stack : e)));
  return page;
}

/**
 * Runs `fn(page)` on a fresh page (see newPage) and closes its context afterwards. When `fn` fails, the page as it
 * was is kept as $DAYUAN_SHOTS/FAILED-<name>.png and its uncaught errors are added to the failure.
 */
export async function withPage(browser, name, fn, options) {
  const page = await newPage(browser, options);
  try {
    return await fn(page);
  } catch (e) {
    await shot(page, `FAILED-${name}`).catch(() => {});
    if (page.errors.length && e && typeof e === 'object') {
      e.message += `\nuncaught in the page:\n${page.errors.join('\n')}`;
    }
    throw e;
  } finally {
    await page.context().close().catch(() => {});
  }
}

/** Opens the console at a hash route (e.g. '#/cockpit'), or its start page. */
export async function open(page, hash = '') {
  await page.goto(BASE_URL + '/' + hash, { waitUntil: 'domcontentloaded' });
  return page;
}

/** Fills the login form and submits it, without waiting for the outcome. Opens the console if not on it. */
export async function submitLogin(page, name, password) {
  if (!page.url().startsWith(BASE_URL)) {
    await open(page);
  }
  const form = page.locator('form#login');
  await form.waitFor({ state: 'visible', timeout: 15000 });
  await form.locator('input[name=username]').fill(name);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
}

/**
 * Logs in through the form as a user does and waits until #whoami shows the name. Fails with #login-error's text
 * when the console refuses the login.
 */
export async function login(page, name = USERS.manager.user, password = USERS.manager.password) {
  await submitLogin(page, name, password);
  const whoami = page.locator('#whoami');
  const error = page.locator('#login-error');
  // A short timeout on each read: the error of an earlier attempt may still show when this login is sent and be
  // gone by the next read, and innerText would otherwise wait 30 s for it to come back.
  const text = async (locator) => (await locator.isVisible()) ? (await locator.innerText({ timeout: 1000 })).trim() : '';
  await waitFor(async () => {
    const refused = await text(error);
    if (refused) {
      throw new Error(`login of ${name} refused: ${refused}`);
    }
    return (await text(whoami)).includes(name);
  }, 15000, `#whoami showing ${name}`);
  return page;
}

/** The bearer token the console keeps for this tab, or null. */
export async function token(page) {
  return page.evaluate(() => sessionStorage.getItem('dayuan.token'));
}

/** Saves a PNG of the page as $DAYUAN_SHOTS/<name>.png and returns its path. */
export async function shot(page, name, options = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

/**
 * A direct HTTP call to Dayuan, as an integrator would make it: Basic auth as `user` (default the county manager),
 * or a bearer `token`, or anonymous with `user: null`. A body that is not a string is sent as JSON. Returns
 * { status, headers, body, text } with body parsed when the answer is JSON.
 */
export async function api(path, {
  user = USERS.manager.user, password, token: bearer, method, body, headers = {},
} = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (bearer) {
    h.Authorization = `Bearer ${bearer}`;
  } else if (user) {
    const pw = password ?? Object.values(USERS).find((u) => u && u.user === user)?.password;
    if (pw == null) {
      throw new Error(`no password for ${user}`);
    }
    h.Authorization = 'Basic ' + Buffer.from(`${user}:${pw}`).toString('base64');
  }
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] = h['Content-Type'] || 'application/json';
  }
  const res = await fetch(BASE_URL + path, {
    method: method || (body === undefined ? 'GET' : 'POST'), headers: h, body: payload,
  });
  const text = await res.text();
  let parsed = text;
  if ((res.headers.get('content-type') || '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text: the test shows what came back
    }
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/**
 * Polls `fn` (sync or async) until it returns a truthy value, which is returned; a throw counts as "not yet". On
 * timeout fails with `what` and the last error.
 */
export async function waitFor(fn, timeoutMs = 10000, what = 'condition', intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) {
        return value;
      }
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ': ' + last.message : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Whether Karaf console commands can be typed (DAYUAN_CLIENT_CMD is set). */
export function hasConsole() {
  return Boolean(process.env.DAYUAN_CLIENT_CMD);
}

/**
 * Types Karaf console commands (e.g. 'feature:uninstall dayuan-safety') through $DAYUAN_CLIENT_CMD and returns what
 * the console printed. Fails when the command exits non-zero.
 */
export function consoleCommand(...commands) {
  const cmd = process.env.DAYUAN_CLIENT_CMD;
  if (!cmd) {
    return Promise.reject(new Error('DAYUAN_CLIENT_CMD is not set: no Karaf console to type into'));
  }
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, commands, { timeout: 120000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const out = stdout + stderr;
      if (error) {
        reject(new Error(`${cmd} ${commands.join(' | ')} failed (${error.code ?? error.signal}): ${out}`));
      } else {
        resolvePromise(out);
      }
    });
  });
}
