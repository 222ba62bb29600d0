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

/**
 * What a facility manager reads from the indicators, in this order: [field, label, digits, unit]. The API answers
 * more (GET /api/dayuan/office/indicators, or its CSV download below has every figure).
 */
const COLUMNS = [
  ['rooms', ['房间', 'Rooms'], 0],
  ['totalArea', ['使用面积', 'Usable area'], 0, 'm²'],
  ['officeArea', ['办公室', 'Offices'], 0, 'm²'],
  ['serviceArea', ['服务用房', 'Service'], 0, 'm²'],
  ['headcount', ['人数', 'People'], 0],
  ['officeAreaPerPerson', ['人均办公室', 'Office per person'], 1, 'm²'],
  ['utilisation', ['使用率', 'Utilisation'], 1, '%'],
  ['idleOffices', ['闲置办公室', 'Idle offices'], 0],
  ['idleArea', ['闲置面积', 'Idle area'], 0, 'm²'],
  ['letOutArea', ['出租出借', 'Let out'], 0, 'm²'],
  ['overStandard', ['超标间数', 'Over standard'], 0],
  ['overStandardExcess', ['超标面积', 'Excess'], 1, 'm²'],
  ['leaderOverStandard', ['领导超标', 'Leaders over'], 0],
  ['leasesExpiring', ['租约将到期', 'Leases expiring'], 0],
  ['rentArrears', ['欠租', 'Rent arrears'], 0],
];
addMessages({
  'office.organisation': ['单位', 'Organisation'],
  'office.total': ['合计', 'Total'],
  'office.asOf': ['{date} · 标准：{edition}', '{date} · standard: {edition}'],
  'office.csv': ['下载 CSV（全部指标）', 'Download CSV (every figure)'],
  ...Object.fromEntries(COLUMNS.map(([field, label]) => [`office.col.${field}`, label])),
});

/** The organisations' rows of an indicators answer, with the county's total as the last row. */
export function indicatorRows(body) {
  const rows = Array.isArray(body?.organisations) ? body.organisations.filter((r) => r && typeof r === 'object') : [];
  return body?.county ? [...rows, { ...body.county, total: true }] : rows;
}

function cell(row, [field, , digits, unit]) {
  const v = row[field];
  if (typeof v !== 'number') return h('td', { class: 'number' }, '–');
  const shown = unit === '%' ? v * 100 : v;
  return h('td', { class: `number${field.startsWith('overStandard') && v > 0 ? ' warn' : ''}` },
    formatNumber(shown, digits), unit ? h('small', {}, ` ${unit}`) : null);
}

function indicatorTable(body) {
  const rows = indicatorRows(body);
  return [
    h('p', { class: 'muted' }, t('office.asOf', { date: body?.date ?? '–', edition: body?.edition ?? '–' }), ' ',
      h('a', { href: '#', class: 'csv', onclick: (e) => { e.preventDefault(); downloadCsv(); } }, t('office.csv'))),
    h('table', { class: 'indicators', dataset: { rows: rows.length } },
      h('thead', {}, h('tr', {}, h('th', {}, t('office.organisation')),
        COLUMNS.map(([field]) => h('th', {}, t(`office.col.${field}`))))),
      h('tbody', {}, rows.map((r) => h('tr', { class: r.total ? 'total' : '', dataset: { organisation: r.organisation ?? '' } },
        h('td', {}, r.total ? t('office.total') : (r.name || r.organisation)),
        COLUMNS.map((c) => cell(r, c)))))),
  ];
}

/** The CSV, fetched with the token (a plain link would carry none) and saved from a blob. */
async function downloadCsv() {
  const resp = await fetch('/api/dayuan/office/indicators?format=csv', { headers: api.headers() });
  const url = URL.createObjectURL(await resp.blob());
  const a = h('a', { href: url, download: 'office-indicators.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
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
