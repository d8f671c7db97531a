// The API client: JSON in and out, Bearer tokens kept in localStorage, one refresh attempt on a
// 401 (refresh tokens rotate, so concurrent 401s share a single refresh), then the login page.

const kBase = '/api/v1';
const kAccess = 'lanyard.access';
const kRefresh = 'lanyard.refresh';
const kUser = 'lanyard.user';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? 'network' : 'internal');
    this.fields = (body && body.fields) || {};
    this.body = body || {};
  }
}

let onSignedOut = () => {};
let onUserChanged = () => {};
export function setAuthHooks(hooks) {
  if (hooks.signedOut) onSignedOut = hooks.signedOut;
  if (hooks.userChanged) onUserChanged = hooks.userChanged;
}

export function accessToken() { return localStorage.getItem(kAccess); }

export function currentUser() {
  try {
    return JSON.parse(localStorage.getItem(kUser) || 'null');
  } catch (e) {
    return null;
  }
}

export function storeSession(body) {
  if (body.access_token) localStorage.setItem(kAccess, body.access_token);
  if (body.refresh_token) localStorage.setItem(kRefresh, body.refresh_token);
  if (body.user) setCurrentUser(body.user);
}

export function setCurrentUser(user) {
  if (user) localStorage.setItem(kUser, JSON.stringify(user));
  else localStorage.removeItem(kUser);
  onUserChanged(user);
}

export function clearSession() {
  localStorage.removeItem(kAccess);
  localStorage.removeItem(kRefresh);
  setCurrentUser(null);
}

const kRoleRank = {attendee: 0, staff: 1, organizer: 2, admin: 3};
export function hasRole(role, user = currentUser()) {
  if (!user) return false;
  return (kRoleRank[user.role] ?? 0) >= (kRoleRank[role] ?? 0);
}

let refreshing = null;
async function refreshSession() {
  const token = localStorage.getItem(kRefresh);
  if (!token) return false;
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const res = await fetch(`${kBase}/auth/refresh`, {
          method: 'POST',
          headers: {'Content-Type': 'application/json', Accept: 'application/json'},
          body: JSON.stringify({refresh_token: token}),
        });
        if (!res.ok) return false;
        storeSession(await res.json());
        return true;
      } catch (e) {
        return false;
      } finally {
        setTimeout(() => { refreshing = null; }, 0);
      }
    })();
  }
  return refreshing;
}

export function buildQuery(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function send(method, path, opts, retried) {
  const headers = {Accept: 'application/json', ...(opts.headers || {})};
  let body;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const token = accessToken();
  const sendsToken = token && opts.auth !== false;
  if (sendsToken) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(kBase + path + buildQuery(opts.query), {method, headers, body, signal: opts.signal});
  } catch (e) {
    throw new ApiError(0, {code: 'network', message: e.message});
  }
  if (res.status === 401 && sendsToken) {
    const body = await res.json().catch(() => null);
    // Only a rejected token ends the session; a 401 about something else (a wrong password
    // typed into a form) is an ordinary error.
    if (body && body.code && body.code !== 'unauthorized') throw new ApiError(401, body);
    if (!retried && await untilAborted(refreshSession(), opts.signal)) return send(method, path, opts, true);
    clearSession();
    onSignedOut();
    throw new ApiError(401, body);
  }
  if (!res.ok) {
    throw new ApiError(res.status, await res.json().catch(() => null));
  }
  return res;
}

// `promise`, or a rejection as soon as `signal` aborts (the shared token refresh is not aborted:
// other requests may wait for it).
function untilAborted(promise, signal) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const stop = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) { stop(); return; }
    signal.addEventListener('abort', stop, {once: true});
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

async function readBody(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) return res.json();
  return res.text();
}

// api('GET', '/events', {query: {q}}) -> parsed JSON (null for 204).
// Options: body (JSON), form (FormData), query, headers, auth:false (no token), timeoutMs: give
// up after that many milliseconds, the whole exchange included (the request is aborted; throws
// ApiError with status 0 and code 'timeout' — the server may or may not have received it).
export async function api(method, path, opts = {}) {
  if (!opts.timeoutMs) return readBody(await send(method, path, opts, false));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    return await readBody(await send(method, path, {...opts, signal: controller.signal}, false));
  } catch (err) {
    if (controller.signal.aborted) throw new ApiError(0, {code: 'timeout', message: `no answer within ${opts.timeoutMs} ms`});
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// A protected file (QR, proof, document, CSV) as a Blob, fetched with the bearer token.
export async function apiBlob(path, opts = {}) {
  const res = await send(opts.method || 'GET', path, opts, false);
  return res.blob();
}

export function get(path, query, opts = {}) { return api('GET', path, {...opts, query}); }
export function post(path, body, opts = {}) { return api('POST', path, {...opts, body: body ?? {}}); }
export function patch(path, body) { return api('PATCH', path, {body}); }
export function put(path, body) { return api('PUT', path, {body}); }
export function del(path, opts = {}) { return api('DELETE', path, opts); }
export function upload(method, path, form) { return api(method, path, {form}); }

export async function login(email, password) {
  const body = await api('POST', '/auth/login', {body: {email, password}, auth: false});
  storeSession(body);
  return body.user;
}

export async function logout() {
  const refresh = localStorage.getItem(kRefresh);
  try {
    if (accessToken()) await api('POST', '/auth/logout', {body: refresh ? {refresh_token: refresh} : {}});
  } catch (e) {
    // Signing out locally matters more than the server's answer.
  } finally {
    clearSession();
  }
}

// Re-reads /me so role changes (an approved organizer application) show without a new login.
export async function refreshMe() {
  if (!accessToken()) return null;
  try {
    const me = await get('/me');
    setCurrentUser(me);
    return me;
  } catch (e) {
    return currentUser();
  }
}

// Walks a list endpoint page by page (limit 100) up to `max` items.
export async function getAll(path, query = {}, max = 1000) {
  const items = [];
  let offset = 0;
  for (;;) {
    const page = await get(path, {...query, limit: 100, offset});
    const batch = Array.isArray(page) ? page : (page.items || []);
    items.push(...batch);
    offset += batch.length;
    const total = Array.isArray(page) ? batch.length : (page.total ?? batch.length);
    if (batch.length === 0 || offset >= total || items.length >= max || Array.isArray(page)) break;
  }
  return items;
}

export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
