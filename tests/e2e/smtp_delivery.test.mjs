// Mail delivery through a real SMTP server (tests/e2e/smtp_server.py, aiosmtpd under Debian's
// /usr/bin/python3) with the real binary:
//   1. sign-up → the confirmation mail arrives over SMTP and its link confirms the account;
//   2. the SMTP server is down → the mail is retried (backoff: first retry after 1 minute) and
//      delivered once the server is back;
//   3. the binary dies with mails still queued → after a restart they are all delivered.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {findLink} from './lib/mail.mjs';
import {kBinary} from './lib/env.mjs';
import {smtpSkipReason as skipReason, startSmtp, startLanyard, stopProcess, received} from './lib/smtp.mjs';

const execFileP = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(base, method, p, body, token) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api/v1${p}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = {raw: text}; }
  return {status: res.status, json, text};
}

async function waitForMails(dir, predicate, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await received(dir)).filter(predicate);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} matching mail(s) within ${timeoutMs} ms, got ${found.length}`);
    await sleep(200);
  }
}

const toAddress = (email) => (m) => m.envelope.rcpt_tos.includes(email);

// A TCP server that accepts connections and never says a word: an SMTP client waits on it.
async function startTarpit() {
  const sockets = new Set();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

test('mail goes out over SMTP, survives an SMTP outage and a crash', {skip: skipReason() || false, timeout: 240000}, async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lanyard-smtp-e2e-'));
  const dataDir = path.join(tmp, 'data');
  const inbox = path.join(tmp, 'inbox');
  let smtp = null;
  let lanyard = null;
  let tarpit = null;
  try {
    smtp = await startSmtp(inbox);
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    lanyard = await startLanyard(dataDir, smtpUrl);

    // 1. Sign-up → confirmation mail over SMTP with a working link.
    const email = 'rani@example.org';
    const reg = await api(lanyard.url, 'POST', '/auth/register', {email, password: 'correct horse battery', name: 'Rani Wijaya'});
    assert.equal(reg.status, 201, reg.text);
    const [confirm] = await waitForMails(inbox, toAddress(email), 1, 15000);
    assert.equal(confirm.envelope.mail_from, 'desk@lanyard.test');
    assert.match(confirm.headers['message-id'] || '', /^<lanyard\.\d+\.[0-9a-f]+@lanyard\.test>$/);
    assert.ok(confirm.headers.date, 'Date header');
    assert.match(confirm.headers['content-type'], /multipart\/alternative/);
    assert.match(confirm.to, /Rani Wijaya/);
    const link = findLink(confirm, '/account/confirm');
    assert.ok(link, `a confirmation link in:\n${confirm.text}`);
    assert.ok(link.startsWith(`${lanyard.url}/account/confirm?token=`), link);
    assert.ok(confirm.html.includes('/account/confirm?token='), 'the link is in the HTML part too');
    const page = await fetch(link);
    assert.equal(page.status, 200, 'the confirmation page exists');
    const token = new URL(link).searchParams.get('token');
    const confirmed = await api(lanyard.url, 'POST', '/auth/confirm', {token});
    assert.equal(confirmed.status, 200, confirmed.text);
    const login = await api(lanyard.url, 'POST', '/auth/login', {email, password: 'correct horse battery'});
    assert.equal(login.status, 200, login.text);

    // An admin to watch the outbox.
    await execFileP(kBinary, ['admin', 'create', '--data', dataDir, '--email', 'admin@example.org', '--password', 'admin password 1'],
      {env: lanyard.env, timeout: 30000});
    const adminLogin = await api(lanyard.url, 'POST', '/auth/login', {email: 'admin@example.org', password: 'admin password 1'});
    assert.equal(adminLogin.status, 200, adminLogin.text);
    const admin = adminLogin.json.access_token;

    // 2. SMTP down → the attempt fails and is retried; delivered once the server is back.
    await stopProcess(smtp.proc);
    const forgot = await api(lanyard.url, 'POST', '/auth/password/forgot', {email});
    assert.equal(forgot.status, 202, forgot.text);
    let failedOnce = null;
    for (let i = 0; i < 100 && !failedOnce; i++) {
      const outbox = await api(lanyard.url, 'GET', '/mail/outbox?status=queued', undefined, admin);
      assert.equal(outbox.status, 200, outbox.text);
      failedOnce = outbox.json.items.find((m) => m.kind === 'password_reset' && m.attempts >= 1);
      if (!failedOnce) await sleep(100);
    }
    assert.ok(failedOnce, 'the first attempt failed and the mail stays queued');
    assert.ok(failedOnce.last_error, 'with the error recorded');
    assert.ok(Date.parse(failedOnce.next_attempt_at) > Date.now(), 'and a later retry planned');
    smtp = await startSmtp(inbox, smtp.port);  // back, on the same port
    const [reset] = await waitForMails(inbox, (m) => toAddress(email)(m) && /\/account\/reset\?token=/.test(m.text), 1, 90000);
    assert.match(reset.text, /\b\d{6}\b/, 'the reset code');
    const sent = await api(lanyard.url, 'GET', '/mail/outbox?status=sent', undefined, admin);
    assert.ok(sent.json.items.some((m) => m.id === failedOnce.id && m.attempts === 2), JSON.stringify(sent.json.items));

    // 3. Queued mails survive a crash. A tarpit holds the sender on the first mail while more
    //    are committed; then the process is killed and restarted with the real server.
    await stopProcess(lanyard.proc);
    tarpit = await startTarpit();
    lanyard = await startLanyard(dataDir, `smtp://127.0.0.1:${tarpit.port}`);
    const late = ['a', 'b', 'c'].map((x) => `late-${x}@example.org`);
    for (const addr of late) {
      const r = await api(lanyard.url, 'POST', '/auth/register', {email: addr, password: 'correct horse battery', name: `Late ${addr[5]}`});
      assert.equal(r.status, 201, r.text);
    }
    await sleep(300);
    await stopProcess(lanyard.proc, 'SIGKILL');
    await tarpit.close();
    tarpit = null;
    assert.equal((await received(inbox)).filter((m) => late.some((a) => toAddress(a)(m))).length, 0);
    lanyard = await startLanyard(dataDir, smtpUrl);
    for (const addr of late) {
      const mails = await waitForMails(inbox, toAddress(addr), 1, 15000);
      assert.ok(findLink(mails[0], '/account/confirm'), `confirmation link for ${addr}`);
    }
  } finally {
    if (tarpit) await tarpit.close();
    if (lanyard) await stopProcess(lanyard.proc);
    if (smtp) await stopProcess(smtp.proc);
    if (!process.env.LANYARD_KEEP_DATA) await rm(tmp, {recursive: true, force: true});
  }
});
