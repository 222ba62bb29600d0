import { h } from '../dom.js';
import { addMessages, t } from '../i18n.js';
import { registerView } from '../views.js';

addMessages({ 'campus.title': ['一张图', 'Campus map'] });

registerView('campus', {
  title: 'campus.title',
  nav: true,
  mount(el) {
    el.append(h('section', { class: 'campus' }, h('h2', {}, t('campus.title'))));
  },
});
