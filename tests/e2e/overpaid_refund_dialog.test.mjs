// An overpaid order's refund (phone test, session 9, M2): the desk recorded Rp 200.000 on a
// Rp 150.000 order; the organizer's refund dialog names the Rp 200.000 the order received (what
// goes back), not its total. In Indonesian and English, on a phone.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
// Intl writes "Rp\u00a0200.000": compare texts with plain spaces.
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('the refund dialog of an overpaid order names the amount received', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let order;
  let adminSession;

  await step('setup: a Rp 150.000 order the desk recorded Rp 200.000 for', async () => {
    await server.createAdmin('org@example.test', kTestPassword);
    adminSession = await admin.login('org@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const start = Date.now() + 10 * 86400000;
    const ev = await admin.post('/events', {title: 'Temu Komunitas', venue: 'Aula',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000)});
    eventId = ev.id;
    const type = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000});
    await admin.post(`/events/${eventId}/submit`, {});
    const joko = await signedUpUser(admin, {email: 'joko@example.test', name: 'Joko'});
    order = await joko.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: type.id, quantity: 1}]});
    const paid = await admin.post(`/orders/${order.id}/confirm-payment`, {amount_received: 200000});
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_overpaid, 50000);
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  const openDialog = async (lang, button) => {
    await signInWithSession(p, server.url, adminSession, lang);
    await p.goto(`${server.url}/admin/events/${eventId}/orders`);
    const row = p.locator('tr', {hasText: order.code});
    await row.getByRole('button', {name: button}).click();
    const dialog = p.locator('dialog[open]');
    await dialog.waitFor();
    return dialog;
  };

  await step('in Indonesian: "Kembalikan dana pesanan … (Rp 200.000)", closed with Batal', async () => {
    const dialog = await openDialog('id', 'Kembalikan dana');
    const text = norm(await dialog.textContent());
    assert.match(text, new RegExp(`Kembalikan dana pesanan ${order.code} \\(Rp 200\\.000\\)\\?`));
    assert.doesNotMatch(text, /150\.000/);
    await dialog.getByRole('button', {name: 'Batal', exact: true}).click();
    await p.locator('dialog[open]').waitFor({state: 'detached'});
    assert.equal((await admin.get(`/orders/${order.id}`)).status, 'paid');
  });

  await step('in English, then refunded', async () => {
    const dialog = await openDialog('en', 'Refund');
    const text = norm(await dialog.textContent());
    assert.match(text, new RegExp(`Refund order ${order.code} \\(Rp 200\\.000\\)\\?`));
    assert.doesNotMatch(text, /150\.000/);
    await dialog.locator('textarea').fill('Event postponed');
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    const row = p.locator('tr', {hasText: order.code});
    await row.locator('.badge', {hasText: 'Refunded'}).waitFor();
    assert.equal((await admin.get(`/orders/${order.id}`)).status, 'refunded');
  });
});
