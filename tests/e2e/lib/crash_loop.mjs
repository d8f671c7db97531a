// The crash loop of SPEC §15 ("a 2xx is on disk; a crash loses nothing acknowledged"): a flash
// sale with check-ins and mail at full load, the server killed with SIGKILL at a random moment
// and restarted, N times. After every restart it checks what the load generator saw
// acknowledged against the server: every 201 order is there and paid, every 200 check-in is
// recorded, no quota was exceeded, `PRAGMA integrity_check` is ok and the server answered within
// its start budget. At the end, with the outbox drained, every paid order's `tickets` mail
// reached the real SMTP server (tests/e2e/smtp_server.py) exactly once.
//
// Used by tests/e2e/crash_loop.test.mjs (a few kills, in `make test`) and bench/crash.mjs (N ≥ 50).

import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {kBinary} from './env.mjs';
import {Api} from './api.mjs';
import {startSmtp, startLanyard, stopProcess, received} from './smtp.mjs';

const execFileP = promisify(execFile);
const kPassword = 'crash loop password';
const kLimitedQuota = 25;   // the flash-sale type: sold out in the first rounds, never oversold
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

// The first column of every row `sql` returns from a database file (the live one too, read-only
// beside the server's WAL writer), through Debian's python3 and its sqlite3 module.
export async function sqliteColumn(db, sql) {
  const {stdout} = await execFileP('/usr/bin/python3', ['-c',
    'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True); ' +
    'print("\\n".join(str(r[0]) for r in c.execute(sys.argv[2])))', db, sql], {timeout: 60000});
  return stdout.split('\n').filter(Boolean);
}

// PRAGMA integrity_check: "ok" for a sound file.
export async function integrityCheck(db) {
  return (await sqliteColumn(db, 'PRAGMA integrity_check')).join('\n');
}

// One buyer: orders one ticket at a time until stopped; every 201 is remembered with its tickets.
export async function buyer(api, sale, seen, running) {
  while (running.on) {
    const limited = Math.random() < 0.3;
    const item = {ticket_type_id: limited ? sale.limitedType : sale.generalType, quantity: 1};
    let res;
    try {
      res = await api.req('POST', '/orders', {event_id: sale.eventId, items: [item]},
        {raw: true, headers: {'Idempotency-Key': randomUUID()}});
    } catch (e) {
      return;  // the connection died with the server
    }
    const body = await res.json().catch(() => null);
    if (res.status === 201 && body) {
      seen.orders.set(body.id, {limited, code: body.code});
      for (const t of body.tickets || []) if (t.code) seen.toScan.push(t);
    } else if (res.status === 201) {
      return;  // the server died while sending the reply: this order was never acknowledged whole
    } else if (res.status !== 409) {
      seen.unexpected.push(`POST /orders → ${res.status}`);
    }
  }
}

// The door: checks in issued tickets as they come; every 200 is remembered.
async function door(api, seen, running) {
  while (running.on) {
    const ticket = seen.toScan.shift();
    if (!ticket) { await sleep(5); continue; }
    let res;
    try {
      res = await api.req('POST', '/checkin', {code: ticket.code}, {raw: true});
    } catch (e) {
      seen.toScan.unshift(ticket);
      return;
    }
    await res.arrayBuffer();
    if (res.status === 200) seen.checkins.add(ticket.id);
    else if (res.status === 409) seen.checkins.add(ticket.id);  // admitted before a crash
    else seen.unexpected.push(`POST /checkin → ${res.status}`);
  }
}

// Every item of a paged list (limit ≤ 100, SPEC §2).
export async function allItems(api, pathAndQuery) {
  const items = [];
  const sep = pathAndQuery.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 100) {
    const page = await api.get(`${pathAndQuery}${sep}limit=100&offset=${offset}`);
    items.push(...page.items);
    if (page.items.length < 100) return items;
  }
}

