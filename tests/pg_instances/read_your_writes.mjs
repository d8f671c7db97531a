// Read-your-writes across two lanyard instances over one PostgreSQL (issue 21, caches): a write
// answered by one instance, then at once a read on the other, alternating directions, hundreds
// of times. The other instance keeps a reply cache (GET /events/{id}) and a session cache (any
// signed-in request): primed just before each write, they must never answer from before it.
//
//   node read_your_writes.mjs --ports P0,P1 --admin-email E --admin-password P [--rounds N]
//
// Prints counts; exits 1 on any stale answer. Order is explicit (each request awaits the
// previous answer), nothing depends on timing.
const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^--/, '')] = args[i + 1];
const ports = opt.ports.split(',').map(Number);
const rounds = Number(opt.rounds ?? 300);

async function api(port, method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, body: json };
}

async function must(port, method, path, body, token) {
  const r = await api(port, method, path, body, token);
  if (r.status < 200 || r.status > 299) {
    throw new Error(`${method} ${path} on ${port} -> ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  return r.body;
}

const [p0, p1] = ports;
const admin = (await must(p0, 'POST', '/auth/login',
  { email: opt['admin-email'], password: opt['admin-password'] })).access_token;
await must(p0, 'PATCH', '/settings', { require_email_confirmation: false }, admin);
const event = await must(p0, 'POST', '/events', {
  title: 'RYW 0', description: 'Read your writes across instances.', category: 'conference',
  venue: 'Hall A', city: 'Bandung', address: 'Jl. Asia Afrika 1',
  starts_at: '2030-06-01T09:00:00Z', ends_at: '2030-06-01T17:00:00Z',
}, admin);
await must(p0, 'POST', `/events/${event.id}/submit`, {}, admin);

// 1. Reply cache: the public event as the other instance answers it after a title change.
let staleReplies = 0;
for (let i = 1; i <= rounds; i++) {
  const writer = ports[i % 2];
  const reader = ports[(i + 1) % 2];
  await must(reader, 'GET', `/events/${event.id}`);  // primes the reader's reply cache
  await must(writer, 'PATCH', `/events/${event.id}`, { title: `RYW ${i}` }, admin);
  const seen = await must(reader, 'GET', `/events/${event.id}`);
  if (seen.title !== `RYW ${i}`) staleReplies++;
}

// 2. Session cache: a signed-out token the other instance checked just before the logout.
const email = `ryw-${Date.now().toString(36)}@example.org`;
const password = 'read your writes 1';
await must(p0, 'POST', '/auth/register', { email, password, name: 'Ryw Buyer' });
let staleSessions = 0;
const sessionRounds = Math.max(1, Math.floor(rounds / 3));
for (let i = 1; i <= sessionRounds; i++) {
  const writer = ports[i % 2];
  const reader = ports[(i + 1) % 2];
  const login = await must(writer, 'POST', '/auth/login', { email, password });
  await must(reader, 'GET', '/me', undefined, login.access_token);  // cached as live
  const out = await api(writer, 'POST', '/auth/logout', { refresh_token: login.refresh_token }, login.access_token);
  if (out.status !== 204) throw new Error(`logout -> ${out.status}`);
  const after = await api(reader, 'GET', '/me', undefined, login.access_token);
  if (after.status !== 401) staleSessions++;
}

console.log(`reply_rounds=${rounds}`);
console.log(`stale_replies=${staleReplies}`);
console.log(`session_rounds=${sessionRounds}`);
console.log(`stale_sessions=${staleSessions}`);
process.exit(staleReplies + staleSessions === 0 ? 0 : 1);
