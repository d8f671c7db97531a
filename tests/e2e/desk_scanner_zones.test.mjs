// The desk, the scanner, the attendee lookup and the ticket page show an event's times in the
// event's zone (issue 15, MAJOR 2 of the phone tester: they showed the deployment's WIB only).
// A WIB site with an event in WITA: the desk's event picker, an order's time and its payment
// deadline, the scanner's picker and its check-in answer, the lookup's check-in time and the
// holder's ticket page all say WITA (the site's WIB in brackets where a full time is shown; with
// its own date when the two zones are on different days, as between 16:00 and 17:00 UTC).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';
import {scannerPhone} from './lib/door.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

test('desk, scanner, lookup and ticket page lead with the event\'s zone', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let pending;
  let ticket;
  let buyer;

  await step('setup: a WIB site, a WITA event, a pending paid order and a free ticket', async () => {
    await server.createAdmin('desk@example.test', kTestPassword);
    await admin.login('desk@example.test', kTestPassword);
    await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
    const start = Date.now() + 5 * 86400000;
    const ev = await admin.post('/events', {title: 'Makassar Meetup', venue: 'Hall', city: 'Makassar',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000), time_zone: 'Asia/Makassar'});
    eventId = ev.id;
    const paid = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 50000});
    const free = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Gratis', kind: 'free'});
    await admin.post(`/events/${eventId}/submit`, {});
    buyer = await signedUpUser(admin, {email: 'rina@example.test', name: 'Rina'});
    pending = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: paid.id, quantity: 1}]});
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: free.id, quantity: 1}]});
    ticket = (await buyer.api.get(`/orders/${order.id}`)).tickets[0];
    assert.equal(ticket.event_time_zone, 'Asia/Makassar');
  });

  const {g, p, scan} = await scannerPhone(browser);
  guarded.push(g);

  await step('the desk: picker, order time and deadline in WITA', async () => {
    await signInWithSession(p, server.url, await new Api(server.url).login('desk@example.test', kTestPassword), 'en');
    await p.goto(`${server.url}/staff/payments?event=${eventId}`);
    const option = p.locator('select[name=event] option', {hasText: 'Makassar Meetup'});
    assert.match(await option.textContent(), /\d{2}:\d{2} WITA \((?:[^()]*, )?\d{2}:\d{2} WIB\)$/);
    // The order has no proof yet: it is listed under "Pending payment", not "Awaiting review".
    await p.locator('#desk-filter').selectOption('pending');
    const entry = p.locator('.desk-order-btn', {hasText: pending.code});
    assert.match(await entry.locator('.meta').textContent(), /\d{2}:\d{2} WITA \((?:[^()]*, )?\d{2}:\d{2} WIB\)$/);
    await entry.click();
    const facts = p.locator('.desk-order dl');
    await facts.waitFor();
    assert.match(await facts.textContent(), /Deadline\s*[A-Za-z]+ \d+ [A-Za-z]+ \d{4}, \d{2}:\d{2} WITA \((?:[^()]*, )?\d{2}:\d{2} WIB\)/);
  });

  await step('the desk: a slow answer to the first filter never overwrites a newer filter\'s list (CI, session 9)', async () => {
    // The page's first load asks for "Awaiting review"; that answer is held until the list for
    // "Pending payment" is drawn, then let through: the pending order must stay listed.
    const held = [];
    await p.route('**/api/v1/events/*/orders?*', (route) => {
      if (new URL(route.request().url()).searchParams.get('awaiting_review') === 'true') held.push(route);
      else route.continue();
    });
    await p.goto(`${server.url}/staff/payments?event=${eventId}`);
    await p.waitForFunction(() => document.querySelector('#desk-filter'));
    while (!held.length) await new Promise((r) => setTimeout(r, 20));
    await p.locator('#desk-filter').selectOption('pending');
    const entry = p.locator('.desk-order-btn', {hasText: pending.code});
    await entry.waitFor();
    const late = p.waitForResponse((r) => r.url().includes('awaiting_review=true'));
    for (const r of held) await r.continue();
    await late;
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    assert.equal(await entry.count(), 1, 'the pending order is still listed after the late answer');
    assert.equal(await p.locator('.desk-list .empty').count(), 0);
    await p.unroute('**/api/v1/events/*/orders?*');
  });

  await step('the scanner: picker and the check-in answer in WITA', async () => {
    await p.goto(`${server.url}/staff/scan?event=${eventId}`);
    const option = p.locator('#scan-event option', {hasText: 'Makassar Meetup'});
    await option.waitFor({state: 'attached'});
    assert.match(await option.textContent(), /WITA/);
    await scan(ticket.ref);
    const answer = p.locator('.scan-result');
    await answer.waitFor();
    assert.match(await answer.textContent(), /Checked in at \d{1,2}:\d{2}:\d{2}\s?(AM|PM)? WITA/);
    const row = p.locator('.recent-scans li', {hasText: 'Rina'});
    await row.waitFor();
    assert.match(await row.locator('.time').textContent(), /^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)? WITA$/);
  });

  await step('the scanner after a reload: Recent scans stay in WITA (phone test, session 8)', async () => {
    await p.reload();
    const row = p.locator('.recent-scans li', {hasText: 'Rina'});
    await row.waitFor();
    // The first drawing (before the event list is back) and the one after it both say WITA.
    assert.match(await row.locator('.time').textContent(), /^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)? WITA$/);
    await p.locator('#scan-event option', {hasText: 'Makassar Meetup'}).waitFor({state: 'attached'});
    assert.match(await row.locator('.time').textContent(), /^\d{1,2}:\d{2}:\d{2}\s?(AM|PM)? WITA$/);
    // The status box's last sync, above them, in the same zone (it said WIB beside WITA rows).
    await p.locator('#door-queue', {hasText: 'WITA'}).waitFor();
    assert.doesNotMatch(await p.locator('#door-queue').textContent(), /WIB/);
  });

  await step('the lookup and the ticket page say when, in WITA', async () => {
    await p.goto(`${server.url}/staff/lookup?event=${eventId}&q=Rina`);
    const card = p.locator('.lookup-card', {hasText: ticket.ref});
    await card.waitFor();
    assert.match(await card.textContent(), /Checked in \S+ \d+ \S+ \d{4}, \d{2}:\d{2} WITA \((?:[^()]*, )?\d{2}:\d{2} WIB\)/);
    await signInWithSession(p, server.url, await new Api(server.url).login('rina@example.test', kTestPassword), 'en');
    await p.goto(`${server.url}/account/tickets/${ticket.id}`);
    const badge = p.locator('.badge-checked').first();
    await badge.waitFor();
    assert.match(await badge.textContent(), /WITA \((?:[^()]*, )?\d{2}:\d{2} WIB\)/);
  });
});
