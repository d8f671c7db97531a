// Uploads across two lanyard instances over one PostgreSQL (issue 21, files): an event image, a
// document and a payment proof sent to one instance are served, byte for byte, by the other;
// a refused file answers the spec's error body and leaves nothing behind.
//
//   node uploads.mjs --ports P0,P1 --admin-email E --admin-password P
//
// Exits 1 on the first failed check (with the check's name).
import assert from 'node:assert/strict';

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^--/, '')] = args[i + 1];
const [p0, p1] = opt.ports.split(',').map(Number);

async function call(port, method, path, { json, form, token } = {}) {
  const headers = {};
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { method, headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed = null;
  try { parsed = JSON.parse(bytes.toString('utf8')); } catch { parsed = null; }
  return { status: res.status, bytes, body: parsed, type: res.headers.get('content-type') };
}

async function must(port, method, path, opts, want = [200, 201, 204]) {
  const r = await call(port, method, path, opts);
  assert.ok(want.includes(r.status), `${method} ${path} on ${port} -> ${r.status} ${r.bytes.toString().slice(0, 300)}`);
  return r.body;
}

// A file the server sniffs as `kind` (by its magic bytes), `size` bytes long, every byte value.
function fileOf(kind, size) {
  const magic = { png: Buffer.from('89504e470d0a1a0a', 'hex'), pdf: Buffer.from('%PDF-1.4\n') }[kind];
  const out = Buffer.alloc(size);
  magic.copy(out);
  for (let i = magic.length; i < size; i++) out[i] = (i * 131 + 7) % 256;
  return out;
}

function formWith(bytes, filename, type, fields = {}) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

const admin = (await must(p0, 'POST', '/auth/login',
  { json: { email: opt['admin-email'], password: opt['admin-password'] } })).access_token;
await must(p0, 'PATCH', '/settings', { json: { require_email_confirmation: false }, token: admin });
const event = await must(p0, 'POST', '/events', { token: admin, json: {
  title: 'Files everywhere', description: 'Uploads served by every instance.', category: 'conference',
  venue: 'Hall A', city: 'Bandung', address: 'Jl. Asia Afrika 1',
  starts_at: '2030-06-01T09:00:00Z', ends_at: '2030-06-01T17:00:00Z',
} });
await must(p0, 'POST', `/events/${event.id}/submit`, { json: {}, token: admin });

// 1. The event image: the largest file the server takes (5 MB), put on one, read on the other.
const image = fileOf('png', 5 * 1024 * 1024);
await must(p0, 'PUT', `/events/${event.id}/image`, { form: formWith(image, 'poster.png', 'image/png'), token: admin });
const shown = await call(p1, 'GET', `/events/${event.id}/image`);
assert.equal(shown.status, 200, 'image served by the other instance');
assert.equal(shown.type, 'image/png');
assert.ok(shown.bytes.equals(image), 'image bytes identical on the other instance');

// 2. A document uploaded to instance 1, downloaded from instance 0.
const email = `files-${Date.now().toString(36)}@example.org`;
const password = 'files everywhere 1';
await must(p1, 'POST', '/auth/register', { json: { email, password, name: 'Dewi Files' } });
const user = (await must(p1, 'POST', '/auth/login', { json: { email, password } })).access_token;
const pdf = fileOf('pdf', 70000);
const doc = await must(p1, 'POST', '/me/documents', { form: formWith(pdf, 'ktm.pdf', 'application/pdf', { kind: 'student_id' }), token: user });
const fetched = await call(p0, 'GET', `/documents/${doc.id}`, { token: user });
assert.equal(fetched.status, 200, 'document served by the other instance');
assert.ok(fetched.bytes.equals(pdf), 'document bytes identical');

// 3. A payment proof sent to instance 0 for an order, read by the buyer on instance 1.
const type = await must(p0, 'POST', `/events/${event.id}/ticket-types`, { token: admin,
  json: { name: 'Regular', kind: 'paid', price: 150000, quota: 10, max_per_order: 2 } });
const order = await must(p1, 'POST', '/orders', { token: user,
  json: { event_id: event.id, items: [{ ticket_type_id: type.id, quantity: 1 }] } });
const receipt = fileOf('png', 120000);
const proof = await must(p0, 'POST', `/orders/${order.id}/payment-proofs`,
  { form: formWith(receipt, 'transfer.png', 'image/png', { note: 'BCA' }), token: user });
const proofRead = await call(p1, 'GET', `/payment-proofs/${proof.id}`, { token: user });
assert.equal(proofRead.status, 200, 'proof served by the other instance');
assert.ok(proofRead.bytes.equals(receipt), 'proof bytes identical');

// 4. Refusals: the spec's error body, and no row stays behind.
const text = Buffer.from('just some text, not an image');
const refused = await call(p1, 'PUT', `/events/${event.id}/image`, { form: formWith(text, 'x.png', 'image/png'), token: admin });
assert.equal(refused.status, 415, 'a text file is refused');
assert.equal(refused.body?.code, 'unsupported_media_type');
const tooBig = fileOf('png', 5 * 1024 * 1024 + 1);
const big = await call(p0, 'POST', '/me/documents', { form: formWith(tooBig, 'big.png', 'image/png', { kind: 'photo' }), token: user });
assert.equal(big.status, 413, 'a file over 5 MB is refused');
assert.equal(big.body?.code, 'payload_too_large');
const stillShown = await call(p0, 'GET', `/events/${event.id}/image`);
assert.ok(stillShown.bytes.equals(image), 'the refused image left the earlier one');
console.log('uploads across instances: image 5 MB, document, payment proof served by the other instance; refusals 415 and 413');
