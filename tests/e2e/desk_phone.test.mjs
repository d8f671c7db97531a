// The payment desk on a 390 px phone in Indonesian (phone test, session 9): the filter is not
// cut; tapping an order brings its proof into view (it sat 750 px below the list); after a
// confirmation the list comes back (opening the next order put its Confirm button under the
// thumb that had just confirmed); "Back to the list" returns; what is typed filters the list
// without pressing Search; an empty result says why it is empty.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession, receiptPng} from './lib/browser.mjs';
import {Api} from './lib/api.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';
import {adminWithEvent} from './lib/door.mjs';

const kPhone = {width: 390, height: 844};

// Whether the element's top is inside the viewport (it can be read without scrolling); a
// scrolled-to element may sit a fraction of a pixel above it.
const topInView = (locator) => locator.evaluate((el) => {
  const r = el.getBoundingClientRect();
  return r.top > -1 && r.top < window.innerHeight;
});

test('the payment desk on a phone', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  let admin;
  let event;
  const orders = [];

  await step('setup: three pending orders with a transfer proof each', async () => {
    ({admin, event} = await adminWithEvent(server, 'meja@example.test', 'Malam Komunitas'));
    await admin.patch('/settings', {require_email_confirmation: false, bank_instructions: 'BCA 123'});
    const paid = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000});
    await admin.post(`/events/${event.id}/submit`, {});
    const png = await receiptPng(browser, {amount: 'Rp 150.000'});
    for (const name of ['Citra', 'Dewi', 'Rina']) {
      const buyer = await signedUpUser(admin, {email: `${name.toLowerCase()}@example.test`, name});
      const order = await buyer.api.post('/orders', {event_id: event.id, items: [{ticket_type_id: paid.id, quantity: 1}]});
      const form = new FormData();
      form.append('file', new Blob([png], {type: 'image/png'}), 'bukti.png');
      await buyer.api.post(`/orders/${order.id}/payment-proofs`, form);
      orders.push(order);
    }
  });

  const g = await newGuardedPage(browser, {viewport: kPhone, isMobile: true, hasTouch: true, locale: 'id-ID'});
  guarded.push(g);
  const p = g.page;

  await step('the filter takes the full width, and tapping an order shows its proof', async () => {
    await signInWithSession(p, server.url, await new Api(server.url).login('meja@example.test', kTestPassword), 'id');
    await p.goto(`${server.url}/staff/payments?event=${event.id}`);
    const cards = p.locator('.desk-order-btn');
    await cards.nth(2).waitFor();
    const width = await p.locator('#desk-filter').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width > 300, `the filter is ${width} px wide on a 390 px phone`);
    await cards.nth(1).tap();
    const title = p.locator('.desk-order-title');
    await title.waitFor();
    assert.match(await title.textContent(), new RegExp(orders[1].code));
    assert.ok(await topInView(title), 'the order\'s heading is on screen after the tap');
    assert.equal(await title.evaluate((el) => el === document.activeElement), true);
    assert.ok(await topInView(p.locator('.desk-proofs')), 'its proof is on screen');
  });

  await step('after a confirmation the list comes back, not the next order under the same thumb', async () => {
    await p.getByRole('button', {name: 'Konfirmasi pembayaran'}).tap();
    await p.locator('.toast', {hasText: 'lunas'}).waitFor();
    await p.waitForFunction((code) => ![...document.querySelectorAll('.desk-order-btn .mono')].some((el) => el.textContent === code), orders[1].code);
    assert.ok(await topInView(p.locator('.desk-list')), 'the list is on screen');
    assert.equal(await p.getByRole('button', {name: 'Konfirmasi pembayaran'}).count(), 0, 'no order is open');
    assert.equal(await p.locator('.desk-order-btn').count(), 2);
    await p.locator('.desk-order-btn').first().tap();
    await p.locator('.desk-order-title').waitFor();
  });

  await step('"Back to the list" returns to the list', async () => {
    await p.getByRole('button', {name: 'Kembali ke daftar'}).tap();
    assert.ok(await topInView(p.locator('.desk-list')), 'the list is on screen');
    assert.equal(await p.locator('.desk-order-btn.selected').evaluate((el) => el === document.activeElement), true);
  });

  await step('typing a code filters the list without pressing Search; an empty result says why', async () => {
    await p.locator('#desk-filter').selectOption('all');
    const code = orders[2].code;
    await p.locator('#desk-q').fill(code.toLowerCase());
    await p.waitForFunction((c) => {
      const shown = [...document.querySelectorAll('.desk-order-btn .mono')].map((el) => el.textContent);
      return shown.length === 1 && shown[0] === c;
    }, code);
    await p.locator('#desk-q').fill('zzzz');
    await p.locator('.desk-list .empty', {hasText: 'Tidak ada pesanan yang cocok dengan “zzzz”.'}).waitFor();
    await p.locator('#desk-q').fill('');
    await p.locator('#desk-filter').selectOption('paid');
    await p.locator('.desk-order-btn').first().waitFor();
    assert.equal(await p.locator('.desk-order-btn').count(), 1);
    assert.equal(await p.locator('.desk-list .empty').count(), 0);
  });
});
