// Admin lists on a 390 px phone (operator tester, session 8: the outbox's Status column and the
// attendees' reference and check-in columns were off the screen): each row is a card of labelled
// lines, nothing wider than the phone. The attendees' column names what it shows: the ticket
// reference, not the order code. Session 9: the users, the audit log and an event's draws too.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

// Every cell of the page's list lies within the phone's width, and the page does not scroll sideways.
async function fitsThePhone(p) {
  const cells = await p.locator('main td').evaluateAll((tds) => tds.map((td) => {
    const r = td.getBoundingClientRect();
    return {text: td.textContent.trim().slice(0, 40), left: r.left, right: r.right};
  }));
  assert.ok(cells.length > 0, 'the list has rows');
  for (const c of cells) assert.ok(c.left >= 0 && c.right <= 390, `cell "${c.text}" is cut (${c.left}..${c.right})`);
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll');
}

test('outbox, orders, attendees, users, audit log and draws read on a phone', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let session;
  let eventId;
  let ticketRef;

  await step('setup: an event, a paid-for order with a long buyer address, one check-in', async () => {
    await server.createAdmin('lists@example.test', kTestPassword);
    session = await admin.login('lists@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const start = Date.now() + 86400000;
    const ev = await admin.post('/events', {title: 'Pameran', venue: 'Gedung', city: 'Medan', starts_at: iso(start), ends_at: iso(start + 3600000)});
    eventId = ev.id;
    const type = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Gratis untuk umum', kind: 'free'});
    await admin.post(`/events/${eventId}/submit`, {});
    const buyer = await signedUpUser(admin, {email: 'panjang.sekali.alamatnya@contoh-sekolah.example.test', name: 'Nur Aisyah Ramadhani'});
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 2}]});
    const ticket = (await buyer.api.get(`/orders/${order.id}`)).tickets[0];
    ticketRef = ticket.ref;
    await admin.post('/checkin', {code: ticket.code, event_id: eventId});
    await admin.post(`/events/${eventId}/draws`, {title: 'Hadiah pintu untuk semua peserta yang hadir', eligibility: 'checked_in',
      prizes: [{name: 'Tas ransel', quantity: 1}]});
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('the mail outbox: the status in view on every row', async () => {
    await signInWithSession(p, server.url, session, 'en');
    await p.goto(`${server.url}/admin/mail`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    const status = p.locator('main td[data-label="Status"]').first();
    assert.ok(await status.isVisible());
  });

  await step('the orders of the event', async () => {
    await p.goto(`${server.url}/admin/events/${eventId}/orders`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
  });

  await step('the attendees: the ticket reference under its own name, and the check-in', async () => {
    await p.goto(`${server.url}/admin/events/${eventId}/attendees`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    assert.ok(ticketRef, 'the ticket has a reference');
    const ref = p.locator('main td[data-label="Ticket reference"]', {hasText: ticketRef});
    assert.ok(await ref.isVisible());
  });

  // Session 9 (phone tester): users, audit log and draws were still wide tables.
  await step('the users: role and active switch in view on every card', async () => {
    await p.goto(`${server.url}/admin/users`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    assert.ok(await p.locator('main td[data-label="Role"] select').first().isVisible());
  });

  await step('the audit log', async () => {
    await p.goto(`${server.url}/admin/audit`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    assert.ok(await p.locator('main td[data-label="Action"]').first().isVisible());
  });

  await step('the draws of the event, in Indonesian too', async () => {
    await p.goto(`${server.url}/admin/events/${eventId}/draws`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    await signInWithSession(p, server.url, session, 'id');
    await p.goto(`${server.url}/admin/events/${eventId}/draws`);
    await p.locator('main td').first().waitFor();
    await fitsThePhone(p);
    assert.ok(await p.locator('main td[data-label="Status"]').first().isVisible());
  });
});
