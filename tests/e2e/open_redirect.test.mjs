// The sign-in page follows `next` only to a path on this site, however the browser's URL parser
// would read it (tab, CR and LF stripped, backslashes as slashes): a freshly signed-in user is
// never sent to another site.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage} from './lib/browser.mjs';

const reason = skipReason();
const kEmail = 'admin@example.org';
const kPassword = 'correct horse battery';

test('sign-in never redirects off site through ?next=', {skip: reason || false, timeout: 120000}, async (t) => {
  const server = await startServer();
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  await server.createAdmin(kEmail, kPassword);
  const origin = new URL(server.url).origin;

  const attempts = [
    '/\t/evil.test/', '/\n/evil.test/', '/\r/evil.test/', '//evil.test/', '/\\evil.test/',
    '/\\/evil.test/', 'https://evil.test/', ' /\t/evil.test/', 'javascript:alert(1)',
  ];
  for (const next of attempts) {
    const {context, page, report} = await newGuardedPage(browser);
    // Nothing may leave the machine; an attempt to would show in report.remote.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    await page.goto(`${server.url}/account/login?next=${encodeURIComponent(next)}`);
    await page.fill('input[name=email]', kEmail);
    await page.fill('input[name=password]', kPassword);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/account/login'), {timeout: 10000});
    await page.waitForTimeout(300);
    const landed = new URL(page.url());
    assert.equal(landed.origin, origin, `next=${JSON.stringify(next)} stays on the site (landed on ${page.url()})`);
    assert.deepEqual(report.remote, [], `next=${JSON.stringify(next)} made no request off the machine`);
    assert.deepEqual(report.dialogs, []);
    await context.close();
  }

  // A same-site next is still followed, query included.
  const {context, page} = await newGuardedPage(browser);
  await page.goto(`${server.url}/account/login?next=${encodeURIComponent('/account/profile?tab=1')}`);
  await page.fill('input[name=email]', kEmail);
  await page.fill('input[name=password]', kPassword);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.pathname === '/account/profile', {timeout: 10000});
  assert.equal(new URL(page.url()).search, '?tab=1');
  await context.close();
});
