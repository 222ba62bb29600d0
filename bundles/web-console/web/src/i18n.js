// Chinese first: zh-CN is the default, English is a switch kept per browser.
const dictionaries = { 'zh-CN': {}, en: {} };
const listeners = new Set();
let lang = localStorage.getItem('dayuan.lang') === 'en' ? 'en' : 'zh-CN';

/** Adds a module's strings: `addMessages({ key: ['中文', 'English'] })`. */
export function addMessages(messages) {
  for (const [key, [zh, en]] of Object.entries(messages)) {
    dictionaries['zh-CN'][key] = zh;
    dictionaries.en[key] = en;
  }
}

/** The string for `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = dictionaries[lang][key] ?? dictionaries['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? `{${name}}`));
}

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh-CN';
  localStorage.setItem('dayuan.lang', lang);
  document.documentElement.lang = lang;
  listeners.forEach((fn) => fn(lang));
}

/** Calls `fn` after every switch; returns the function that stops it. */
export function onLanguage(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Numbers and instants as the language writes them. */
export function formatNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/**
 * The campus's clock: China Standard Time, whatever the browser's zone, so that a time on the screen is the time the
 * lines count days in (the energy line's calendar) and the same on every screen.
 */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso) {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(lang, { hour12: false, timeZone: TIME_ZONE });
}

document.documentElement.lang = lang;
