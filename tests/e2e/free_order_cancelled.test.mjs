// A free order closed after issue (the organizer's refund action, or the event's cancellation)
// is "refunded" in the API, but there was nothing to pay (phone test, session 8): the pages word
// it as a cancellation — the buyer's order page and the organizer's order list say Cancelled /
// Dibatalkan, and the organizer's button on a free order is "Cancel order" without "Refund … (Rp 0)".
// Its void ticket shows nothing usable: no QR, no large reference, no code as text. The
// dashboard's revenue tile of the free event says "Free event", not "Rp 0".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('a closed free order reads as cancelled, in English and Indonesian', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let order;
  let buyer;
  let adminSession;

  await step('setup: a free event, one free order', async () => {
    await server.createAdmin('free@example.test', kTestPassword);
    const session = await admin.login('free@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const start = Date.now() + 3 * 86400000;
    const ev = await admin.post('/events', {title: 'Free Meetup', venue: 'Hall', city: 'Bogor',
      starts_at: iso(start), ends_at: iso(start + 3 * 3600000)});
    eventId = ev.id;
    const type = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Gratis', kind: 'free'});
    await admin.post(`/events/${eventId}/submit`, {});
    buyer = await signedUpUser(admin, {email: 'dewi@example.test', name: 'Dewi'});
    order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 1}]});
    assert.equal(order.status, 'paid');
    adminSession = session;
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('the organizer closes it: "Cancel order", no refund of Rp 0', async () => {
    await signInWithSession(p, server.url, adminSession, 'en');
    await p.goto(`${server.url}/admin/events/${eventId}/orders`);
    const row = p.locator('tr', {hasText: order.code});
    await row.waitFor();
    assert.equal(await row.getByRole('button', {name: 'Refund'}).count(), 0);
    await row.getByRole('button', {name: 'Cancel order'}).click();
    const dialog = p.locator('dialog[open]');
    await dialog.waitFor();
    const text = await dialog.textContent();
    assert.match(text, /Cancel the free order .*nothing to refund/);
    assert.doesNotMatch(text, /Rp 0|Refund order/);
    await dialog.locator('textarea').fill('Double booking');
    await dialog.getByRole('button', {name: 'Keep order'}).waitFor();  // not a second "Cancel"
    assert.equal(await dialog.getByRole('button', {name: 'Cancel', exact: true}).count(), 0);
    await dialog.getByRole('button', {name: 'Cancel order'}).click();
    // The row says Cancelled, never Refunded, with a note on where the filter lists it.
    await row.locator('.free-cancelled', {hasText: 'free order: nothing was paid (the Refunded filter lists it)'}).waitFor();
    assert.equal((await row.locator('.badge').textContent()).trim(), 'Cancelled');
    assert.doesNotMatch(await row.textContent(), /Refunded(?! filter)|refunded/);
    assert.equal((await admin.get(`/orders/${order.id}`)).status, 'refunded');
    await p.goto(`${server.url}/admin/events/${eventId}/orders?status=refunded`);
    await p.locator('tr', {hasText: order.code}).waitFor();
  });

  await step('the organizer\'s list in Indonesian: Dibatalkan', async () => {
    await signInWithSession(p, server.url, adminSession, 'id');
    await p.goto(`${server.url}/admin/events/${eventId}/orders?status=refunded`);
    const row = p.locator('tr', {hasText: order.code});
    await row.locator('.free-cancelled', {hasText: 'pesanan gratis: tidak ada yang dibayar'}).waitFor();
    assert.equal((await row.locator('.badge').textContent()).trim(), 'Dibatalkan');
  });

  await step('the dashboard\'s revenue tile of a free event says so, not Rp 0 (id, en)', async () => {
    const revenueTile = async (label) => {
      await p.goto(`${server.url}/admin?event=${eventId}`);
      const tile = p.locator('.tile', {has: p.locator('.tile-label', {hasText: label})});
      await tile.waitFor();
      return tile;
    };
    const id = await revenueTile('Pendapatan');
    assert.equal((await id.locator('.tile-value').textContent()).trim(), 'Acara gratis');
    assert.doesNotMatch(await id.textContent(), /Rp/);
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
    const en = await revenueTile('Revenue');
    assert.equal((await en.locator('.tile-value').textContent()).trim(), 'Free event');
    assert.equal((await en.locator('.tile-sub').textContent()).trim(), 'No ticket type takes money');
  });

  await step('the buyer\'s order page, in Indonesian: Dibatalkan', async () => {
    await signInWithSession(p, server.url, buyer.session, 'id');
    await p.goto(`${server.url}/account/orders/${order.id}`);
    const status = p.locator('.badge-cancelled');
    await status.waitFor();
    assert.equal((await status.textContent()).trim(), 'Dibatalkan');
    assert.equal(await p.locator('.badge-refunded').count(), 0);
    // Confirmed (not "paid"), when it was cancelled, and why.
    const facts = await p.locator('dl').first().textContent();
    assert.match(facts, /Dikonfirmasi/);
    assert.doesNotMatch(facts, /Dibayar/);
    assert.match(facts, /Dibatalkan/);
    assert.match(facts, /Double booking/);
  });

  await step('its void ticket, in Indonesian: no advice on showing it at the door', async () => {
    const tickets = (await buyer.api.get(`/orders/${order.id}`)).tickets;
    await p.goto(`${server.url}/account/tickets/${tickets[0].id}`);
    await p.getByText('Tiket ini batal dan tidak dapat dipakai.').waitFor();
    assert.equal(await p.locator('#door-hint').count(), 0);
    assert.doesNotMatch(await p.locator('main').textContent(), /Tunjukkan kode ini|Sebutkan atau tunjukkan referensi/);
    // Nothing that looks usable: no large reference, no code as text; the reference stays as a
    // grey label for support.
    assert.equal(await p.locator('#ticket-ref').count(), 0);
    assert.equal(await p.getByText('Kode tiket dalam teks').count(), 0);
    assert.ok(tickets[0].code && tickets[0].ref);
    assert.ok(!(await p.locator('main').textContent()).includes(tickets[0].code), 'no ticket code on a void ticket');
    const label = p.locator('#ticket-ref-void.meta');
    assert.equal((await label.textContent()).trim(), `Referensi ${tickets[0].ref} (batal, hanya untuk bantuan)`);
  });

  await step('the same void ticket in English, and its card in the list', async () => {
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
    const tickets = (await buyer.api.get(`/orders/${order.id}`)).tickets;
    await p.goto(`${server.url}/account/tickets/${tickets[0].id}`);
    await p.getByText('This ticket is void and cannot be used.').waitFor();
    assert.equal((await p.locator('#ticket-ref-void').textContent()).trim(), `Reference ${tickets[0].ref} (void, for support only)`);
    assert.equal(await p.locator('#ticket-ref').count(), 0);
    assert.equal(await p.getByText('Ticket code as text').count(), 0);
    await p.goto(`${server.url}/account/tickets`);
    await p.locator('.ticket-card .badge-void').waitFor();
    assert.equal(await p.getByRole('link', {name: 'Show QR code'}).count(), 0);
    await p.getByRole('link', {name: 'Show ticket'}).waitFor();
  });
});
