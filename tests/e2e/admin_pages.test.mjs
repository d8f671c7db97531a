// Every admin page listed in assets/web/js/pages/admin/pages.js opens for an admin, in English
// and in Bahasa Indonesia, on the data of `lanyard demo`: its title shows, no error box, no
// script error, and the admin navigation marks it. A page added to the table is checked here
// without touching this file.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {skipReason, kSourceDir} from './lib/env.mjs';
import {startServer, fillWithDemo} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, signInInLanguage} from './lib/browser.mjs';
import {Api} from './lib/api.mjs';

const kPassword = 'correct horse battery';
const kAdmin = 'admin@example.test';

const reason = skipReason();

test('every admin page opens on the demo data, in en and id', {skip: reason || false, timeout: 240000}, async (t) => {
  const {kAdminPages} = await import(pathToFileURL(path.join(kSourceDir, 'assets/web/js/pages/admin/pages.js')).href);
  const server = await startServer({prepare: fillWithDemo});
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  await server.createAdmin(kAdmin, kPassword);
  const api = new Api(server.url);
  await api.login(kAdmin, kPassword);
  const events = await api.get('/events?limit=5');
  const eventId = (events.items || events)[0].id;
  const kinds = await api.get('/mail/templates');
  const kind = (kinds.items || kinds)[0].kind;
  const params = {id: String(eventId), kind};
  // Pages of one session (/admin/events/:id/sessions/:sid) open on the demo event's first.
  const sessions = await api.get(`/events/${eventId}/sessions?limit=1`);
  assert.ok(sessions.items.length > 0, 'the demo event has a programme');
  params.sid = String(sessions.items[0].id);

  const routes = kAdminPages.filter((p) => p.module).flatMap((p) => p.routes.map(([pattern]) => ({pattern, page: p})));
  assert.ok(routes.length >= 10, 'the admin table lists the admin pages');

  for (const language of ['en', 'id']) {
    const catalogue = JSON.parse(readFileSync(path.join(kSourceDir, 'assets/web/i18n', `${language}.json`), 'utf8'));
    const g = await newGuardedPage(browser, {viewport: {width: 1280, height: 900}});
    await t.test(`admin pages in ${language}`, async () => {
      try {
        const p = g.page;
        await signInInLanguage(p, server.url, {email: kAdmin, password: kPassword}, language);
        for (const {pattern, page} of routes) {
          const url = pattern.replace(/:(\w+)/g, (m, key) => encodeURIComponent(params[key]));
          await p.goto(`${server.url}${url}`);
          const title = p.locator('#main h1');
          await title.waitFor();
          await p.locator('#main .loading').first().waitFor({state: 'detached', timeout: 15000}).catch(() => {});
          const text = (await title.innerText()).trim();
          assert.ok(text.length > 0, `${url}: a title`);
          assert.equal(await p.locator('#main .notice-error').count(), 0,
            `${url} (${language}) shows no error: ${await p.locator('#main').innerText()}`);
          if (page.nav) {
            const current = p.locator('nav.subnav a[aria-current=page]');
            assert.equal(await current.count(), 1, `${url}: one admin link is current`);
            assert.equal((await current.innerText()).trim(), catalogue[page.nav], `${url}: its link is current, in ${language}`);
          }
        }
        assert.deepEqual(g.report.errors, [], 'no script errors');
        assert.deepEqual(g.report.dialogs, [], 'no dialogs');
        assert.deepEqual(g.report.remote, [], 'nothing loaded from elsewhere');
      } catch (err) {
        await explainFailure(`admin pages in ${language}`, [g]);
        throw err;
      } finally {
        await g.context.close().catch(() => {});
      }
    });
  }
});
