// A mail campaign of 2,000 recipients through the real SMTP server (aiosmtpd), with the binary
// killed with SIGKILL halfway and restarted: every recipient gets exactly one mail, the person
// who unsubscribed beforehand gets none. The received mails carry the RFC 8058 headers and the
// visible link; the one-click POST unsubscribes while GET and HEAD of both links change
// nothing; Markdown with a <script> arrives escaped. Prints the counts and the delivery rate.
//
// The recipients are 2,000 accounts registered through the API while mails go to files (so
// their confirmation mails stay out of the SMTP count), then the server runs with SMTP.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {kBinary} from './lib/env.mjs';
import {Api} from './lib/api.mjs';
import {findLink} from './lib/mail.mjs';
import {smtpSkipReason, startSmtp, startLanyard, stopProcess, received, receivedCount} from './lib/smtp.mjs';

const execFileP = promisify(execFile);
const kRecipients = 2000;  // after the one who unsubscribes; the admin is one of them
const kPassword = 'correct horse battery';
const kSubject = 'Programme update for {{name}}';
const kBody = '# The programme is out\n\nHello **{{name}}**,\n\n<script>alert("x")</script>\n\n- Keynote at 09:00\n- [Schedule](https://example.org/schedule)\n';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function parallel(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({length: width}, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

test('a 2,000-recipient campaign survives kill -9: one mail each, unsubscribe honoured', {skip: smtpSkipReason() || false, timeout: 600000}, async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lanyard-campaign-'));
  const dataDir = path.join(tmp, 'data');
  const inbox = path.join(tmp, 'inbox');
  let smtp = null;
  let lanyard = null;
  try {
    // 1. Accounts, with mails to files.
    lanyard = await startLanyard(dataDir, '', {mail: 'file'});
    await execFileP(kBinary, ['admin', 'create', '--data', dataDir, '--email', 'admin@example.test', '--password', kPassword],
      {env: lanyard.env, timeout: 30000});
    const admin = new Api(lanyard.url);
    await admin.login('admin@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false, rate_campaign_mails_per_minute: 60000});
    const emails = Array.from({length: kRecipients}, (_, i) => `person${String(i).padStart(4, '0')}@example.test`);
    const quitter = 'quitter@example.test';
    await parallel([...emails.slice(1), quitter], 16, async (email, i) => {
      await admin.post('/auth/register', {email, password: kPassword, name: `Person ${i} <b>`}, {token: null});
    });
    const q = new Api(lanyard.url);
    await q.login(quitter, kPassword);
    const choice = await q.req('PUT', '/me/mail-subscription', {subscribed: false});
    assert.equal(choice.subscribed, false);
    await stopProcess(lanyard.proc);

    // 2. With SMTP: an event and the campaign to every user.
    smtp = await startSmtp(inbox);
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    lanyard = await startLanyard(dataDir, smtpUrl);
    admin.base = lanyard.url;
    await admin.login('admin@example.test', kPassword);
    const now = Date.now();
    const event = await admin.post('/events', {title: 'Community Conf', starts_at: iso(now + 86400e3), ends_at: iso(now + 2 * 86400e3)});
    const count = await admin.get(`/events/${event.id}/campaigns/audience?kind=all_users`);
    assert.equal(count.recipients, kRecipients, 'every user but the one who unsubscribed');
    const started = Date.now();
    const campaign = await admin.post(`/events/${event.id}/campaigns`, {subject: kSubject, body: kBody, audience: {kind: 'all_users'}});
    assert.equal(campaign.status, 'sending');
    assert.equal(campaign.recipients, kRecipients);

    // 3. Kill -9 halfway, restart.
    while ((await receivedCount(inbox)) < kRecipients / 2) await sleep(50);
    await stopProcess(lanyard.proc, 'SIGKILL');
    const atKill = await receivedCount(inbox);
    const firstPhaseSeconds = (Date.now() - started) / 1000;
    lanyard = await startLanyard(dataDir, smtpUrl);
    admin.base = lanyard.url;
    await admin.login('admin@example.test', kPassword);
    let state;
    for (let i = 0; i < 1200; i++) {
      state = await admin.get(`/campaigns/${campaign.id}`);
      if (state.status === 'sent') break;
      await sleep(250);
    }
    const elapsed = (Date.now() - started) / 1000;
    assert.equal(state.status, 'sent', JSON.stringify(state));
    await sleep(500);  // nothing more may arrive

    // 4. Exactly one mail per recipient.
    const mails = (await received(inbox)).filter((m) => /Programme update/.test(m.subject || ''));
    const perRecipient = new Map();
    for (const m of mails) {
      for (const rcpt of m.envelope.rcpt_tos) perRecipient.set(rcpt, (perRecipient.get(rcpt) || 0) + 1);
    }
    const expected = ['admin@example.test', ...emails.slice(1)];
    const missing = expected.filter((e) => !perRecipient.has(e));
    const duplicates = [...perRecipient.entries()].filter(([, n]) => n > 1);
    console.log(`# campaign kill -9: recipients ${kRecipients}, received ${mails.length} (${atKill} before the kill), ` +
      `duplicates ${duplicates.length}, missing ${missing.length}; api sent ${state.sent} failed ${state.failed}; ` +
      `${(mails.length / elapsed).toFixed(1)} mails/s overall incl. restart, ${(atKill / firstPhaseSeconds).toFixed(1)} mails/s before the kill`);
    assert.deepEqual(duplicates, []);
    assert.deepEqual(missing, []);
    assert.equal(perRecipient.has(quitter), false, 'the unsubscribed person got nothing');
    assert.equal(mails.length, kRecipients);
    assert.equal(state.sent, kRecipients);

    // 5. One mail read closely: RFC 8058, the visible link, Markdown escaped, name filled in.
    const mail = mails.find((m) => m.envelope.rcpt_tos.includes(emails[7]));
    assert.match(mail.subject, /^Programme update for Person \d+ <b>$/);
    const header = mail.headers['list-unsubscribe'];
    const m = /^<(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/unsubscribe\/([A-Za-z0-9_-]+))>$/.exec(header || '');
    assert.ok(m, `List-Unsubscribe: ${header}`);
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;') || mail.html.includes('&lt;script&gt;alert("x")&lt;/script&gt;'), mail.html);
    assert.ok(!/<script/i.test(mail.html), 'no script element in the HTML part');
    assert.ok(mail.html.includes('<h1>The programme is out</h1>'));
    assert.ok(mail.html.includes('&lt;b&gt;</strong>'), 'the name is escaped inside the Markdown');
    const pageLink = findLink(mail, '/unsubscribe/');
    assert.ok(pageLink && pageLink.endsWith(`/unsubscribe/${m[2]}`), `visible link ${pageLink}`);
    const apiLink = m[1].replace(/^http:\/\/127\.0\.0\.1:\d+/, lanyard.url);
    const page = pageLink.replace(/^http:\/\/127\.0\.0\.1:\d+/, lanyard.url);
    for (const [method, url] of [['GET', apiLink], ['HEAD', apiLink], ['GET', page], ['HEAD', page]]) {
      const r = await fetch(url, {method});
      assert.equal(r.status, 200, `${method} ${url}`);
    }
    assert.equal((await admin.get(`/unsubscribe/${m[2]}`, {token: null})).subscribed, true, 'GET/HEAD changed nothing');
    const oneClick = await fetch(apiLink, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'List-Unsubscribe=One-Click'});
    assert.equal(oneClick.status, 200, await oneClick.text());
    assert.equal((await admin.get(`/unsubscribe/${m[2]}`, {token: null})).subscribed, false);
    const after = await admin.get(`/events/${event.id}/campaigns/audience?kind=all_users`);
    assert.equal(after.recipients, kRecipients - 1, 'the next campaign skips them');
  } finally {
    if (lanyard) await stopProcess(lanyard.proc);
    if (smtp) await stopProcess(smtp.proc);
    if (!process.env.LANYARD_KEEP_DATA) await rm(tmp, {recursive: true, force: true});
  }
});
