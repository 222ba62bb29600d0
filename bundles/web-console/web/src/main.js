import './style.css';
import * as api from './api.js';
import { h, clear } from './dom.js';
import { addMessages, t, language, setLanguage, onLanguage } from './i18n.js';
import { startLines, stopLines } from './lines.js';
import { allViews, view, parseRoute, go } from './views.js';
import './cockpit/index.js';
import './campus/index.js';
import './card.js';
import './fleet/index.js';
import './office/index.js';

addMessages({
  'app.title': ['大院 · 机关事务数字孪生', 'Dayuan · digital campus'],
  'login.title': ['登录', 'Sign in'],
  'login.username': ['用户名', 'User name'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Sign in'],
  'login.failed': ['用户名或密码错误', 'Wrong user name or password'],
  'login.locked': ['登录失败次数过多，请稍后再试', 'Too many failed logins; try again later'],
  'login.norole': ['该用户没有大院角色', 'This user has no Dayuan role'],
  'shell.logout': ['退出', 'Sign out'],
  'shell.lang': ['English', '中文'],
  'shell.campus': ['园区', 'Campus'],
  'shell.noCampus': ['没有可查看的园区', 'No campus you may see'],
  'shell.error': ['出错了：{message}', 'Something went wrong: {message}'],
});

/** What every view may read: the caller and the chosen campus, with a way to hear when it changes. */
const context = {
  me: null,
  campuses: [],
  campus: null,
  listeners: new Set(),
  onCampus(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  },
  setCampus(id) {
    this.campus = id;
    sessionStorage.setItem('dayuan.campus', id || '');
    this.listeners.forEach((fn) => fn(id));
  },
};

const app = document.getElementById('app');
let unmount = null;

function renderLogin(message) {
  stopLines();
  unmount?.();
  unmount = null;
  document.title = t('app.title');
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', hidden: !message }, message || '');
  const form = h('form', { id: 'login', class: 'login', autocomplete: 'on' },
    h('h1', {}, t('app.title')),
    h('label', {}, t('login.username'), h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, t('login.password'),
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    error,
    h('button', { type: 'submit' }, t('login.submit')),
    h('button', { type: 'button', class: 'link', onclick: () => { setLanguage(language() === 'en' ? 'zh-CN' : 'en'); renderLogin(); } },
      t('shell.lang')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await api.login(data.get('username'), data.get('password'));
      await renderShell();
    } catch (err) {
      const key = err.status === 403 ? 'login.norole' : err.status === 429 ? 'login.locked' : 'login.failed';
      error.textContent = t(key);
      error.hidden = false;
    }
  });
  clear(app).append(form);
}

async function loadCampuses() {
  const items = await api.searchAll('eq(definition,"dayuan:Campus:1.0.0")', { fields: 'thingId,attributes/name' });
  context.campuses = items.map((c) => ({ id: c.thingId, name: c.attributes?.name || c.thingId }));
  const remembered = sessionStorage.getItem('dayuan.campus');
  const chosen = context.campuses.find((c) => c.id === remembered) ?? context.campuses[0];
  context.campus = chosen ? chosen.id : null;
}

async function renderShell() {
  try {
    context.me = await api.get('/api/dayuan/auth/whoami');
    await loadCampuses();
  } catch (err) {
    if (err.status === 401) return renderLogin();
    return renderLogin(t('shell.error', { message: err.message }));
  }
  document.title = t('app.title');
  const nav = h('nav', { id: 'views' },
    allViews().filter(([, v]) => v.nav).map(([name, v]) =>
      h('a', { href: `#/${name}`, dataset: { view: name, ...(v.line ? { line: v.line } : {}) } }, t(v.title))));
  const select = h('select', { id: 'campus', title: t('shell.campus'), onchange: (e) => context.setCampus(e.target.value) },
    context.campuses.map((c) => h('option', { value: c.id, selected: c.id === context.campus }, c.name)));
  const header = h('header', { id: 'top' },
    h('span', { class: 'brand' }, t('app.title')),
    nav,
    h('span', { class: 'spacer' }),
    select,
    h('span', { id: 'no-campus', class: 'notice', hidden: context.campuses.length > 0 }, t('shell.noCampus')),
    h('span', { id: 'whoami', title: (context.me.roles || []).join(', ') }, context.me.subject),
    h('button', { id: 'lang', type: 'button', onclick: () => setLanguage(language() === 'en' ? 'zh-CN' : 'en') },
      t('shell.lang')),
    h('button', { id: 'logout', type: 'button', onclick: async () => { await api.logout(); renderLogin(); } },
      t('shell.logout')));
  select.hidden = context.campuses.length === 0;
  const main = h('main', { id: 'view' });
  clear(app).append(header, main);
  startLines();
  route();
}

function route() {
  const main = document.getElementById('view');
  if (!main || !api.token()) return;
  let { name, arg } = parseRoute(location.hash);
  if (!view(name)) {
    go('cockpit');
    return;
  }
  unmount?.();
  unmount = null;
  clear(main);
  const v = view(name);
  document.body.dataset.view = name;
  document.querySelectorAll('nav#views a').forEach((a) => a.classList.toggle('active', a.dataset.view === name));
  try {
    unmount = v.mount(main, arg, context) || null;
  } catch (err) {
    main.append(h('p', { class: 'error' }, t('shell.error', { message: err.message })));
  }
}

window.addEventListener('hashchange', route);
api.onUnauthorised(() => renderLogin());
onLanguage(() => (api.token() ? renderShell() : renderLogin()));

if (api.token()) renderShell();
else renderLogin();
