// The sign-in page under the lockout (core/accounts/login_lockout.h): after 5 wrong passwords
// from this browser's address the page says so in English and Indonesian, with the wait and a
// link to the password reset, which is never locked; the reset signs the person in again.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {kTestPassword} from './lib/accounts.mjs';
import {findLink} from './lib/mail.mjs';
import {Api} from './lib/api.mjs';

const kEmail = 'dimas@example.test';
const reason = skipReason();

test('sign-in lockout: the page says why and offers the reset by mail', {skip: reason || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t, {env: {LANYARD_RATE_LIMITS: 'on'}});
  await server.createAdmin(kEmail, kTestPassword);
  const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(g);
  const p = g.page;

  const tryPassword = async (password) => {
    await p.locator('input[name=password]').fill(password);
    await p.locator('form button[type=submit]').click();
    await p.locator('.form-error:not([hidden]), .lockout-text').first().waitFor();
  };

  await step('five wrong passwords, then the page tells the wait and links the reset (en)', async () => {
    await p.goto(`${server.url}/account/login`);
    await p.locator('input[name=email]').fill(kEmail);
    for (let i = 1; i <= 5; ++i) await tryPassword(`wrong password ${i}`);
    await tryPassword(kTestPassword);
    const text = await p.locator('.lockout-text').textContent();
    assert.match(text, /from this device/);
    assert.match(text, /in 15 minutes/);
    assert.ok(p.url().includes('/account/login'), 'still on the sign-in page');
  });

  await step('the same in Indonesian', async () => {
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.goto(`${server.url}/account/login`);
    await p.locator('input[name=email]').fill(kEmail);
    await tryPassword(kTestPassword);
    assert.match(await p.locator('.lockout-text').textContent(), /dari perangkat ini.*dalam 1[45] menit/);
  });

  await step('the reset link works while locked, and the new password signs in at once', async () => {
    await p.getByRole('link', {name: 'Atur ulang kata sandi lewat email saja'}).click();
    await p.waitForURL(/\/account\/forgot/);
    await p.locator('input[name=email]').fill(kEmail);
    await p.locator('form button[type=submit]').click();
    const mail = await server.waitForMail((m) => m.to.includes(kEmail) && /\/account\/reset/.test(m.text));
    // Asked from the Indonesian page: the mail is Indonesian, whatever the account's language.
    assert.match(mail.text, /^Halo /m);
    await p.goto(findLink(mail, '/account/reset'));
    await p.locator('input[name=password]').fill('a brand new password');
    await p.locator('input[name=password2]').fill('a brand new password');
    await p.locator('form button[type=submit]').click();
    await p.locator('.notice-ok').waitFor();
    await p.goto(`${server.url}/account/login`);
    await p.locator('input[name=email]').fill(kEmail);
    await p.locator('input[name=password]').fill('a brand new password');
    await p.locator('form button[type=submit]').click();
    await p.waitForURL((u) => !u.pathname.startsWith('/account/login'));
  });
});

test('the per-address limit of tries a minute gives the same help as the lockout', {skip: reason || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t, {env: {LANYARD_RATE_LIMITS: 'on'}});
  await server.createAdmin(kEmail, kTestPassword);
  const admin = new Api(server.url);
  await admin.login(kEmail, kTestPassword);
  await admin.patch('/settings', {rate_login_per_minute: 3});
  const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(g);
  const p = g.page;

  await step('a few tries with other addresses meet the limit: the wait and the reset link, en and id', async () => {
    for (const [lang, pattern] of [['en', /from this device in a short time.*try again in \d+ seconds/], ['id', /dari perangkat ini dalam waktu singkat.*dalam \d+ detik/]]) {
      await p.goto(`${server.url}/account/login`);
      await p.evaluate((code) => localStorage.setItem('lanyard.lang', code), lang);
      await p.goto(`${server.url}/account/login`);
      let shown = false;
      for (let i = 1; i <= 6 && !shown; ++i) {
        await p.locator('input[name=email]').fill(`nobody${i}-${lang}@example.test`);
        await p.locator('input[name=password]').fill('wrong password!');
        await p.locator('form button[type=submit]').click();
        await p.locator('.form-error:not([hidden]), .lockout-text').first().waitFor();
        shown = await p.locator('.lockout-text').count() > 0;
      }
      assert.ok(shown, `${lang}: the limit answered with the lockout text`);
      assert.match(await p.locator('.lockout-text').textContent(), pattern);
      assert.equal(await p.locator('a[href="/account/forgot"]').count() >= 1, true);
    }
  });
});
