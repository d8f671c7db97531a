// The dashboard's per-event charts count and label hours and days in the event's own zone and
// name it in their captions (issue 15 phone test on a0fb4b0, MAJOR: a WITA event's check-in at
// 15:25 WITA was shown under "14:00", the site's WIB hour, with no zone said).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const hourIn = (at, zone) => `${new Intl.DateTimeFormat('en-GB', {timeZone: zone, hour: '2-digit', hourCycle: 'h23'}).format(new Date(at)).padStart(2, '0')}:00`;

test('the dashboard charts a WITA event\'s check-ins per WITA hour and says so', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let checkedInAt;

  await step('setup: a WIB site, a WITA event, one ticket checked in', async () => {
    await server.createAdmin('dash@example.test', kTestPassword);
    await admin.login('dash@example.test', kTestPassword);
    await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
    const start = Date.now() + 2 * 3600000;
    const ev = await admin.post('/events', {title: 'Bali Meetup', venue: 'Hall', city: 'Denpasar',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000), time_zone: 'Asia/Makassar'});
    eventId = ev.id;
    const free = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Gratis', kind: 'free'});
    await admin.post(`/events/${eventId}/submit`, {});
    const buyer = await signedUpUser(admin, {email: 'wayan@example.test', name: 'Wayan'});
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: free.id, quantity: 1}]});
    const ticket = (await buyer.api.get(`/orders/${order.id}`)).tickets[0];
    await admin.post('/checkin', {code: ticket.code, event_id: eventId});
    const attendees = await admin.get(`/events/${eventId}/attendees`);
    checkedInAt = (attendees.items || attendees).find((a) => a.checked_in_at).checked_in_at;
    assert.ok(checkedInAt);
  });

  const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(g);
  const p = g.page;

  await step('the check-in chart: the WITA hour, captioned WITA', async () => {
    await signInWithSession(p, server.url, await new Api(server.url).login('dash@example.test', kTestPassword), 'en');
    await p.goto(`${server.url}/admin?event=${eventId}`);
    const figure = p.locator('figure.chart-figure', {hasText: 'Check-ins per hour'});
    await figure.waitFor();
    assert.match(await figure.locator('figcaption').textContent(), /^Check-ins per hour, WITA \(Asia\/Makassar\)$/);
    const wita = hourIn(checkedInAt, 'Asia/Makassar');
    const wib = hourIn(checkedInAt, 'Asia/Jakarta');
    assert.notEqual(wita, wib);
    const labels = await figure.locator('.chart-table th').allTextContents();
    assert.deepEqual(labels, [wita]);
    assert.match(await p.locator('figure.chart-figure figcaption', {hasText: 'Tickets sold per day'}).textContent(), /WITA \(Asia\/Makassar\)/);
  });

  await step('the attendee list: the check-in with seconds in WITA and in the site\'s WIB', async () => {
    await p.goto(`${server.url}/admin/events/${eventId}/attendees`);
    const row = p.locator('tr', {hasText: 'Wayan'}).first();
    await row.waitFor();
    // The bracket has its own date when WITA is already a day ahead (16:00 to 17:00 UTC).
    assert.match(await row.textContent(), /\d{2}:\d{2}:\d{2} WITA \((?:[^()]*, )?\d{2}:\d{2}:\d{2} WIB\)/);
  });
});
