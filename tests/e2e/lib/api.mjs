// A small JSON client for setting up test data through the API.

export class Api {
  constructor(base) {
    this.base = base;
    this.token = null;
  }

  async req(method, path, body, {token, headers = {}, raw = false} = {}) {
    const h = {Accept: 'application/json', ...headers};
    const auth = token === undefined ? this.token : token;
    if (auth) h.Authorization = `Bearer ${auth}`;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
    const res = await fetch(`${this.base}/api/v1${path}`, {method, headers: h, body: payload});
    if (raw) return res;
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = {raw: text}; }
    if (!res.ok) {
      const err = new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
      err.status = res.status;
      err.body = json;
      throw err;
    }
    return json;
  }

  get(path, opts) { return this.req('GET', path, undefined, opts); }
  post(path, body = {}, opts) { return this.req('POST', path, body, opts); }
  patch(path, body, opts) { return this.req('PATCH', path, body, opts); }

  async login(email, password) {
    const r = await this.post('/auth/login', {email, password}, {token: null});
    this.token = r.access_token;
    return r;
  }
}

// A 1x1..NxN PNG built in memory (no image library): a valid file for proof uploads.
export function tinyPng() {
  return Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64');
}
