// The admin settings page (/admin/settings) edits trusted_proxies and the upload quotas, in
// English and in Bahasa Indonesia: labels and hints from the catalogues, a malformed proxy list
// is shown as the field's error and not stored, IP addresses and CIDR ranges are stored.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {skipReason, kSourceDir} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, signInInLanguage} from './lib/browser.mjs';
import {Api} from './lib/api.mjs';

const kPassword = 'correct horse battery';
const kAdmin = 'admin@example.test';
const reason = skipReason();

test('admin settings: trusted proxies and upload quotas, in en and id', {skip: reason || false, timeout: 180000}, async (t) => {
  const server = await startServer();
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  await server.createAdmin(kAdmin, kPassword);
  const api = new Api(server.url);
  await api.login(kAdmin, kPassword);

  const stored = {en: '127.0.0.1, 10.0.0.0/8', id: '192.0.2.1 2001:db8::/32'};
  for (const language of ['en', 'id']) {
    const catalogue = JSON.parse(readFileSync(path.join(kSourceDir, 'assets/web/i18n', `${language}.json`), 'utf8'));
    const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}});
    try {
      const p = g.page;
      await signInInLanguage(p, server.url, {email: kAdmin, password: kPassword}, language);
      await p.goto(`${server.url}/admin/settings`);

      const proxies = p.getByLabel(catalogue['settings.trusted_proxies'], {exact: true});
      await proxies.waitFor();
      assert.ok(await p.getByText(catalogue['settings.trusted_proxies_hint']).isVisible(), `${language}: the hint shows`);
      assert.ok(await p.getByText(catalogue['settings.group_network'], {exact: true}).isVisible());
      assert.ok(await p.getByText(catalogue['settings.group_uploads'], {exact: true}).isVisible());
      assert.ok(await p.getByLabel(catalogue['settings.upload_max_files_per_user'], {exact: true}).isVisible());
      assert.ok(await p.getByLabel(catalogue['settings.upload_keep_free_mb'], {exact: true}).isVisible());

      // A host name is no address: the field shows why, nothing is stored.
      const before = (await api.get('/settings')).trusted_proxies;
      await proxies.fill('127.0.0.1, proxy.local');
      await p.locator('#main form button[type=submit]').click();
      const error = p.locator('#main .field-error').filter({hasText: 'proxy.local'});
      await error.waitFor({timeout: 10000});
      assert.equal((await api.get('/settings')).trusted_proxies, before, `${language}: a bad list is not stored`);

      // Addresses and CIDR ranges are stored.
      await proxies.fill(stored[language]);
      await p.locator('#main form button[type=submit]').click();
      for (let i = 0; i < 50 && (await api.get('/settings')).trusted_proxies !== stored[language]; ++i) {
        await p.waitForTimeout(200);
      }
      assert.equal((await api.get('/settings')).trusted_proxies, stored[language], `${language}: the list is stored`);
      assert.deepEqual(g.report.errors, [], 'no script errors');
      assert.deepEqual(g.report.remote, [], 'nothing loaded from elsewhere');
    } catch (err) {
      await explainFailure(`admin settings in ${language}`, [g]);
      throw err;
    } finally {
      await g.context.close().catch(() => {});
    }
  }
});
