// An organizer's dashboard shows their own events only (phone tester, session 8: it listed every
// published event, opened on another organizer's, and showed "You are not allowed to do this"
// from its figures). Staff and admins still choose among every event. en, on a phone.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('an organizer\'s dashboard opens on their own event, never on another organizer\'s', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let oki;
  let adminSession;
  const titles = {};

  await step('setup: two organizers; the other one\'s event is published and starts later', async () => {
    await server.createAdmin('dash@example.test', kTestPassword);
    adminSession = await admin.login('dash@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false, require_event_approval: false});
    oki = await signedUpUser(admin, {email: 'oki@example.test', name: 'Oki', role: 'organizer'});
    const rina = await signedUpUser(admin, {email: 'rina@example.test', name: 'Rina', role: 'organizer'});
    const soon = Date.now() + 2 * 86400000;
    for (const [who, title, start] of [[oki, 'Meetup Oki', soon], [rina, 'Festival Rina', soon + 5 * 86400000]]) {
      const ev = await who.api.post('/events', {title, venue: 'Hall', city: 'Makassar', starts_at: iso(start), ends_at: iso(start + 3 * 3600000)});
      await who.api.post(`/events/${ev.id}/ticket-types`, {name: 'Gratis', kind: 'free'});
      await who.api.post(`/events/${ev.id}/submit`, {});
      titles[title] = ev.id;
    }
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('the organizer sees their event\'s figures, and only their events to choose from', async () => {
    await signInWithSession(p, server.url, oki.session, 'en');
    await p.goto(`${server.url}/admin`);
    await p.locator('#dash-event').waitFor();
    const options = await p.locator('#dash-event option').allTextContents();
    assert.equal(options.length, 1, options.join(' | '));
    assert.match(options[0], /Meetup Oki/);
    await p.locator('.tiles').first().waitFor();  // the event's figures came
    assert.equal(await p.locator('.error, .notice-error').count(), 0);
    assert.doesNotMatch(await p.locator('main').textContent(), /not allowed/);
  });

  await step('an admin still chooses among every event', async () => {
    const a = await newGuardedPage(browser, kPhone);
    guarded.push(a);
    await signInWithSession(a.page, server.url, adminSession, 'en');
    await a.page.goto(`${server.url}/admin`);
    await a.page.locator('#dash-event').waitFor();
    const options = await a.page.locator('#dash-event option').allTextContents();
    assert.ok(options.some((o) => /Meetup Oki/.test(o)) && options.some((o) => /Festival Rina/.test(o)), options.join(' | '));
  });
});
