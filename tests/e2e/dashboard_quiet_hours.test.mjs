// The check-ins-per-hour chart keeps the quiet hours (phone tester, session 8: with check-ins at
// 16.00 and 18.00 the chart showed two bars side by side, 17.00 gone, and read as a continuous
// timeline). Check-ins three hours apart, uploaded by an offline scanner at their own times.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};
const kZone = 'Asia/Makassar';
const hourOf = (ms) => new Intl.DateTimeFormat('en-GB', {timeZone: kZone, hour: '2-digit', hourCycle: 'h23'}).format(new Date(ms)).padStart(2, '0');

test('check-ins per hour: the hours between two busy ones show as zero', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let session;
  const early = Date.now() - 3 * 3600000;
  const late = Date.now();

  await step('setup: two check-ins three hours apart', async () => {
    await server.createAdmin('hours@example.test', kTestPassword);
    session = await admin.login('hours@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const start = Date.now() - 4 * 3600000;
    const ev = await admin.post('/events', {title: 'Long day', venue: 'Hall', city: 'Makassar', time_zone: kZone,
      starts_at: iso(start), ends_at: iso(start + 12 * 3600000)});
    eventId = ev.id;
    const type = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Free', kind: 'free'});
    await admin.post(`/events/${eventId}/submit`, {});
    const buyer = await signedUpUser(admin, {email: 'rudi@example.test', name: 'Rudi'});
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 2}]});
    const tickets = (await buyer.api.get(`/orders/${order.id}`)).tickets;
    const r = await admin.post('/checkin/batch', {device_id: 'hours-device-01', scans: [
      {nonce: 'hours-nonce-0000001', code: tickets[0].code, event_id: eventId, scanned_at: iso(early)},
      {nonce: 'hours-nonce-0000002', code: tickets[1].code, event_id: eventId, scanned_at: iso(late)}]});
    assert.deepEqual(r.results.map((x) => x.result), ['ok', 'ok']);
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('four hours, the two between them at zero', async () => {
    await signInWithSession(p, server.url, session, 'en');
    await p.goto(`${server.url}/admin?event=${eventId}`);
    const hours = p.locator('figure.chart-figure', {hasText: 'Check-ins per hour'});
    await hours.waitFor();
    const expected = [0, 1, 2, 3].map((i) => `${hourOf(early + i * 3600000)}:00`);
    assert.deepEqual(await hours.locator('.chart-table th').allTextContents(), expected);
    assert.deepEqual(await hours.locator('.chart-table td').allTextContents(), ['1', '0', '0', '1']);
  });
});
