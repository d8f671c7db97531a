// A buyer refused for want of places (409 sold_out) sees the event's ticket types drawn again at
// once (tester, session 7: "Sorry, not enough tickets are left" stood above "2 left" with the
// quantity still chosen and the button active until a reload). Two buyers on phones: the places
// go to one between the other's page load and click (in that order, no timing), in en and id.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, confirmedUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const phone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('a buyer refused as sold out sees the ticket types refreshed at once, en and id', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let vip;
  let reg;
  const pages = {};

  await step('setup: an event with VIP (2 places) and Reguler (1 place), two buyers on phones', async () => {
    await server.createAdmin('org@example.test', kTestPassword);
    await admin.login('org@example.test', kTestPassword);
    const start = Date.now() + 7 * 86400000;
    const ev = await admin.post('/events', {title: 'Malam Gala', venue: 'Hall', city: 'Jakarta',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000)});
    eventId = ev.id;
    vip = (await admin.post(`/events/${eventId}/ticket-types`, {name: 'VIP Meja Depan', kind: 'paid', price: 25000000, quota: 2})).id;
    reg = (await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 10000000, quota: 1})).id;
    await admin.post(`/events/${eventId}/submit`, {});
    for (const [who, lang] of [['alex', 'en'], ['dewi', 'id']]) {
      await confirmedUser(server, admin, {email: `${who}@example.test`, name: who});
      const session = await new Api(server.url).login(`${who}@example.test`, kTestPassword);
      const g = await newGuardedPage(browser, {...phone, locale: lang === 'id' ? 'id-ID' : 'en-US'});
      guarded.push(g);
      await signInWithSession(g.page, server.url, session, lang);
      pages[who] = g.page;
    }
  });

  const open = async (p) => {
    await p.goto(`${server.url}/events/${eventId}`);
    await p.locator(`select[name="qty-${vip}"], select[name="qty-${reg}"]`).first().waitFor();
  };
  const typeRow = (p, name) => p.locator('.ticket-type', {has: p.locator('h3', {hasText: name})});

  await step('en: Dewi takes both VIP places after Alex opened the page; Alex is refused and sees VIP sold out', async () => {
    const alex = pages.alex;
    const dewi = pages.dewi;
    await open(alex);
    await open(dewi);
    await typeRow(alex, 'VIP Meja Depan').getByText('2 left').waitFor();
    // Dewi buys first: her order holds both places.
    await dewi.locator(`select[name="qty-${vip}"]`).selectOption('2');
    await dewi.locator('.buy-form button[type=submit]').click();
    await dewi.waitForURL((u) => u.pathname.startsWith('/account/orders/'));
    // Alex's page still says 2 left: his click is refused.
    await alex.locator(`select[name="qty-${vip}"]`).selectOption('1');
    await alex.locator('.buy-form button[type=submit]').click();
    const error = alex.locator('.buy-form .form-error');
    // The type chosen is gone: said as such, not "not enough left" beside "Sold out".
    await error.filter({hasText: 'Sold out just now: the tickets you chose are gone.'}).waitFor();
    const row = typeRow(alex, 'VIP Meja Depan');
    await row.getByText('0 left').waitFor();
    await row.locator('.badge', {hasText: 'Sold out'}).waitFor();
    assert.equal(await alex.locator(`select[name="qty-${vip}"]`).count(), 0, 'no quantity to choose for a sold out type');
    // Reguler is still on sale: its choice and the button stay.
    await typeRow(alex, 'Reguler').getByText('1 left').waitFor();
    assert.equal(await alex.locator(`select[name="qty-${reg}"]`).count(), 1);
    assert.equal(await alex.locator('.buy-form button[type=submit]').isDisabled(), false);
    assert.equal(new URL(alex.url()).pathname, `/events/${eventId}`, 'no reload, no navigation');
  });

  await step('id: Alex takes the last Reguler place after Dewi opened the page; Dewi is refused and sees Habis', async () => {
    const alex = pages.alex;
    const dewi = pages.dewi;
    await open(dewi);
    await typeRow(dewi, 'Reguler').getByText('sisa 1').waitFor();
    await alex.locator(`select[name="qty-${reg}"]`).selectOption('1');
    await alex.locator('.buy-form button[type=submit]').click();
    await alex.waitForURL((u) => u.pathname.startsWith('/account/orders/'));
    await dewi.locator(`select[name="qty-${reg}"]`).selectOption('1');
    await dewi.locator('.buy-form button[type=submit]').click();
    await dewi.locator('.buy-form .form-error', {hasText: 'Baru saja habis: tiket yang Anda pilih sudah tidak ada.'}).waitFor();
    const row = typeRow(dewi, 'Reguler');
    await row.getByText('sisa 0').waitFor();
    await row.locator('.badge', {hasText: 'Habis'}).waitFor();
    await typeRow(dewi, 'VIP Meja Depan').locator('.badge', {hasText: 'Habis'}).waitFor();
    assert.equal(await dewi.locator('.buy-form select[name^="qty-"]').count(), 0, 'nothing left to choose');
    assert.equal(await dewi.locator('.buy-form button[type=submit]').isDisabled(), true, 'no active buy button');
    assert.equal(new URL(dewi.url()).pathname, `/events/${eventId}`);
  });
});
