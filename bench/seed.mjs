// Seeds a running Lanyard through its API for one benchmark scenario and writes the request
// files the load generator replays, plus the facts the scenario checks afterwards.
//
//   node bench/seed.mjs flash|door|browse|verify-flash|verify-door --base URL --out DIR
//        --admin-email E --admin-password P [--users N] [--quota N] [--tickets N] [--events N]
//
// Output files in DIR: requests.tsv (METHOD<TAB>PATH<TAB>TOKEN<TAB>BODY per line) and seed.env
// (KEY=value lines the shell scripts source). Verification commands print KEY=value lines.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const scenario = args[0];
const opt = {};
for (let i = 1; i < args.length; i += 2) opt[args[i].replace(/^--/, '')] = args[i + 1];
const base = opt.base;
const out = opt.out;
if (!scenario || !base || !out) {
  console.error('usage: seed.mjs SCENARIO --base URL --out DIR --admin-email E --admin-password P');
  process.exit(2);
}

async function api(method, p, body, token) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(base + '/api/v1' + p, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = text; }
      return { status: res.status, body: json };
    } catch (e) {
      if (attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}

async function must(method, p, body, token, want = [200, 201, 204]) {
  const r = await api(method, p, body, token);
  if (!want.includes(r.status)) {
    throw new Error(`${method} ${p} -> ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
  return r.body;
}

// Runs fn over items with at most `width` in flight; returns the results in order.
async function pool(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

const range = (n) => Array.from({ length: n }, (_, i) => i);

async function adminToken() {
  const r = await must('POST', '/auth/login', { email: opt['admin-email'], password: opt['admin-password'] });
  return r.access_token;
}

// Registers and logs in `n` users named prefix-i; returns [{id, token}].
async function makeUsers(admin, prefix, n) {
  const password = 'bench-password-1';
  const run = Date.now().toString(36);
  return pool(range(n), 16, async (i) => {
    const email = `${prefix}-${run}-${i}@bench.example`;
    const user = await must('POST', '/auth/register', { email, password, name: `${prefix} user ${i}` });
    const login = await must('POST', '/auth/login', { email, password });
    return { id: user.id, email, token: login.access_token };
  });
}

async function publishedEvent(admin, fields) {
  const e = await must('POST', '/events', {
    title: 'Bench event', description: 'An event made by the benchmark.', category: 'conference',
    venue: 'Hall A', city: 'Bandung', address: 'Jl. Asia Afrika 1',
    starts_at: '2030-06-01T09:00:00Z', ends_at: '2030-06-01T17:00:00Z', ...fields,
  }, admin);
  await must('POST', `/events/${e.id}/submit`, {}, admin);
  return e.id;
}

function writeEnv(values) {
  const text = Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  fs.writeFileSync(path.join(out, 'seed.env'), text);
}

function writeRequests(lines, name = 'requests.tsv') {
  fs.writeFileSync(path.join(out, name), lines.join('\n') + '\n');
}

function readEnv() {
  const env = {};
  for (const line of fs.readFileSync(path.join(out, 'seed.env'), 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

async function settingsForLoad(admin) {
  // Confirmation mails would need the outbox round trip for every user; the benchmark's users
  // are made by the admin, so confirmation is switched off before they sign in.
  await must('PATCH', '/settings', { require_email_confirmation: false }, admin);
}

// Flash sale: `users` buyers, one paid type with `quota` units, one unit per order.
async function flash() {
  const users = Number(opt.users ?? 256);
  const quota = Number(opt.quota ?? 5000);
  const admin = await adminToken();
  await settingsForLoad(admin);
  const eventId = await publishedEvent(admin, { title: 'Flash sale' });
  const type = await must('POST', `/events/${eventId}/ticket-types`,
    { name: 'Early bird', kind: 'paid', price: 150000, quota, max_per_order: 10 }, admin);
  const buyers = await makeUsers(admin, 'buyer', users);
  const body = JSON.stringify({ event_id: eventId, items: [{ ticket_type_id: type.id, quantity: 1 }] });
  writeRequests(buyers.map((b) => `POST\t/api/v1/orders\t${b.token}\t${body}`));
  writeEnv({ EVENT_ID: eventId, TYPE_ID: type.id, QUOTA: quota, USERS: users, ADMIN_TOKEN: admin });
}

async function verifyFlash() {
  const env = readEnv();
  const admin = await adminToken();
  const types = await must('GET', `/events/${env.EVENT_ID}/ticket-types`, undefined, admin);
  const list = Array.isArray(types) ? types : types.items;
  const t = list.find((x) => x.id === Number(env.TYPE_ID));
  const orders = await must('GET', `/events/${env.EVENT_ID}/orders?limit=1`, undefined, admin);
  console.log(`db_sold=${t.sold}`);
  console.log(`db_pending=${t.pending ?? ''}`);
  console.log(`db_available=${t.available}`);
  console.log(`db_orders=${orders.total}`);
}

// Door rush: `tickets` valid tickets (free orders of 100), scanned once each by `scanners`
// staff, plus 5 % duplicates and 1 % forged codes, shuffled.
async function door() {
  const ticketCount = Number(opt.tickets ?? 20000);
  const scannerCount = Number(opt.scanners ?? 64);
  const perOrder = 100;
  const admin = await adminToken();
  await settingsForLoad(admin);
  const eventId = await publishedEvent(admin, { title: 'Door rush' });
  const type = await must('POST', `/events/${eventId}/ticket-types`,
    { name: 'Entry', kind: 'free', price: 0, quota: ticketCount, max_per_order: perOrder }, admin);
  const [holder] = await makeUsers(admin, 'holder', 1);
  const orderCount = Math.ceil(ticketCount / perOrder);
  await pool(range(orderCount), 8, async (i) => {
    const quantity = Math.min(perOrder, ticketCount - i * perOrder);
    await must('POST', '/orders', { event_id: eventId, items: [{ ticket_type_id: type.id, quantity }] }, holder.token);
  });
  const codes = (await pool(range(Math.ceil(ticketCount / 100)), 8, async (page) => {
    const r = await must('GET', `/tickets?limit=100&offset=${page * 100}`, undefined, holder.token);
    return r.items.map((t) => t.code);
  })).flat();
  if (new Set(codes).size !== ticketCount) throw new Error(`expected ${ticketCount} codes, got ${new Set(codes).size}`);
  const scanners = await makeUsers(admin, 'scanner', scannerCount);
  await pool(scanners, 8, (s) => must('PATCH', `/users/${s.id}`, { role: 'staff' }, admin));
  // Access tokens carry the role at sign-in on some designs: sign in again after the change.
  const staff = await pool(scanners, 8, async (s) => {
    const login = await must('POST', '/auth/login', { email: s.email, password: 'bench-password-1' });
    return login.access_token;
  });

  const dupCount = Math.round(ticketCount * 0.05);
  const forgedCount = Math.round(ticketCount * 0.01);
  const scans = [...codes];
  for (let i = 0; i < dupCount; i++) scans.push(codes[(i * 7919) % codes.length]);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < forgedCount; i++) {
    const c = codes[(i * 104729) % codes.length];
    if (i % 2 === 0) {
      // A genuine code with one character of its signature changed.
      const at = c.length - 10;
      const swapped = alphabet[(alphabet.indexOf(c[at]) + 1) % alphabet.length];
      scans.push(c.slice(0, at) + swapped + c.slice(at + 1));
    } else {
      // A made-up code of the right shape.
      let s = 'L1';
      for (let k = 2; k < c.length; k++) s += alphabet[(k * 31 + i * 17) % alphabet.length];
      scans.push(s);
    }
  }
  // Deterministic shuffle.
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = scans.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [scans[i], scans[j]] = [scans[j], scans[i]];
  }
  writeRequests(scans.map((code, i) => `POST\t/api/v1/checkin\t${staff[i % staff.length]}\t${JSON.stringify({ code })}`));
  writeEnv({
    EVENT_ID: eventId, TICKETS: ticketCount, EXPECT_OK: ticketCount, EXPECT_ALREADY: dupCount,
    EXPECT_INVALID: forgedCount, SCANNERS: scannerCount, ADMIN_TOKEN: admin,
  });
}

async function verifyDoor() {
  const env = readEnv();
  const admin = await adminToken();
  const r = await must('GET', `/events/${env.EVENT_ID}/checkins?limit=1`, undefined, admin);
  console.log(`db_checked_in=${r.counts.checked_in}`);
  console.log(`db_scans=${r.total}`);
}

const kCities = ['Jakarta', 'Bandung', 'Surabaya', 'Yogyakarta', 'Medan', 'Semarang', 'Makassar',
  'Denpasar', 'Malang', 'Bogor', 'Palembang', 'Padang', 'Pontianak', 'Manado', 'Batam', 'Solo',
  'Balikpapan', 'Kupang', 'Ambon', 'Jayapura'];
const kCategories = ['conference', 'meetup', 'workshop', 'hackathon', 'concert', 'seminar',
  'festival', 'sports'];
const kWords = ['Rust', 'Cloud', 'Data', 'Design', 'Security', 'Mobile', 'Web', 'Robotics',
  'Music', 'Startup', 'Python', 'Go', 'Linux', 'AI', 'Games', 'Coffee', 'Film', 'Photo',
  'Marathon', 'Batik'];

// Browse: `events` published events with a ticket type each, and a mix of list queries.
async function browse() {
  const count = Number(opt.events ?? 10000);
  const admin = await adminToken();
  await must('PATCH', '/settings', { require_email_confirmation: false }, admin);
  await pool(range(count), 32, async (i) => {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const date = `2030-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const id = await publishedEvent(admin, {
      title: `${kWords[i % kWords.length]} ${kWords[(i * 7) % kWords.length]} ${kCategories[i % 8]} #${i}`,
      description: `Bench event number ${i} about ${kWords[(i * 3) % kWords.length]}.`,
      category: kCategories[i % kCategories.length],
      city: kCities[i % kCities.length],
      venue: `Gedung ${kWords[(i * 11) % kWords.length]} ${i % 97}`,
      starts_at: `${date}T09:00:00Z`, ends_at: `${date}T17:00:00Z`,
    });
    await must('POST', `/events/${id}/ticket-types`,
      { name: 'Regular', kind: 'paid', price: 10000 * (1 + (i % 50)), quota: 100, max_per_order: 10 }, admin);
  });
  const queries = [];
  for (let i = 0; i < 1000; i++) {
    const city = kCities[i % kCities.length];
    const cat = kCategories[i % kCategories.length];
    const word = kWords[i % kWords.length];
    const month = String(1 + (i % 12)).padStart(2, '0');
    switch (i % 10) {
      case 0: queries.push('/api/v1/events'); break;
      case 1: queries.push(`/api/v1/events?offset=${(i * 37) % 2000}`); break;
      case 2: queries.push(`/api/v1/events?city=${city}`); break;
      case 3: queries.push(`/api/v1/events?category=${cat}&limit=50`); break;
      case 4: queries.push(`/api/v1/events?q=${word}`); break;
      case 5: queries.push(`/api/v1/events?date=2030-${month}`); break;
      case 6: queries.push(`/api/v1/events?sort=title&offset=${(i * 13) % 500}`); break;
      case 7: queries.push(`/api/v1/events?min_price=100000&max_price=200000`); break;
      case 8: queries.push(`/api/v1/events?city=${city}&category=${cat}&sort=-starts_at`); break;
      default: queries.push(`/api/v1/events?location=${city.slice(0, 4).toLowerCase()}&offset=20`); break;
    }
  }
  writeRequests(queries.map((q) => `GET\t${q}\t-\t`));
  writeEnv({ EVENTS: count, ADMIN_TOKEN: admin });
}

const commands = { flash, 'verify-flash': verifyFlash, door, 'verify-door': verifyDoor, browse };
if (!commands[scenario]) {
  console.error(`unknown scenario ${scenario}`);
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
commands[scenario]().catch((e) => {
  console.error(`seed ${scenario}: ${e.message}`);
  process.exit(1);
});
