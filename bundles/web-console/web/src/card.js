import * as api from './api.js';
import { h, clear } from './dom.js';
import { addMessages, t } from './i18n.js';
import { registerView } from './views.js';

addMessages({
  'card.attributes': ['属性', 'Attributes'],
  'card.features': ['实时状态', 'Live properties'],
  'card.close': ['关闭', 'Close'],
  'card.room': ['房间卡片', 'Room card'],
});

/**
 * The twin's card: attributes and live properties. Renders into `container` and returns a function that removes it.
 */
export function renderCard(container, thingId) {
  const box = h('section', { class: 'card', dataset: { thing: thingId } }, h('h2', {}, thingId));
  container.append(box);
  api.thing(thingId).then((twin) => {
    clear(box).append(
      h('h2', {}, twin.attributes?.name || twin.thingId),
      h('p', { class: 'muted' }, twin.thingId),
      h('h3', {}, t('card.attributes')),
      table(Object.entries(twin.attributes || {}).filter(([k]) => k !== 'geometry')),
      h('h3', {}, t('card.features')),
      ...Object.entries(twin.features || {}).map(([id, f]) =>
        h('div', { class: 'feature' }, h('h4', {}, id), table(Object.entries(f.properties || {})))));
  }).catch((err) => box.append(h('p', { class: 'error' }, err.message)));
  return () => box.remove();
}

function table(entries) {
  return h('table', { class: 'kv' }, entries.map(([k, v]) =>
    h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)))));
}

// What a QR code on a door opens: the room's card on its own page, laid out for a phone.
registerView('room', {
  title: 'card.room',
  mount(el, thingId) {
    return renderCard(el, thingId);
  },
});
