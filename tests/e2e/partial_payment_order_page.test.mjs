// A partial payment recorded at the desk (phone test, session 9, M1): the buyer's order page no
// longer says "proof received, waiting for review" at the top while its bottom says "paid so far
// / still due". The top says what came and what is still due, how to pay it and until when (in
// the event's zone); the proof the desk acted on reads Accepted, and the desk's "Awaiting review"
// list drops the order until a new proof comes. In Indonesian and English, on a phone.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api, tinyPng} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
// Intl writes "Rp\u00a050.000": compare texts with plain spaces.
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

async function uploadProof(api, orderId) {
  const form = new FormData();
  form.append('file', new Blob([tinyPng()], {type: 'image/png'}), 'transfer.png');
  return api.req('POST', `/orders/${orderId}/payment-proofs`, form);
}

test('after a partial payment the order page says what is still due, not "waiting for review"',
  {skip: skipReason() || false, timeout: 120000}, async (t) => {
    const {server, browser, guarded, step} = await startBrowserTest(t);
    const admin = new Api(server.url);
    let eventId;
    let rina;
    let dewi;
    let partOrder;
    let waitingOrder;
    let staffSession;

    await step('setup: a Makassar event, two orders with a proof each, Rina\'s paid in part at the desk', async () => {
      await server.createAdmin('admin@example.test', kTestPassword);
      await admin.login('admin@example.test', kTestPassword);
      await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
      const staff = await signedUpUser(admin, {email: 'desk@example.test', name: 'Desk', role: 'staff'});
      staffSession = staff.session;
      const start = Date.now() + 10 * 86400000;
      const ev = await admin.post('/events', {title: 'Temu Komunitas', venue: 'Aula', city: 'Makassar',
        starts_at: iso(start), ends_at: iso(start + 4 * 3600000), time_zone: 'Asia/Makassar'});
      eventId = ev.id;
      const type = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000});
      await admin.post(`/events/${eventId}/submit`, {});
      rina = await signedUpUser(admin, {email: 'rina@example.test', name: 'Rina'});
      dewi = await signedUpUser(admin, {email: 'dewi@example.test', name: 'Dewi'});
      partOrder = await rina.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 1}]});
      waitingOrder = await dewi.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 1}]});
      await uploadProof(rina.api, partOrder.id);
      await uploadProof(dewi.api, waitingOrder.id);
      const after = await staff.api.post(`/orders/${partOrder.id}/confirm-payment`, {amount_received: 50000});
      assert.equal(after.status, 'pending');
    });

    const g = await newGuardedPage(browser, kPhone);
    guarded.push(g);
    const p = g.page;

    await step('Rina\'s order page in Indonesian: the top says what came and what is still due', async () => {
      await signInWithSession(p, server.url, rina.session, 'id');
      await p.goto(`${server.url}/account/orders/${partOrder.id}`);
      const top = p.locator('.notice', {has: p.locator('#partial-received')});
      await top.waitFor();
      assert.equal(norm(await p.locator('#partial-received').textContent()), 'Kami telah menerima Rp 50.000 dari Rp 150.000.');
      const text = norm(await top.textContent());
      assert.match(text, /Sisa yang harus dibayar: Rp 100\.000\. Transfer tepat jumlah ini/);
      assert.match(text, /sebelum .*\d{2}[.:]\d{2} WITA/);
      const main = await p.locator('main').textContent();
      assert.doesNotMatch(main, /Bukti diterima\.|Menunggu panitia memeriksa pembayaran/);
      assert.doesNotMatch(main, /Menunggu diperiksa/);
      assert.equal((await p.locator('.badge', {hasText: 'Diterima'}).count()), 1, 'the proof the desk acted on is accepted');
      // The upload form stays open for the proof of the rest.
      await p.locator('input[type=file]').waitFor({state: 'attached'});
      assert.equal(await p.locator('details.proof-again').count(), 0);
    });

    await step('the same page in English', async () => {
      await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
      await p.goto(`${server.url}/account/orders/${partOrder.id}`);
      await p.locator('#partial-received', {hasText: 'We have received'}).waitFor();
      assert.equal(norm(await p.locator('#partial-received').textContent()), 'We have received Rp 50.000 of Rp 150.000.');
      const main = norm(await p.locator('main').textContent());
      assert.match(main, /Still to pay: Rp 100\.000\. Transfer exactly this amount/);
      assert.doesNotMatch(main, /Proof received\.|Waiting for review|waiting for the committee/);
    });

    await step('the desk\'s "Awaiting review" list shows Dewi\'s order, not Rina\'s', async () => {
      await signInWithSession(p, server.url, staffSession, 'en');
      await p.goto(`${server.url}/staff/payments?event=${eventId}`);
      await p.locator('#desk-filter').selectOption('awaiting');
      await p.locator('.desk-order-btn', {hasText: waitingOrder.code}).waitFor();
      assert.equal(await p.locator('.desk-order-btn', {hasText: partOrder.code}).count(), 0);
    });

    await step('a new proof from Rina puts her order back under "Awaiting review"', async () => {
      await uploadProof(rina.api, partOrder.id);
      await p.goto(`${server.url}/staff/payments?event=${eventId}`);
      await p.locator('#desk-filter').selectOption('awaiting');
      await p.locator('.desk-order-btn', {hasText: partOrder.code}).waitFor();
      // And her page says the new proof waits for review.
      await signInWithSession(p, server.url, rina.session, 'en');
      await p.goto(`${server.url}/account/orders/${partOrder.id}`);
      await p.getByText('Proof received.').waitFor();
    });
  });
