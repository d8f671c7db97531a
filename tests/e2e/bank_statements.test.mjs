// The payment desk's bank statement upload in a real browser against the real binary: two
// attendees order paid tickets, staff upload the bank's CSV export on /staff/payments, see the
// lines grouped by match kind (two exact, one unmatched), apply them, and both orders are paid
// with their tickets mailed; the unmatched credit stays listed.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithForm} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {signedUpUser, kTestPassword} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kPassword = kTestPassword;
// A signed-in Api for a new account (confirmation is off in these tests).
const account = async (admin, email, name, role) => (await signedUpUser(admin, {email, name, role})).api;
const reason = skipReason();

function bcaLine(date, description, amount, marker = 'CR') {
  return `'${date},'${description},'0000,"${amount}",${marker},"9,999,999.00"\n`;
}

test('staff upload a bank statement on the desk page, apply it, orders are paid and tickets mailed',
  {skip: reason || false, timeout: 180000}, async (t) => {
    const {server, browser, guarded, step} = await startBrowserTest(t);

    const admin = new Api(server.url);
    let event;
    let orders = [];
    const buyers = [];

    await step('setup through the API: an event, staff, two attendees with pending orders', async () => {
      await server.createAdmin('admin@example.test', kPassword);
      await admin.login('admin@example.test', kPassword);
      await admin.patch('/settings', {require_email_confirmation: false});
      await account(admin, 'staff@example.test', 'Sari Staff', 'staff');
      const start = new Date(Date.now() + 20 * 86400e3);
      event = await admin.post('/events', {title: 'Seminar Nasional', venue: 'Aula', starts_at: start.toISOString().slice(0, 19) + 'Z',
        ends_at: new Date(start.getTime() + 8 * 3600e3).toISOString().slice(0, 19) + 'Z'});
      const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Regular', kind: 'paid', price: 150000, quota: 50});
      await admin.post(`/events/${event.id}/submit`);
      for (const [email, name] of [['rani@example.test', 'Rani Putri'], ['budi@example.test', 'Budi <b>Santoso</b>']]) {
        const buyer = await account(admin, email, name);
        buyers.push({email, api: buyer});
        orders.push(await buyer.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]}));
      }
      assert.ok(orders.every((o) => o.status === 'pending'));
    });

    const desk = await newGuardedPage(browser, {viewport: {width: 1366, height: 900}});
    guarded.push(desk);
    const d = desk.page;

    await step('upload the export on the payment desk: lines grouped by match kind', async () => {
      const [a, b] = orders.map((o) => o.code);
      const csv = 'Informasi Rekening - Mutasi Rekening\nNo. rekening : 1234567890\n\n' +
        'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n' +
        bcaLine('05/11', `TRSF E-BANKING CR 0511/FTSCY/WS95031 150000.00 ${a} RANI PUTRI`, '150,000.00') +
        bcaLine('05/11', 'BIAYA ADM', '10,000.00', 'DB') +
        bcaLine('06/11', `SWITCHING CR TRF DARI BRI ${b.slice(0, 4).toLowerCase()} ${b.slice(4).toLowerCase()} BUDI`, '150,000.00') +
        bcaLine('07/11', 'TRANSFER DARI HENDRA <script>alert(1)</script>', '75,000.00');
      await signInWithForm(d, server.url, {email: 'staff@example.test', password: kPassword}, '/staff/payments');
      await d.locator('#lanyard\\.desk\\.event-select').selectOption(String(event.id));
      await d.locator('#bank-file').setInputFiles({name: 'mutasi-bca.csv', mimeType: 'text/csv', buffer: Buffer.from(csv)});
      await d.locator('#bank-upload').click();
      await d.locator('.bank-exact tbody tr').nth(1).waitFor();
      assert.equal(await d.locator('.bank-exact tbody tr').count(), 2);
      assert.equal(await d.locator('.bank-unmatched tbody tr').count(), 1);
      assert.ok((await d.locator('.bank-unmatched tbody tr').textContent()).includes('<script>alert(1)</script>'),
        'the description shows as text');
      assert.ok((await d.locator('.bank-exact').textContent()).includes('Budi <b>Santoso</b>'), 'the buyer name shows as text');
      assert.equal(await d.locator('.bank-exact input[type=checkbox]:checked').count(), 2, 'exact lines are ticked');
      await screenshot(d, 'bank-statement-desk');
    });

    await step('apply: both orders paid, tickets mailed, the unmatched credit stays listed', async () => {
      await d.locator('#bank-apply').click();
      await d.locator('.bank-already_applied tbody tr').nth(1).waitFor();
      await d.locator('.bank-unmatched-box .card', {hasText: 'HENDRA'}).waitFor();
      for (const [i, o] of orders.entries()) {
        const after = await buyers[i].api.get(`/orders/${o.id}`);
        assert.equal(after.status, 'paid');
        assert.equal(after.amount_paid, 150000);
        assert.equal(after.tickets.length, 1);
        assert.equal(after.payment.received[0].via, 'bank_statement');
        const mail = await server.waitForMail((m) => m.to.includes(buyers[i].email) && m.text.includes(o.code) &&
          m.attachments.some((a) => a.type.startsWith('image/png')));
        assert.ok(mail, `tickets mailed to ${buyers[i].email}`);
      }
    });

    await t.test('no request left 127.0.0.1, no dialog opened, no page error', () => {
      for (const g of guarded) {
        assert.deepEqual(g.report.remote, []);
        assert.deepEqual(g.report.dialogs, []);
        assert.deepEqual(g.report.errors, []);
      }
    });
  });
