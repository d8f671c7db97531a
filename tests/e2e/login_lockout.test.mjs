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
    // The link opened again says at once it is used, with a way to ask for a new one: no form.
    await p.goto(findLink(mail, '/account/reset'));
    await p.locator('#reset-unusable', {hasText: 'sudah dipakai atau kedaluwarsa'}).waitFor();
    assert.equal(await p.locator('input[name=password]').count(), 0);
    // The heading says the link no longer works; it never invites to choose a password.
    assert.equal((await p.locator('h1').textContent()).trim(), 'Tautan atur ulang ini tidak berlaku lagi');
    await p.getByRole('link', {name: 'Kirimi saya tautan baru'}).waitFor();
    // The same page in English.
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
    await p.goto(findLink(mail, '/account/reset'));
    await p.locator('#reset-unusable', {hasText: 'already used or has expired'}).waitFor();
    assert.equal((await p.locator('h1').textContent()).trim(), 'This reset link no longer works');
    await p.getByRole('link', {name: 'Send me a new link'}).click();
    await p.waitForURL(/\/account\/forgot/);
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
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
    for (const [lang, pattern] of [['en', /from this device in a short time.*the pause ends in \d+ seconds/], ['id', /dari perangkat ini dalam waktu singkat.*dalam \d+ detik/]]) {
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

test('a short pause after a 15-minute lock shows only the longer wait, above the fields; the reset form has the typed address', {skip: reason || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  await server.createAdmin(kEmail, kTestPassword);
  const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(g);
  const p = g.page;
  // The server's two answers in a fixed order (no clock involved): first the account's lock for
  // this device, then the device's limit of tries a minute.
  const answers = [{lockout: 'address', retry_after: 900}, {lockout: 'rate', retry_after: 50}];
  await p.route('**/api/v1/auth/login', (route) => {
    const body = {status: 429, code: 'rate_limited', message: 'Too many tries.', ...answers.shift()};
    return route.fulfill({status: 429, contentType: 'application/json', headers: {'Retry-After': String(body.retry_after)}, body: JSON.stringify(body)});
  });

  await step('only the wait that applies (the longer) is shown, above the fields, with the reset link', async () => {
    await p.goto(`${server.url}/account/login`);
    await p.locator('input[name=email]').fill(kEmail);
    for (let i = 0; i < 2; ++i) {
      await p.locator('input[name=password]').fill(`wrong password ${i}`);
      await Promise.all([p.waitForResponse('**/api/v1/auth/login'), p.locator('form button[type=submit]').click()]);
      await p.locator('.lockout-text').first().waitFor();
    }
    assert.equal(answers.length, 0);
    const lines = await p.locator('.lockout-text').allTextContents();
    assert.equal(lines.length, 1, lines.join(' | '));
    assert.match(lines[0], /This account can be tried again from here in 15 minutes/);
    assert.doesNotMatch(lines[0], /50 seconds/);
    assert.equal(await p.locator('.notice a[href="/account/forgot"]').count(), 1);
    const notice = await p.locator('.notice', {has: p.locator('.lockout-text')}).boundingBox();
    const field = await p.locator('input[name=email]').boundingBox();
    assert.ok(notice.y < field.y, 'the lockout is said above the fields, like a wrong password');
  });

  await step('the password-reset form is pre-filled with the address typed at sign-in', async () => {
    await p.locator('.notice a[href="/account/forgot"]').click();
    await p.waitForURL(/\/account\/forgot/);
    assert.equal(await p.locator('input[name=email]').inputValue(), kEmail);
    // Also through the page's own "Forgot your password?" link, for an address not yet sent.
    await p.goto(`${server.url}/account/login`);
    await p.locator('input[name=email]').fill('other@example.test');
    await p.locator('main a[href="/account/forgot"]').last().click();
    await p.waitForURL(/\/account\/forgot/);
    assert.equal(await p.locator('input[name=email]').inputValue(), 'other@example.test');
  });
});
