// Views register themselves here; the shell routes `#/<name>/<arg>` to one of them.
// A view is { title: i18n key, line?: feature it needs, nav?: shown in the top navigation,
//             mount(element, arg, context) -> optional function that unmounts it }.
const views = new Map();

export function registerView(name, view) {
  views.set(name, view);
}

export function view(name) {
  return views.get(name);
}

export function allViews() {
  return [...views.entries()];
}

/** Where `#/name/arg` points; the arg may hold ':' and '/', as thingIds do. */
export function parseRoute(hash) {
  const m = /^#\/([^/]+)\/?(.*)$/.exec(hash || '');
  if (!m) return { name: null, arg: '' };
  return { name: m[1], arg: decodeURIComponent(m[2] || '') };
}

export function go(name, arg) {
  location.hash = arg ? `#/${name}/${encodeURIComponent(arg)}` : `#/${name}`;
}
