import { get } from './api.js';

// Which line features are installed, asked of the API every few seconds, so panels come and go as an integrator
// installs and uninstalls lines, without a reload.
const POLL_MS = 5000;
let installed = new Set();
let timer = null;
const listeners = new Set();
const style = document.createElement('style');
document.head.appendChild(style);

export function installedLines() {
  return installed;
}

export function isInstalled(feature) {
  return installed.has(feature);
}

/** Calls `fn(set)` now and whenever the installed lines change; returns the function that stops it. */
export function onLines(fn) {
  listeners.add(fn);
  fn(installed);
  return () => listeners.delete(fn);
}

function apply(next) {
  const changed = next.size !== installed.size || [...next].some((f) => !installed.has(f));
  installed = next;
  document.body.dataset.lines = [...next].sort().join(' ');
  // An element tagged data-line shows only while its line is installed.
  style.textContent = `[data-line]{display:none !important}\n${[...next]
    .map((f) => `[data-line="${CSS.escape(f)}"]{display:revert !important}`)
    .join('\n')}`;
  if (changed) listeners.forEach((fn) => fn(installed));
}

async function poll() {
  try {
    const body = await get('/api/dayuan/lines');
    apply(new Set(body.lines.map((l) => l.feature)));
  } catch {
    // keep what we knew; the next poll tries again
  }
}

export function startLines() {
  if (timer) return;
  poll();
  timer = setInterval(poll, POLL_MS);
}

export function stopLines() {
  clearInterval(timer);
  timer = null;
}

apply(new Set());
