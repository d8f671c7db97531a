// An event in its own time zone (issue 15, the phone tester's MAJOR): on a Jakarta (WIB)
// deployment an organizer creates a Bali event through the form on a phone, picks WITA
// (Asia/Makassar) and types 09:00–17:00. The form reads those wall times in WITA, the event page
// says 09.00–17.00 WITA first and the site's WIB after it, the order mail says 09.00 WITA, and
// the edit form shows 09:00 again. The pages' wall-time conversion (i18n.js fromLocalInput) is
// checked in the browser around Europe/Berlin's DST changes and in Asia/Makassar.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

// The calendar date ten days ahead, "YYYY-MM-DD" (far from any DST change in WITA: it has none).
function dayAhead(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

test('an event in WITA: typed, shown and mailed in its own zone', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  const day = dayAhead(10);
  let eventId;

  await step('setup: the site is in WIB, confirmation off', async () => {
    await server.createAdmin('admin@example.test', kTestPassword);
    await admin.login('admin@example.test', kTestPassword);
    await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
  });

  const phone = await newGuardedPage(browser, {...kPhone, locale: 'id-ID'});
  guarded.push(phone);
  const p = phone.page;

  await step('the event form reads 09:00–17:00 in the chosen zone, WITA', async () => {
    await signInWithSession(p, server.url, await new Api(server.url).login('admin@example.test', kTestPassword), 'id');
    await p.goto(`${server.url}/admin/events/new`);
    await p.locator('input[name=title]').fill('Bali Dev Day');
    await p.locator('input[name=venue]').fill('Hotel Tanjung Benoa');
    await p.locator('input[name=starts_at]').fill(`${day}T09:00`);
    await p.locator('input[name=ends_at]').fill(`${day}T17:00`);
    const box = p.locator('input[name=starts_at]').locator('xpath=ancestor::*[contains(@class,"field")][1]');
    const hint = box.locator('.hint:not(.wall-time-preview)');
    const preview = box.locator('.wall-time-preview');
    assert.match(await hint.textContent(), /WIB \(Asia\/Jakarta\)/, 'before a zone is chosen: the site\'s');
    assert.match(await preview.textContent(), /\d{4} 09\.00 WIB$/, 'the typed time in Indonesian words');
    // Choosing the zone after typing keeps the typed times and says they are WITA now.
    await p.locator('select[name=time_zone]').selectOption('Asia/Makassar');
    assert.match(await hint.textContent(), /WITA \(Asia\/Makassar\)/);
    assert.match(await preview.textContent(), /\d{4} 09\.00 WITA \(08\.00 WIB\)$/);
    assert.equal(await p.locator('input[name=starts_at]').inputValue(), `${day}T09:00`);
    await screenshot(p, 'event-zone-form-id');
    await p.locator('form button[type=submit]').first().click();
    await p.waitForURL(/\/admin\/events\/\d+$/);
    eventId = Number(new URL(p.url()).pathname.split('/').pop());
    const ev = await admin.get(`/events/${eventId}`);
    assert.equal(ev.time_zone, 'Asia/Makassar');
    assert.equal(ev.starts_at, `${day}T01:00:00Z`, '09:00 WITA is 01:00 UTC');
    assert.equal(ev.ends_at, `${day}T09:00:00Z`, '17:00 WITA is 09:00 UTC');
  });

  await step('the edit form shows the typed times again, in WITA', async () => {
    await p.reload();
    await p.locator('input[name=starts_at]').waitFor();
    assert.equal(await p.locator('input[name=starts_at]').inputValue(), `${day}T09:00`);
    assert.equal(await p.locator('input[name=ends_at]').inputValue(), `${day}T17:00`);
  });

  await step('the event page leads with WITA, the site\'s WIB after it', async () => {
    await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000, quota: 50, max_per_order: 4});
    assert.equal((await admin.post(`/events/${eventId}/submit`, {})).status, 'published');
    await p.goto(`${server.url}/events/${eventId}`);
    const when = p.locator('.event time, .event .meta time').first();
    await when.waitFor();
    const text = await when.textContent();
    assert.match(text, /09\.00–17\.00 WITA \(08\.00–16\.00 WIB\)/, text);
    await screenshot(p, 'event-zone-page-id');
  });

  await step('the order mail says 09.00 WITA, WIB second', async () => {
    const buyer = await signedUpUser(admin, {email: 'wayan@example.test', name: 'Wayan'});
    await buyer.api.patch('/me', {locale: 'id'});
    const types = await buyer.api.get(`/events/${eventId}/ticket-types`);
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: (types.items || types)[0].id, quantity: 1}]});
    const mail = await server.waitForMail((m) => m.to.includes('wayan@example.test') && m.text.includes(order.code));
    assert.match(mail.text, /Acara mulai: \S+, \d+ \S+ \d{4} 09\.00 WITA \(08\.00 WIB\)/, mail.text);
    assert.match(mail.text, /Bayar sebelum: .* WITA \(.* WIB\)/);
    assert.equal(order.event_time_zone, 'Asia/Makassar');
  });

  await step('the pages\' wall-time conversion: Europe/Berlin around DST, Asia/Makassar', async () => {
    const got = await p.evaluate(async () => {
      const i18n = await import('/assets/js/i18n.js');
      const f = i18n.fromLocalInput;
      return {
        makassar: f('2027-01-16T09:00', 'Asia/Makassar'),
        springBefore: f('2027-03-28T01:30', 'Europe/Berlin'),
        springGap: f('2027-03-28T02:30', 'Europe/Berlin'),
        springAfter: f('2027-03-28T03:30', 'Europe/Berlin'),
        autumnTwice: f('2027-10-31T02:30', 'Europe/Berlin'),
        autumnAfter: f('2027-10-31T03:30', 'Europe/Berlin'),
        summer: f('2027-07-01T09:00', 'Europe/Berlin'),
        back: i18n.toLocalInput('2027-10-31T00:30:00Z', 'Europe/Berlin'),
        backMakassar: i18n.toLocalInput('2027-01-16T01:00:00Z', 'Asia/Makassar'),
        bad: f('not a time', 'Asia/Makassar'),
      };
    });
    assert.deepEqual(got, {
      makassar: '2027-01-16T01:00:00Z',
      springBefore: '2027-03-28T00:30:00Z',
      springGap: '2027-03-28T01:30:00Z',  // 02:30 does not exist: 03:30 CEST, as the server reads it
      springAfter: '2027-03-28T01:30:00Z',
      autumnTwice: '2027-10-31T00:30:00Z',  // the first 02:30 (CEST)
      autumnAfter: '2027-10-31T02:30:00Z',
      summer: '2027-07-01T07:00:00Z',
      back: '2027-10-31T02:30',
      backMakassar: '2027-01-16T09:00',
      bad: null,
    });
  });
});
