// Alarm rows with their lifecycle buttons, shared by the cockpit's feed and the twin card.
import * as api from '../api.js';
import { h } from '../dom.js';
import { addMessages, t, formatTime } from '../i18n.js';

addMessages({
  'alarm.severity.critical': ['紧急', 'Critical'],
  'alarm.severity.major': ['重要', 'Major'],
  'alarm.severity.warning': ['一般', 'Warning'],
  'alarm.severity.info': ['提示', 'Info'],
  'alarm.state.unacknowledged': ['未确认', 'Unacknowledged'],
  'alarm.state.acknowledged': ['已确认', 'Acknowledged'],
  'alarm.state.verified': ['已核实', 'Verified'],
  'alarm.state.shelved': ['已搁置', 'Shelved'],
  'alarm.state.outOfService': ['停用', 'Out of service'],
  'alarm.state.closed': ['已关闭', 'Closed'],
  'alarm.acknowledge': ['确认', 'Acknowledge'],
  'alarm.verify.real': ['核实：真实', 'Verify: real'],
  'alarm.verify.false': ['核实：误报', 'Verify: false'],
  'alarm.verify.test': ['核实：测试', 'Verify: test'],
  'alarm.close': ['关闭', 'Close'],
  'alarm.inactive': ['已恢复', 'back to normal'],
  'alarm.count': ['×{n}', '×{n}'],
  'alarm.none': ['没有未关闭的告警', 'No open alarms'],
});

export const ALARM_DEFINITION = 'dayuan:Alarm:2.0.0';
export const OPEN_STATES = ['unacknowledged', 'acknowledged', 'verified', 'shelved', 'outOfService'];
export const SEVERITIES = ['critical', 'major', 'warning', 'info'];

/**
 * RQL for the open alarms (any state but closed) below `below` (a campus: its alarms are its descendants') and/or of
 * `of` (a twin: the alarms under it or naming it as source), with one more condition `extra`.
 */
export function openAlarmFilter({ below, of, extra } = {}) {
  const parts = [`eq(definition,"${ALARM_DEFINITION}")`, `in(attributes/state,${OPEN_STATES.map((s) => `"${s}"`).join(',')})`];
  if (below) parts.push(`eq(_ancestors,${JSON.stringify(below)})`);
  if (of) parts.push(`or(eq(_ancestors,${JSON.stringify(of)}),eq(attributes/source,${JSON.stringify(of)}))`);
  if (extra) parts.push(extra);
  return `and(${parts.join(',')})`;
}

/** Viewers read; integrators, managers and administrators act (README "Alarms and work orders"). */
export function canAct(me) {
  return (me?.roles || []).some((r) => r === 'manager' || r === 'integrator' || r === 'admin');
}

/** The steps the alarm's state allows, as [label key, action, body]. */
function steps(state) {
  if (state === 'unacknowledged') return [['alarm.acknowledge', 'acknowledge', {}]];
  if (state === 'acknowledged') {
    return ['real', 'false', 'test'].map((r) => [`alarm.verify.${r}`, 'verify', { result: r }]);
  }
  if (state === 'verified') return [['alarm.close', 'close', {}]];
  return [];
}

/** Names of twins by id, read in one search per call and remembered. */
const names = new Map();
export async function resolveNames(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !names.has(id));
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const filter = `in(thingId,${chunk.map((id) => JSON.stringify(id)).join(',')})`;
    try {
      const items = await api.searchAll(filter, { fields: 'thingId,attributes/name' });
      items.forEach((it) => names.set(it.thingId, it.attributes?.name || it.thingId));
    } catch {
      // a name we cannot read shows as its id
    }
    chunk.forEach((id) => { if (!names.has(id)) names.set(id, id); });
  }
}
export function nameOf(id) {
  return names.get(id) || id;
}

/**
 * One alarm as a list item. `onChanged(alarm)` is called with the alarm after a step; a refused step (409 naming
 * the current state, 403) shows the API's message on the row.
 */
export function alarmRow(alarm, { act = false, onChanged } = {}) {
  const a = alarm.attributes || {};
  const error = h('p', { class: 'error step-error', role: 'alert', hidden: true });
  const buttons = act
    ? steps(a.state).map(([key, action, body]) => h('button', {
      type: 'button',
      class: `step step-${action}`,
      dataset: { action, result: body.result || '' },
      onclick: async (e) => {
        const row = e.target.closest('li');
        row.querySelectorAll('button.step').forEach((b) => { b.disabled = true; });
        try {
          const after = await api.post(`/api/dayuan/alarms/${encodeURIComponent(alarm.thingId)}/${action}`, body);
          onChanged?.(after);
        } catch (err) {
          error.textContent = err.message;
          error.hidden = false;
          row.querySelectorAll('button.step').forEach((b) => { b.disabled = false; });
        }
      },
    }, t(key)))
    : [];
  return h('li', {
    class: `alarm sev-${a.severity}`,
    dataset: { thing: alarm.thingId, state: a.state, severity: a.severity },
  },
  h('span', { class: 'sev', title: t(`alarm.severity.${a.severity}`) }, t(`alarm.severity.${a.severity}`)),
  h('div', { class: 'what' },
    h('strong', { class: 'name' }, a.name || a.type),
    a.count > 1 ? h('span', { class: 'muted' }, ` ${t('alarm.count', { n: a.count })}`) : null,
    h('div', { class: 'source muted' },
      h('a', { href: `#/room/${encodeURIComponent(a.source)}` }, nameOf(a.source)),
      ' · ', h('time', { datetime: a.raisedAt }, formatTime(a.raisedAt)),
      a.active === false ? ` · ${t('alarm.inactive')}` : '')),
  h('span', { class: 'state' }, t(`alarm.state.${a.state}`)),
  buttons.length ? h('span', { class: 'steps' }, buttons) : null,
  error);
}
