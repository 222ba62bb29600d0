import { h } from '../dom.js';
import { addMessages, t } from '../i18n.js';
import { registerView } from '../views.js';

addMessages({ 'cockpit.title': ['驾驶舱', 'Cockpit'] });

registerView('cockpit', {
  title: 'cockpit.title',
  nav: true,
  mount(el) {
    el.append(h('section', { class: 'cockpit' }, h('h2', {}, t('cockpit.title'))));
  },
});
