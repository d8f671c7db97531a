// Signing up from an event keeps the way back in the confirmation mail's link (issue 15 item 4,
// phone test on a0fb4b0): the link opens in another browser (the mail app's), where nothing of
// the sign-up is remembered; confirming there leads to signing in and then back to the event
// with the 2 tickets chosen, not to /account/tickets. Only a same-site path is carried. The
// sign-up page's "sign in" link keeps the way back too (session 9: it dropped ?next=).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {findLink} from './lib/mail.mjs';
import {kTestPassword} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const phone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('a phone sign-up from an event returns to it, with the quantities, after confirming', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let typeId;
  let link;

  // On the event page: 2 tickets chosen, Get tickets while signed out, then the sign-in page's
  // sign-up link.
  const toSignUpWithTwoChosen = async (p) => {
    await p.goto(`${server.url}/events/${eventId}`);
    await p.locator(`select[name="qty-${typeId}"]`).selectOption('2');
    await p.locator('.buy-form button[type=submit]').click();
    await p.waitForURL((u) => u.pathname === '/account/login');
    await p.locator('a[href^="/account/register?next="]').click();
    await p.waitForURL((u) => u.pathname === '/account/register');
  };

  // On the sign-in page: signs in and lands back on the event with the 2 tickets chosen.
  const signInBackWithTwoChosen = async (p, email) => {
    await p.fill('input[name=email]', email);
    await p.fill('input[name=password]', kTestPassword);
    await p.locator('button[type=submit]').click();
    await p.waitForURL((u) => u.pathname === `/events/${eventId}`);
    assert.equal(new URL(p.url()).searchParams.get('buy'), `${typeId}:2`);
    assert.equal(await p.locator(`select[name="qty-${typeId}"]`).inputValue(), '2');
  };

  await step('setup: an event on sale, confirmation by mail on', async () => {
    await server.createAdmin('org@example.test', kTestPassword);
    await admin.login('org@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: true});
    const start = Date.now() + 7 * 86400000;
    const ev = await admin.post('/events', {title: 'Bali Meetup', venue: 'Hall', city: 'Denpasar',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000), time_zone: 'Asia/Makassar'});
    eventId = ev.id;
    typeId = (await admin.post(`/events/${eventId}/ticket-types`, {name: 'Gratis', kind: 'free'})).id;
    await admin.post(`/events/${eventId}/submit`, {});
  });

  await step('phone: 2 tickets, then sign up from the sign-in page', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await toSignUpWithTwoChosen(p);
    await p.fill('input[name=name]', 'Wayan');
    await p.fill('input[name=email]', 'wayan@example.test');
    await p.fill('input[name=password]', kTestPassword);
    await p.locator('button[type=submit]').click();
    await p.locator('.notice').first().waitFor();
    const mail = await server.waitForMail((m) => m.to.includes('wayan@example.test') && /\/account\/confirm/.test(m.text));
    link = findLink(mail, '/account/confirm');
    assert.equal(new URL(link).searchParams.get('next'), `/events/${eventId}?buy=${typeId}:2`);
  });

  await step('phone: someone with an account follows "sign in" from the sign-up page, back at the event with 2 chosen', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await toSignUpWithTwoChosen(p);
    // The sign-up page's "sign in" link keeps the chosen tickets.
    await p.locator('main a[href^="/account/login?next="]').click();
    await p.waitForURL((u) => u.pathname === '/account/login');
    assert.equal(new URL(p.url()).searchParams.get('next'), `/events/${eventId}?buy=${typeId}:2`);
    await signInBackWithTwoChosen(p, 'org@example.test');
  });

  await step('the mail app\'s browser: confirm, sign in, back at the event with 2 chosen', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await p.goto(link);
    const signIn = p.locator('a.btn-primary[href^="/account/login"]');
    await signIn.waitFor();
    await signIn.click();
    await p.waitForURL((u) => u.pathname === '/account/login');
    await signInBackWithTwoChosen(p, 'wayan@example.test');
  });

  await step('a link to another site is not carried', async () => {
    await new Api(server.url).post('/auth/register', {email: 'eve@example.test', password: kTestPassword, name: 'Eve', next: '//evil.test/'}, {token: null});
    const mail = await server.waitForMail((m) => m.to.includes('eve@example.test') && /\/account\/confirm/.test(m.text));
    assert.equal(new URL(findLink(mail, '/account/confirm')).searchParams.get('next'), null);
  });
});
