// A setup link opened after the first admin exists says so at once (tester, session 7: with two
// instances each printing a link, the second link still showed the whole "Create the first
// administrator" form, refused only on submit). The page asks POST /setup/check on opening, and
// again when a form left open is refused (session 8: a second operator saw "invalid or expired"
// above the dead form); en and id, on a phone.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword} from './lib/accounts.mjs';

const phone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('a setup link opened after the first admin exists says it is no longer valid, en and id', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const link = server.setupLink();
  assert.ok(link, `the server printed a setup link:\n${server.output()}`);

  await step('the link opened before use shows the form', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    await g.page.goto(link);
    await g.page.getByRole('button', {name: 'Create administrator'}).waitFor();
    assert.equal(await g.page.locator('#setup-used').count(), 0);
  });

  // A second operator (id) has the form open too, and submits it after the first one is done.
  const stale = await newGuardedPage(browser, {...phone, locale: 'id-ID'});
  guarded.push(stale);
  await step('id: a second operator opens the same link before use', async () => {
    const p = stale.page;
    await p.goto(`${server.url}/`);
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.goto(link);
    await p.getByRole('button', {name: 'Buat administrator'}).waitFor();
  });

  await step('a link whose token is unknown (or expired) says so before any admin exists', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await p.goto(`${server.url}/setup?token=not-a-token`);
    const used = p.locator('#setup-used');
    await used.waitFor();
    assert.match(await used.textContent(), /This setup link is no longer valid\./);
    assert.match(await used.textContent(), /Restart the server for a new setup link/);
    assert.match(await p.locator('#setup-cli-db').textContent(), /--db \(or LANYARD_DB\)/);
    assert.equal(await p.locator('#setup-sign-in').count(), 0, 'no admin to sign in as yet');
    assert.equal(await p.locator('form input[type=password]').count(), 0);
  });

  await step('another link (here: the API) creates the first admin', async () => {
    const token = new URL(link).searchParams.get('token');
    await new Api(server.url).post('/setup', {token, email: 'chair@example.test', name: 'Chair', password: kTestPassword}, {token: null});
  });

  await step('id: the form still open is refused with the page a fresh visit shows, not an error above it', async () => {
    const p = stale.page;
    await p.locator('input[name=name]').fill('Wakil');
    await p.locator('input[name=email]').fill('wakil@example.test');
    await p.locator('input[name=password]').fill(kTestPassword);
    await p.locator('input[name=password2]').fill(kTestPassword);
    await p.getByRole('button', {name: 'Buat administrator'}).click();
    const used = p.locator('#setup-used');
    await used.waitFor();
    assert.match(await used.textContent(), /Administrator sudah ada/);
    assert.equal(await p.locator('form input[type=password]').count(), 0, 'the dead form is gone');
    assert.equal((await p.locator('#setup-sign-in').textContent()).trim(), 'Masuk');
  });

  await step('en: the link says at once it is used up, with a way to sign in', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await p.goto(link);
    const used = p.locator('#setup-used');
    await used.waitFor();
    assert.match(await used.textContent(), /This setup link is no longer valid\./);
    assert.match(await used.textContent(), /An administrator already exists/);
    assert.equal(await p.locator('form input[type=password]').count(), 0, 'no form to fill in');
    await p.locator('#setup-sign-in', {hasText: 'Sign in'}).click();
    await p.waitForURL((u) => u.pathname === '/account/login');
    assert.deepEqual(g.report.errors, []);
  });

  await step('id: the same in Bahasa Indonesia', async () => {
    const g = await newGuardedPage(browser, {...phone, locale: 'id-ID'});
    guarded.push(g);
    const p = g.page;
    await p.goto(`${server.url}/`);
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.goto(link);
    const used = p.locator('#setup-used');
    await used.waitFor();
    assert.match(await used.textContent(), /Tautan penyiapan ini sudah tidak berlaku\./);
    assert.match(await used.textContent(), /Administrator sudah ada/);
    assert.equal(await p.locator('form input[type=password]').count(), 0);
    assert.equal((await p.locator('#setup-sign-in').textContent()).trim(), 'Masuk');
    assert.deepEqual(g.report.errors, []);
  });
});
