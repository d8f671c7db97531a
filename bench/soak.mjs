// Soak: mixed load against the real binary for a long while — browsing (event list, event page,
// ticket types, the home page), free orders by 16 buyers (each mails its tickets through the
// outbox), and a door checking the tickets in — sampling the server every 5 s: resident memory
// (VmRSS), open file descriptors, threads, requests and p50/p99 latency of the interval.
// Writes <out>/soak.csv and, with gnuplot (Debian: gnuplot-nox), <out>/soak.png; prints the
// first and last minute side by side. A leak shows as a slope.
//
//   LANYARD_BINARY=build/app/lanyard node bench/soak.mjs [MINUTES=30] [OUT=bench/soak]
import {execFile} from 'node:child_process';
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {startServer, fillWithDemo} from '../tests/e2e/lib/server.mjs';
import {Api} from '../tests/e2e/lib/api.mjs';
import {buyer} from '../tests/e2e/lib/crash_loop.mjs';

const execFileP = promisify(execFile);
const minutes = Number(process.argv[2] || 30);
const outDir = process.argv[3] || path.join('bench', 'soak');
const kPassword = 'soak password';
const kSampleMs = 5000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function processFigures(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  const threads = Number(/Threads:\s+(\d+)/.exec(status)[1]);
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  return {rssMiB: kb / 1024, threads, fds};
}

function quantile(sorted, q) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const server = await startServer({prepare: fillWithDemo});
try {
  await server.createAdmin('soak@example.test', kPassword);
  const admin = new Api(server.url);
  await admin.login('soak@example.test', kPassword);
  await admin.patch('/settings', {require_email_confirmation: false});
  const event = await admin.post('/events', {title: 'Soak', starts_at: iso(Date.now() + 86400e3),
    ends_at: iso(Date.now() + 2 * 86400e3)});
  await admin.post(`/events/${event.id}/submit`, {});
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Free', kind: 'free', price: 0, max_per_order: 1});
  const sale = {eventId: event.id, limitedType: type.id, generalType: type.id};
  const buyers = [];
  for (let i = 0; i < 16; i++) {
    const api = new Api(server.url);
    await api.post('/auth/register', {email: `s${i}@example.test`, password: kPassword, name: `S ${i}`}, {token: null});
    await api.login(`s${i}@example.test`, kPassword);
    buyers.push(api);
  }

  // Every request of the mix goes through `timed`, which records its latency in this interval.
  let latencies = [];
  let errors = 0;
  const timed = async (fn) => {
    const t0 = performance.now();
    try { await fn(); } catch (e) { errors++; }
    latencies.push(performance.now() - t0);
  };
  const timedApi = (api) => new Proxy(api, {get: (target, prop) => (prop === 'req'
    ? (...args) => { let r; return timed(async () => { r = await target.req(...args); }).then(() => r); }
    : target[prop])});

  const running = {on: true};
  const seen = {orders: new Map(), checkins: new Set(), toScan: [], unexpected: []};
  const browse = async () => {
    const anon = timedApi(new Api(server.url));
    const paths = ['/events', '/events/1', '/events/1/ticket-types', '/events/1/draws', '/checkin/keys'];
    while (running.on) {
      for (const p of paths) await anon.req('GET', p, undefined, {raw: true}).then((r) => r && r.arrayBuffer());
      await timed(async () => { await (await fetch(`${server.url}/`)).arrayBuffer(); });
    }
  };
  const door = async () => {
    const staff = timedApi(admin);
    while (running.on) {
      const t = seen.toScan.shift();
      if (!t) { await sleep(20); continue; }
      const r = await staff.req('POST', '/checkin', {code: t.code}, {raw: true});
      if (r) { await r.arrayBuffer(); if (r.status === 200) seen.checkins.add(t.id); }
    }
  };
  const load = [browse(), browse(), browse(), browse(), door(),
    ...buyers.map(async (api) => {
      // A paced buyer: one order a second each, so the database grows the way a long sale does.
      const one = timedApi(api);
      while (running.on) {
        const second = sleep(1000);
        await buyer(one, sale, seen, {n: 1, get on() { return this.n-- > 0; }});
        await second;
      }
    })];

  await mkdir(outDir, {recursive: true});
  const rows = [];
  const started = Date.now();
  while (Date.now() - started < minutes * 60e3) {
    await sleep(kSampleMs);
    const sorted = latencies.sort((a, b) => a - b);
    latencies = [];
    const p = await processFigures(server.proc.pid);
    rows.push({t: Math.round((Date.now() - started) / 1000), ...p, requests: sorted.length,
      p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors});
  }
  running.on = false;
  await Promise.all(load);

  const csv = ['seconds,rss_mib,fds,threads,requests,p50_ms,p99_ms,errors',
    ...rows.map((r) => [r.t, r.rssMiB.toFixed(1), r.fds, r.threads, r.requests, r.p50.toFixed(2), r.p99.toFixed(2), r.errors].join(','))];
  await writeFile(path.join(outDir, 'soak.csv'), csv.join('\n') + '\n');
  try {
    await execFileP('gnuplot', ['-e', `set datafile separator ','; set terminal png size 1200,800; ` +
      `set output '${path.join(outDir, 'soak.png')}'; set multiplot layout 3,1; set key left top; ` +
      `set xlabel 'seconds'; plot '${path.join(outDir, 'soak.csv')}' using 1:2 skip 1 with lines title 'RSS MiB'; ` +
      `set yrange [0:*]; plot '' using 1:3 skip 1 with lines title 'fds', '' using 1:4 skip 1 with lines title 'threads'; ` +
      `plot '' using 1:6 skip 1 with lines title 'p50 ms', '' using 1:7 skip 1 with lines title 'p99 ms'; unset multiplot`]);
  } catch (e) {
    console.log(`(no plot: ${e.message.split('\n')[0]}; apt-get install gnuplot-nox)`);
  }
  const perMinute = Math.max(1, Math.round(60e3 / kSampleMs));
  const summary = (part) => {
    const avg = (k) => part.reduce((s, r) => s + r[k], 0) / part.length;
    return `RSS ${avg('rssMiB').toFixed(1)} MiB, fds ${avg('fds').toFixed(0)}, threads ${avg('threads').toFixed(0)}, ` +
      `${(avg('requests') / (kSampleMs / 1000)).toFixed(0)} req/s, p50 ${avg('p50').toFixed(2)} ms, p99 ${avg('p99').toFixed(2)} ms`;
  };
  console.log(`soak ${minutes} min, ${seen.orders.size} orders, ${seen.checkins.size} check-ins, ${errors} errors`);
  console.log(`first minute: ${summary(rows.slice(0, perMinute))}`);
  console.log(`last minute:  ${summary(rows.slice(-perMinute))}`);
} finally {
  await server.stop();
}
