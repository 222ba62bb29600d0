// The console speaks only the public API, with the bearer token of its login, as any integrator's viewer would.
const TOKEN = 'dayuan.token';
const unauthorised = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.code = body?.error;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

/** Called when the API refuses the token (expired, revoked): the shell shows the login again. */
export function onUnauthorised(fn) {
  unauthorised.add(fn);
}

export async function login(username, password) {
  const resp = await fetch('/api/dayuan/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await resp.json().catch(() => null);
  if (!resp.ok) throw new ApiError(resp.status, body);
  sessionStorage.setItem(TOKEN, body.token);
  return body;
}

export async function logout() {
  try {
    if (token()) await request('POST', '/api/dayuan/auth/logout');
  } finally {
    sessionStorage.removeItem(TOKEN);
  }
}

export function headers(extra = {}) {
  const h = { ...extra };
  if (token()) h.Authorization = `Bearer ${token()}`;
  return h;
}

/** One API call; JSON in and out. Resolves to the parsed body (null for 204), rejects with an ApiError. */
export async function request(method, path, body, extraHeaders = {}) {
  const init = { method, headers: headers(extraHeaders) };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) init.headers['Content-Type'] = 'application/json';
  }
  const resp = await fetch(path, init);
  if (resp.status === 204) return null;
  const text = await resp.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!resp.ok) {
    if (resp.status === 401 && token()) {
      sessionStorage.removeItem(TOKEN);
      unauthorised.forEach((fn) => fn());
    }
    throw new ApiError(resp.status, parsed);
  }
  return parsed;
}

export const get = (path, h) => request('GET', path, undefined, h);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = (path, body) => request('PUT', path, body);

/** `?a=1&b=2` from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every twin matching an RQL filter, paging with Ditto's cursor (200 per page, the API's most). */
export async function searchAll(filter, { fields, namespaces, limit = 20000 } = {}) {
  const items = [];
  let cursor;
  do {
    const option = cursor ? `size(200),cursor(${cursor})` : 'size(200)';
    const page = await get(`/api/2/search/things${query({ filter, fields, namespaces, option })}`);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < limit);
  return items;
}

/** A twin's whole subtree as the caller may see it (`at` replays it as it was then). */
export function descendants(thingId, { filter, fields, at, depth } = {}) {
  return get(`/api/2/things/${encodeURIComponent(thingId)}/descendants${query({ filter, fields, at, depth })}`);
}

/** The namespace of a thingId (`cz.wujin` of `cz.wujin:room-a-0101`): an organisation's scope. */
export function namespaceOf(thingId) {
  return thingId.slice(0, thingId.indexOf(':'));
}

export function thing(thingId, { fields } = {}) {
  return get(`/api/2/things/${encodeURIComponent(thingId)}${query({ fields })}`);
}
