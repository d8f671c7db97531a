// What the admin pages say when lanyard runs over PostgreSQL (issue 21), in English and
// Indonesian: /admin/backups and the backup settings say that lanyard takes no backups there
// (pg_dump on the database server) and offer no backup button; /admin/mail names the instance
// that holds a queued mail's lease and until when. The server here is SQLite: the two API answers
// are replaced by what a PostgreSQL server gives (GET /admin/backups available:false, checked
// against the real thing in tests/web/test_backups_postgres_binary.cpp; an outbox row's
// `sending`, core/mail/mail_admin.h).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, signInInLanguage} from './lib/browser.mjs';

const kAdmin = 'admin@example.test';
const kPassword = 'correct horse battery';
const kInstance = 'lanyard-b:4242:0a1b2c3d';
const reason = skipReason();

const kTexts = {
  en: {backups: /lanyard takes no backups here.*pg_dump/s, sending: /being sent by lanyard-b:4242:0a1b2c3d \(held until /},
  id: {backups: /lanyard tidak membuat cadangan di sini.*pg_dump/s, sending: /sedang dikirim oleh lanyard-b:4242:0a1b2c3d \(dipegang hingga /},
};

test('admin pages on PostgreSQL: backups point to pg_dump, the outbox names the sending instance', {skip: reason || false, timeout: 120000}, async (t) => {
  const server = await startServer();
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  await server.createAdmin(kAdmin, kPassword);

  for (const language of ['en', 'id']) {
    const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
    await t.test(`in ${language}`, async () => {
      try {
        const p = g.page;
        await p.route((url) => url.pathname === '/api/v1/admin/backups', (route) => route.fulfill({
          status: 200, contentType: 'application/json',
          body: JSON.stringify({items: [], total: 0, limit: 0, offset: 0, available: false})}));
        await p.route((url) => url.pathname === '/api/v1/mail/outbox', (route) => route.fulfill({
          status: 200, contentType: 'application/json',
          body: JSON.stringify({total: 1, limit: 50, offset: 0, items: [{
            id: 7, kind: 'account_confirm', to_email: 'ayu@example.test', to_name: 'Ayu', locale: 'id',
            status: 'queued', attempts: 0, next_attempt_at: '2026-06-01T09:00:00Z', last_error: null,
            message_id: null, created_at: '2026-06-01T09:00:00Z', sent_at: null,
            sending: {instance: kInstance, until: '2026-06-01T09:01:00Z', handing_over: false}}]})}));
        await signInInLanguage(p, server.url, {email: kAdmin, password: kPassword}, language);

        await p.goto(`${server.url}/admin/backups`);
        const note = p.locator('#main .notice-warn');
        await note.waitFor();
        assert.match(await note.innerText(), kTexts[language].backups);
        assert.equal(await p.locator('#main button.btn-primary').count(), 0, 'no backup button');

        await p.goto(`${server.url}/admin/settings`);
        const settingsNote = p.locator('#main fieldset .notice-warn');
        await settingsNote.waitFor();
        assert.match(await settingsNote.innerText(), kTexts[language].backups);
        const fieldset = p.locator('#main fieldset', {has: p.locator('.notice-warn')});
        assert.equal(await fieldset.locator('#setting-backup_interval_hours').count(), 1,
          'the note sits with the backup settings');

        await p.goto(`${server.url}/admin/mail`);
        const sending = p.locator('#main td .meta', {hasText: kInstance});
        await sending.waitFor();
        assert.match(await sending.innerText(), kTexts[language].sending);

        assert.deepEqual(g.report.errors, [], 'no script errors');
        assert.deepEqual(g.report.remote, [], 'nothing loaded from elsewhere');
      } catch (err) {
        await explainFailure(`admin pages on PostgreSQL in ${language}`, [g]);
        throw err;
      } finally {
        await g.context.close().catch(() => {});
      }
    });
  }
});
