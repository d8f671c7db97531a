// Makes the upgrade test's fixture: the data directory of a released lanyard, filled through its
// API, dumped as SQL (tests/fixtures/upgrade/<name>/lanyard.sql) with its secret files beside it.
// Run it with the binary of the release the next one must upgrade from (the newest git tag; until
// the first tag, main as of d6ce982):
//   git worktree add /tmp/rel v0.2.0 && (cd /tmp/rel && make build)
//   node tests/packaging/make_upgrade_fixture.mjs /tmp/rel/build/app/lanyard v0.2.0
// Needs /usr/bin/python3 (its sqlite3 module writes the dump).
import {spawn, execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Api, tinyPng} from '../e2e/lib/api.mjs';

const [binary, name] = process.argv.slice(2);
if (!binary || !name) {
  console.error('usage: make_upgrade_fixture.mjs LANYARD_BINARY RELEASE_NAME');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..', 'fixtures', 'upgrade', name);
rmSync(outDir, {recursive: true, force: true});
const data = mkdtempSync(path.join(os.tmpdir(), 'lanyard-fixture-'));
const env = {...process.env, LANYARD_KDF: 'fast', LANYARD_RATE_LIMITS: 'off', LANYARD_MAIL: 'file'};
const password = 'upgrade-fixture-1';
const iso = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';

function run(...args) {
  return execFileSync(binary, [...args, '--data', data], {env, encoding: 'utf8'});
}

async function serve() {
  const proc = spawn(binary, ['serve', '--data', data, '--listen', '127.0.0.1:0'], {env, stdio: ['ignore', 'pipe', 'inherit']});
  let out = '';
  const url = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return {proc, url};
}

// Everything a committee's first months leave behind, through the API: accounts in each role,
// a paid event and a free one, orders paid (proof, confirmation, check-in), pending, cancelled.
async function fill(url) {
  const admin = new Api(url);
  await admin.login('admin@example.org', password);
  await admin.patch('/settings', {require_email_confirmation: false, site_name: 'Panitia Upgrade'});
  const people = [];
  for (const [i, who] of ['Ayu Lestari', 'Budi Santoso', 'Citra Dewi', 'Dodi Hartono'].entries()) {
    const email = `person${i}@example.org`;
    await admin.post('/auth/register', {email, password, name: who, phone: `+6281200000${i}`}, {token: null});
    const api = new Api(url);
    await api.login(email, password);
    people.push(api);
  }
  const now = Date.now();
  const paid = await admin.post('/events', {title: 'Seminar Nasional Upgrade', venue: 'Aula Barat', city: 'Bandung',
    starts_at: iso(now + 30 * 86400e3), ends_at: iso(now + 30 * 86400e3 + 8 * 3600e3)});
  const regular = await admin.post(`/events/${paid.id}/ticket-types`, {name: 'Regular', kind: 'paid', price: 150000, quota: 50});
  await admin.post(`/events/${paid.id}/ticket-types`, {name: 'Student', kind: 'paid', price: 75000, quota: 20});
  await admin.post(`/events/${paid.id}/submit`, {});
  const free = await admin.post('/events', {title: 'Meetup Komunitas', venue: 'Ruang 2',
    starts_at: iso(now + 10 * 86400e3), ends_at: iso(now + 10 * 86400e3 + 3 * 3600e3)});
  const pass = await admin.post(`/events/${free.id}/ticket-types`, {name: 'Free pass', kind: 'free', price: 0, quota: 100});
  await admin.post(`/events/${free.id}/submit`, {});

  const order = (api, event, type, quantity) => api.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity}]});
  const paidOrder = await order(people[0], paid, regular, 2);
  const form = new FormData();
  form.append('file', new Blob([tinyPng()], {type: 'image/png'}), 'transfer.png');
  form.append('note', 'BCA transfer');
  await people[0].post(`/orders/${paidOrder.id}/payment-proofs`, form);
  const confirmed = await admin.post(`/orders/${paidOrder.id}/confirm-payment`, {note: 'seen on the statement'});
  const tickets = confirmed.tickets || (await admin.get(`/orders/${paidOrder.id}`)).tickets;
  await admin.post('/checkin', {code: tickets[0].code, event_id: paid.id});
  await order(people[1], paid, regular, 1);  // stays pending
  const cancelled = await order(people[2], paid, regular, 1);
  await people[2].post(`/orders/${cancelled.id}/cancel`, {});
  for (const api of people) await order(api, free, pass, 1);
}

function dump() {
  mkdirSync(outDir, {recursive: true});
  execFileSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], 'w') as f:
    for line in db.iterdump():
        f.write(line + '\\n')
`, path.join(data, 'lanyard.db'), path.join(outDir, 'lanyard.sql')]);
  // Everything else of the data directory, under data/: the secrets (old tickets must still
  // scan), the uploaded proofs, the mail outbox files.
  cpSync(data, path.join(outDir, 'data'), {recursive: true,
    filter: (src) => !/\/lanyard\.(db|lock)$|\/lanyard\.db[-.]/.test(src)});
  writeFileSync(path.join(outDir, 'README'),
    `Made by tests/packaging/make_upgrade_fixture.mjs with ${run('version').trim()}.\n`);
}

run('demo');
run('admin', 'create', '--email', 'admin@example.org', '--password', password);
const {proc, url} = await serve();
try {
  await fill(url);
} finally {
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}
dump();
rmSync(data, {recursive: true, force: true});
console.log(`fixture written to ${outDir}`);