async function waitHealthy(url, budgetMs) {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/health`);
      await res.arrayBuffer();
      if (res.ok) return Date.now() - started;
    } catch (e) { /* not yet */ }
    if (Date.now() - started > budgetMs) throw new Error(`not healthy within ${budgetMs} ms`);
    await sleep(20);
  }
}

// Runs `kills` rounds. `log` receives one line per round. Returns the figures.
export async function runCrashLoop({kills, buyers = 24, log = () => {}, startBudgetMs = 10000}) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lanyard-crash-'));
  const dataDir = path.join(tmp, 'data');
  const inbox = path.join(tmp, 'inbox');
  let smtp = null;
  let lanyard = null;
  try {
    // Accounts and the sale, with mails to files (their confirmations stay out of the count).
    lanyard = await startLanyard(dataDir, '', {mail: 'file'});
    await execFileP(kBinary, ['admin', 'create', '--data', dataDir, '--email', 'door@example.test',
      '--password', kPassword], {env: lanyard.env, timeout: 30000});
    const admin = new Api(lanyard.url);
    await admin.login('door@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const now = Date.now();
    const event = await admin.post('/events', {title: 'Flash sale', starts_at: iso(now - 3600e3),
      ends_at: iso(now + 86400e3)});
    await admin.post(`/events/${event.id}/submit`, {});
    const limited = await admin.post(`/events/${event.id}/ticket-types`,
      {name: 'Early bird', kind: 'free', price: 0, quota: kLimitedQuota, max_per_order: 1});
    const general = await admin.post(`/events/${event.id}/ticket-types`,
      {name: 'General', kind: 'free', price: 0, max_per_order: 1});
    const sale = {eventId: event.id, limitedType: limited.id, generalType: general.id};
    const people = [];
    for (let i = 0; i < buyers; i++) {
      const email = `buyer${i}@example.test`;
      await admin.post('/auth/register', {email, password: kPassword, name: `Buyer ${i}`}, {token: null});
      people.push(email);
    }
    await stopProcess(lanyard.proc);

    smtp = await startSmtp(inbox);
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    lanyard = await startLanyard(dataDir, smtpUrl);
    const apis = [];
    for (const email of people) {
      const api = new Api(lanyard.url);
      await api.login(email, kPassword);
      apis.push(api);
    }
    admin.base = lanyard.url;
    await admin.login('door@example.test', kPassword);

    const seen = {orders: new Map(), checkins: new Set(), toScan: [], unexpected: []};
    const figures = {kills: 0, startMs: [], ordersAcknowledged: 0, checkinsAcknowledged: 0};
    for (let round = 1; round <= kills; round++) {
      for (const api of [...apis, admin]) api.base = lanyard.url;
      const running = {on: true};
      const load = [...apis.map((api) => buyer(api, sale, seen, running)), door(admin, seen, running),
        door(admin, seen, running)];
      await sleep(300 + Math.random() * 1200);
      await stopProcess(lanyard.proc, 'SIGKILL');
      running.on = false;
      await Promise.all(load);
      figures.kills++;

      const restarted = Date.now();
      lanyard = await startLanyard(dataDir, smtpUrl);
      const healthyMs = (Date.now() - restarted) + await waitHealthy(lanyard.url, startBudgetMs);
      assert.ok(healthyMs <= startBudgetMs, `round ${round}: healthy after ${healthyMs} ms`);
      figures.startMs.push(healthyMs);
      admin.base = lanyard.url;

      // Everything acknowledged is there; no quota exceeded; the file is sound.
      const paidNow = new Set((await allItems(admin, `/events/${event.id}/orders?status=paid`)).map((o) => o.id));
      const missing = [];
      for (const [id] of seen.orders) if (!paidNow.has(id)) missing.push(`order ${id}`);
      const attendees = await allItems(admin, `/events/${event.id}/attendees`);
      const admitted = new Set(attendees.filter((a) => a.checked_in_at).map((a) => a.ticket_id));
      for (const id of seen.checkins) if (!admitted.has(id)) missing.push(`check-in of ticket ${id}`);
      assert.deepEqual(missing, [], `round ${round}: acknowledged but lost`);
      const types = await admin.get(`/events/${event.id}/ticket-types`);
      const early = types.items.find((t) => t.id === limited.id);
      assert.ok(early.sold <= kLimitedQuota, `round ${round}: ${early.sold} sold of ${kLimitedQuota}`);
      const limitedSeen = [...seen.orders.values()].filter((o) => o.limited).length;
      assert.ok(limitedSeen <= kLimitedQuota, `round ${round}: ${limitedSeen} limited orders acknowledged`);
      assert.equal(await integrityCheck(path.join(dataDir, 'lanyard.db')), 'ok', `round ${round}: integrity_check`);
      assert.deepEqual(seen.unexpected, [], `round ${round}: unexpected answers`);
      log(`round ${round}: ${seen.orders.size} orders and ${seen.checkins.size} check-ins acknowledged so far, ` +
        `all present; early bird ${early.sold}/${kLimitedQuota}; healthy ${healthyMs} ms after restart`);
    }
    figures.ordersAcknowledged = seen.orders.size;
    figures.checkinsAcknowledged = seen.checkins.size;

    // The outbox drains; each paid order's tickets mail arrived exactly once.
    const paid = await allItems(admin, `/events/${event.id}/orders?status=paid`);
    let outbox;
    for (let i = 0; i < 600; i++) {
      outbox = await admin.get('/mail/outbox?status=queued');
      if ((outbox.total ?? outbox.items.length) === 0) break;
      await sleep(100);
    }
    assert.equal(outbox.total ?? outbox.items.length, 0, 'the outbox drained');
    await sleep(300);
    const mails = (await received(inbox)).filter((m) => /^Your tickets/.test(m.subject || ''));
    const perOrder = new Map();
    for (const m of mails) {
      const code = /\(order ([A-Z0-9]{8})\)/.exec(m.text)?.[1];
      perOrder.set(code, (perOrder.get(code) || 0) + 1);
    }
    const notOnce = paid.filter((o) => perOrder.get(o.code) !== 1).map((o) => `${o.code}: ${perOrder.get(o.code) || 0}`);
    assert.deepEqual(notOnce, [], 'paid orders whose tickets mail did not arrive exactly once');
    assert.equal(mails.length, paid.length, 'no tickets mail for an order that is not there');
    figures.ordersPaid = paid.length;
    figures.mails = mails.length;
    return figures;
  } finally {
    if (lanyard) await stopProcess(lanyard.proc, 'SIGKILL');
    if (smtp) await stopProcess(smtp.proc);
    if (!process.env.LANYARD_KEEP_DATA) await rm(tmp, {recursive: true, force: true});
  }
}
