// 办公用房: the office line's indicators per organisation and the printable sheets of door codes (一房一码) of each
// floor of the campus. Shown while dayuan-office is installed.
import * as api from '../api.js';
import { h, clear } from '../dom.js';
import { addMessages, t, formatNumber } from '../i18n.js';
import { registerView } from '../views.js';

addMessages({
  'office.title': ['办公用房', 'Office space'],
  'office.indicators': ['用房指标', 'Indicators'],
  'office.noIndicators': ['暂无指标：{message}', 'No indicators: {message}'],
  'office.sheets': ['一房一码打印（按楼层）', 'Door codes to print, per floor'],
  'office.sheet.building': ['整栋', 'whole building'],
  'office.noFloors': ['该园区没有可查看的楼层', 'No floor you may see on this campus'],
  'office.sheetFailed': ['无法打开打印页：{message}', 'Cannot open the sheet: {message}'],
});

const BUILDING = 'dayuan:Building:1.0.0';
const FLOOR = 'dayuan:Floor:1.0.0';
/** Columns that name a row go first, whatever the indicators' order. */
const FIRST = ['name', 'organisationName', 'shortName', 'organisation', 'thingId'];

/**
 * The rows of an indicators answer, whatever its shape: the answer itself when it is an array, else its
 * `organisations`, else its first array of objects.
 */
export function indicatorRows(body) {
  if (Array.isArray(body)) return body.filter((r) => r && typeof r === 'object');
  if (!body || typeof body !== 'object') return [];
  if (Array.isArray(body.organisations)) return body.organisations;
  const found = Object.values(body).find((v) => Array.isArray(v) && v.some((r) => r && typeof r === 'object'));
  return found ? found.filter((r) => r && typeof r === 'object') : [];
}

/** A row with nested objects flattened one level ('area.idle'); arrays shown as their length. */
function flatten(row) {
  const out = {};
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = v2 && typeof v2 === 'object' ? JSON.stringify(v2) : v2;
    } else {
      out[k] = Array.isArray(v) ? v.length : v;
    }
  }
  return out;
}

function cell(v) {
  if (typeof v === 'number') return h('td', { class: 'number' }, formatNumber(v, Number.isInteger(v) ? 0 : 2));
  if (typeof v === 'boolean') return h('td', {}, t(`val.${v}`));
  return h('td', {}, v === null || v === undefined ? '–' : String(v));
}

function indicatorTable(body) {
  const rows = indicatorRows(body).map(flatten);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .sort((a, b) => ((FIRST.indexOf(a) + 1 || 99) - (FIRST.indexOf(b) + 1 || 99)));
  const scalars = body && !Array.isArray(body) && typeof body === 'object'
    ? Object.entries(body).filter(([, v]) => v === null || typeof v !== 'object') : [];
  return [
    scalars.length ? h('p', { class: 'muted' }, scalars.map(([k, v]) => `${k}: ${v}`).join(' · ')) : null,
    h('table', { class: 'indicators', dataset: { rows: rows.length } },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => cell(r[c])))))),
  ];
}

/** Opens a sheet in a new tab: fetched with the token (a plain link would carry none), shown from a blob. */
async function openSheet(path) {
  const tab = window.open('', '_blank'); // opened on the click itself, so no popup blocker stops it
  try {
    const html = await api.get(path);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    if (tab) tab.location = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    tab?.close();
    alert(t('office.sheetFailed', { message: err.message }));
  }
}

function sheetLink(kind, thingId, label) {
  const path = `/api/dayuan/office/${kind}/${encodeURIComponent(thingId)}/codes.html`;
  return h('a', {
    href: path, class: `code-sheet ${kind}`, dataset: { thing: thingId },
    onclick: (e) => { e.preventDefault(); openSheet(path); },
  }, label);
}

async function sheets(campus) {
  if (!campus) return [h('p', { class: 'muted' }, t('office.noFloors'))];
  const twins = await api.descendants(campus, { filter: `in(definition,"${BUILDING}","${FLOOR}")`,
    fields: 'thingId,definition,attributes/name,attributes/parent,attributes/number' });
  const buildings = twins.filter((x) => x.definition === BUILDING);
  const floors = twins.filter((x) => x.definition === FLOOR)
    .sort((a, b) => (a.attributes?.number ?? 0) - (b.attributes?.number ?? 0));
  if (!floors.length) return [h('p', { class: 'muted' }, t('office.noFloors'))];
  return [h('div', { class: 'sheets' }, buildings.map((b) => h('div', { class: 'building', dataset: { thing: b.thingId } },
    h('h4', {}, b.attributes?.name || b.thingId, ' ', sheetLink('buildings', b.thingId, t('office.sheet.building'))),
    floors.filter((f) => f.attributes?.parent === b.thingId)
      .map((f) => sheetLink('floors', f.thingId, f.attributes?.name || f.thingId)))))];
}

function mount(el, arg, context) {
  let gone = false;
  const indicators = h('div', { class: 'indicators-box' });
  const codes = h('div', { class: 'sheets-box' });
  const root = h('section', { class: 'office-view', dataset: { line: 'dayuan-office' } },
    h('h3', {}, t('office.indicators')), indicators, h('h3', {}, t('office.sheets')), codes);
  el.append(root);

  async function load() {
    const campus = context.campus;
    const [ind, sh] = await Promise.allSettled([api.get('/api/dayuan/office/indicators'), sheets(campus)]);
    if (gone) return;
    clear(indicators).append(...(ind.status === 'fulfilled' ? indicatorTable(ind.value)
      : [h('p', { class: 'muted' }, t('office.noIndicators', { message: ind.reason?.message }))]).filter(Boolean));
    clear(codes).append(...(sh.status === 'fulfilled' ? sh.value
      : [h('p', { class: 'error' }, sh.reason?.message)]));
    root.dataset.ready = 'true';
  }
  load();
  const off = context.onCampus(() => load());
  return () => { gone = true; off(); root.remove(); };
}

registerView('office', { title: 'office.title', nav: true, line: 'dayuan-office', mount });
