// A committee's first real event on phones (issue 15): an attendee signs up on pages in Bahasa
// Indonesia after choosing 2 tickets signed out, confirms from the mail, comes back to the event
// with 2 chosen, and her order mail is Indonesian with local (WIB) times; at the door, staff type
// the ticket's short reference because the camera cannot read the QR, and the attendee lookup's
// check-in button is on screen without scrolling sideways. A companion without an account gets
// her ticket mail in the buyer's language; a pending order shows who each ticket is for, to
// the buyer and at the desk; the Indonesian settings page says in Indonesian why mail links
// will not open on a phone, and its zone picker starts with WIB, WITA and WIT.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {startServer} from './lib/server.mjs';
import {findLink} from './lib/mail.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';

const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};
const kIndonesianMonths = /(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)/;

const reason = skipReason();

// Renders a mail's HTML part on a phone-sized page and saves it as docs/screenshots/<name>.png
// (only with LANYARD_SCREENSHOTS=1, like every screenshot).
async function mailScreenshot(browser, mail, name) {
  if (process.env.LANYARD_SCREENSHOTS !== '1') return;
  const page = await browser.newPage({viewport: {width: 390, height: 844}});
  try {
    await page.route('**/*', (route) => route.abort());  // a mail's page must not fetch anything
    await page.setContent(mail.html || `<pre style="white-space:pre-wrap;font:15px sans-serif">${mail.text.replace(/[&<>]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;'}[c]))}</pre>`);
    await screenshot(page, name);
  } finally {
    await page.close();
  }
}

// The warning `serve` prints at start (issue 15, item 3): --listen 0.0.0.0 is suggested only
// when serving on loopback; already on 0.0.0.0, only the public URL must change.
test('the start warning suggests what is missing, not what is set', {skip: reason || false, timeout: 60000}, async (t) => {
  const warningOf = async (server) => {
    const deadline = Date.now() + 10000;
    let m = null;
    while (!(m = /\*\*\* WARNING: (Links in mails[^\n]*) \*\*\*/.exec(server.output())) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(m, `a warning at start:\n${server.output()}`);
    return m[1];
  };
  const everywhere = await startServer({listen: '0.0.0.0:0'});
  t.after(() => everywhere.stop());
  const onLan = await warningOf(everywhere);
  assert.match(onLan, /point at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(onLan, /listens on 0\.0\.0\.0 already: set the public URL/);
  assert.doesNotMatch(onLan, /--listen/);
  const loopback = await startServer({env: {LANYARD_MAIL: 'log'}});
  t.after(() => loopback.stop());
  assert.match(await warningOf(loopback), /--listen 0\.0\.0\.0:\d+ --base-url https:\/\//);
});

test('first event on phones: Indonesian sign-up that carries on, local times, typed door reference', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);

  const admin = new Api(server.url);
  const attendee = new Api(server.url);
  const email = 'siti@example.test';
  let event;

  await step('setup: an admin invites staff, an event with a paid ticket type is published', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    const start = new Date(Date.now() + 10 * 86400000);
    start.setUTCHours(2, 0, 0, 0);  // 09:00 WIB
    event = await admin.post('/events', {
      title: 'Festival Kopi Nusantara', venue: 'Balai Kartini', city: 'Jakarta',
      starts_at: start.toISOString().replace(/\.\d+Z$/, 'Z'),
      ends_at: new Date(start.getTime() + 8 * 3600000).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await admin.post(`/events/${event.id}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000, quota: 50, max_per_order: 4});
    assert.equal((await admin.post(`/events/${event.id}/submit`, {})).status, 'published');
  });

  const phone = await newGuardedPage(browser, {...kPhone, locale: 'id-ID'});
  guarded.push(phone);
  const p = phone.page;

  await step('signed out, she chooses 2 tickets and is sent to sign in with her choice kept', async () => {
    const missing = [];
    const on404 = (r) => { if (r.status() === 404 && r.url().includes('/api/v1/')) missing.push(r.url()); };
    p.on('response', on404);
    await p.goto(`${server.url}/events/${event.id}`);
    await p.locator('select[name^="qty-"]').first().waitFor();
    await p.waitForLoadState('networkidle');
    p.off('response', on404);
    assert.deepEqual(missing, [], 'the event page asks only for routes that exist');
    // The language switch sits in the header row, not on a line of its own.
    const lang = await p.locator('#lang-switch').boundingBox();
    const brand = await p.locator('.brand').boundingBox();
    assert.ok(lang.x + lang.width <= kPhone.viewport.width, 'language switch inside the screen');
    assert.ok(Math.abs((lang.y + lang.height / 2) - (brand.y + brand.height / 2)) < 20, 'language switch beside the site name');
    await p.locator('select[name^="qty-"]').first().selectOption('2');
    await p.locator('.buy-form button[type=submit]').click();
    await p.waitForURL(/\/account\/login\?next=/);
    const next = new URL(p.url()).searchParams.get('next');
    assert.match(next, new RegExp(`^/events/${event.id}\\?buy=\\d+:2$`));
    await screenshot(p, 'first-event-login-next');
  });

  await step('she signs up on the Indonesian pages', async () => {
    await p.locator(`a[href^="/account/register?next="]`).click();
    await p.locator('input[name=name]').fill('Siti Rahma');
    await p.locator('input[name=email]').fill(email);
    await p.locator('input[name=password]').fill(kPassword);
    await p.locator('form button[type=submit]').click();
    await p.locator('.notice').first().waitFor();
  });

  await step('the confirmation mail is Indonesian; its link brings her back to the event with 2 chosen', async () => {
    const mail = await server.waitForMail((m) => m.to.includes(email) && /\/account\/confirm/.test(m.text));
    assert.match(mail.text, /^Halo Siti Rahma,/m);
    assert.doesNotMatch(mail.text, /please confirm/i);
    await p.goto(findLink(mail, '/account/confirm'));
    await p.locator('a.btn-primary[href^="/account/login?next="]').click();
    await p.locator('input[name=email]').fill(email);
    await p.locator('input[name=password]').fill(kPassword);
    await p.locator('form button[type=submit]').click();
    await p.waitForURL(new RegExp(`/events/${event.id}\\?buy=`));
    const qty = p.locator('select[name^="qty-"]').first();
    await qty.waitFor();
    assert.equal(await qty.inputValue(), '2');
    await screenshot(p, 'first-event-back-with-2');
    // Opening the link a second time says it is confirmed already, not "invalid".
    await p.goto(findLink(mail, '/account/confirm'));
    await p.getByText('Alamat email ini sudah dikonfirmasi.').waitFor();
  });

  let order;
  await step('she orders; the order mail is Indonesian with the deadline in WIB', async () => {
    await p.goto(`${server.url}/events/${event.id}?buy=0:0`);
    await p.locator('select[name^="qty-"]').first().selectOption('2');
    await p.locator('.buy-form button[type=submit]').click();
    await p.waitForURL(/\/account\/orders\/\d+$/);
    await attendee.login(email, kPassword);
    order = await attendee.get(`/orders/${new URL(p.url()).pathname.split('/').pop()}`);
    const mail = await server.waitForMail((m) => m.to.includes(email) && m.text.includes(order.code) && /Rp/.test(m.text));
    assert.match(mail.text, /^Halo Siti Rahma,/m);
    assert.match(mail.text, kIndonesianMonths);
    assert.match(mail.text, /\d{2}\.\d{2} WIB/);
    assert.doesNotMatch(mail.text, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/, 'no raw UTC time');
    await mailScreenshot(browser, mail, 'first-event-order-mail-id-after');
  });

  await step('the desk confirms; her ticket page shows the short reference', async () => {
    await admin.post(`/orders/${order.id}/confirm-payment`, {});
    const tickets = await attendee.get('/tickets');
    const ticket = (tickets.items || tickets).find((x) => x.order_id === order.id);
    assert.match(ticket.ref, new RegExp(`^${order.code}-[12]$`));
    await p.goto(`${server.url}/account/tickets/${ticket.id}`);
    await p.locator('#ticket-ref', {hasText: ticket.ref}).waitFor();
  });

  const door = await newGuardedPage(browser, kPhone);
  guarded.push(door);
  const d = door.page;

  await step('at the door, a typed order code lists its tickets and a typed reference admits one', async () => {
    await d.goto(`${server.url}/account/login`);
    await d.locator('input[name=email]').fill('admin@example.test');
    await d.locator('input[name=password]').fill(kPassword);
    await d.locator('form button[type=submit]').click();
    await d.waitForURL((u) => !u.pathname.startsWith('/account/login'));
    await d.goto(`${server.url}/staff/scan?event=${event.id}`);
    const field = d.locator('#scan-code');
    await field.fill(order.code.toLowerCase());
    await field.press('Enter');
    await d.locator('#scan-choose').getByText(`${order.code}-2`).waitFor();
    await screenshot(d, 'first-event-door-choose');
    await field.fill(`${order.code}-1`);
    await field.press('Enter');
    // The big green answer names her (it folds away after 2.5 s: look and take the picture now).
    await d.locator('.scan-result.scan-ok .scan-name', {hasText: 'Siti Rahma'}).waitFor();
    await screenshot(d, 'first-event-door-typed-ref-after');
    const tickets = await attendee.get('/tickets');
    const first = (tickets.items || tickets).find((x) => x.ref === `${order.code}-1`);
    assert.ok(first.checked_in_at, 'the typed reference checked that ticket in');
  });

  await step('the attendee lookup on the phone: cards, and the check-in button on screen', async () => {
    await d.goto(`${server.url}/staff/lookup?event=${event.id}&q=Siti`);
    const cards = d.locator('.lookup-card');
    await cards.nth(1).waitFor();
    assert.equal(await cards.count(), 2);
    const waiting = cards.filter({hasText: `${order.code}-2`});
    const button = waiting.getByRole('button', {name: 'Check in'});
    const box = await button.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= kPhone.viewport.width, `button inside the screen (${JSON.stringify(box)})`);
    const scrollWidth = await d.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= kPhone.viewport.width, `no sideways scrolling (${scrollWidth}px)`);
    await screenshot(d, 'first-event-lookup-cards');
    await button.click();
    await d.locator('.toast', {hasText: 'Siti Rahma'}).waitFor();
    const tickets = await attendee.get('/tickets');
    const second = (tickets.items || tickets).find((x) => x.ref === `${order.code}-2`);
    assert.ok(second.checked_in_at, 'the lookup checked the second ticket in');
  });

  await step('checkout asks who each ticket is for; a companion with an address gets her ticket by mail', async () => {
    await admin.patch(`/events/${event.id}`, {holder_details: 'required'});
    const free = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Pendamping', kind: 'free', price: 0, max_per_order: 4});
    await p.goto(`${server.url}/events/${event.id}`);
    await p.locator(`select[name="qty-${free.id}"]`).selectOption('1');
    await p.locator('input[name="holder-name-0"]').fill('Dewi Lestari');
    await p.locator('input[name="holder-email-0"]').fill('dewi@example.test');
    await screenshot(p, 'first-event-checkout-holders');
    await p.locator('.buy-form button[type=submit]').click();
    await p.waitForURL(/\/account\/tickets$/);
    const mail = await server.waitForMail((m) => m.to.includes('dewi@example.test'));
    // Dewi has no account: she reads the language Siti ordered in.
    assert.match(mail.text, /Siti Rahma punya tiket untuk Anda/);
    assert.match(mail.text, kIndonesianMonths);
    const link = findLink(mail, '/account/tickets/');
    assert.match(link, /\?key=/);
    const tickets = await attendee.get('/tickets');
    assert.ok((tickets.items || tickets).some((x) => x.holder_name === 'Dewi Lestari'), 'the buyer keeps the companion\'s ticket');
  });

  await step('a pending order shows who each ticket is for, to the buyer and at the desk', async () => {
    await p.goto(`${server.url}/events/${event.id}`);
    const types = await admin.get(`/events/${event.id}/ticket-types`);
    const regular = (Array.isArray(types) ? types : types.items).find((x) => x.name === 'Reguler');
    await p.locator(`select[name="qty-${regular.id}"]`).selectOption('1');
    await p.locator('input[name="holder-name-0"]').fill('Rudi Hartono');
    await p.locator('.buy-form button[type=submit]').click();
    await p.waitForURL(/\/account\/orders\/\d+$/);
    const holders = p.locator('#order-holders');
    await holders.getByText('Rudi Hartono').waitFor();
    assert.match(await holders.textContent(), /Tiket ini untuk siapa/);
    assert.match(await holders.textContent(), /Reguler/);
    const pending = await attendee.get(`/orders/${new URL(p.url()).pathname.split('/').pop()}`);
    assert.equal(pending.status, 'pending');
    await holders.scrollIntoViewIfNeeded();
    await screenshot(p, 'first-event-pending-order-holders');
    await d.goto(`${server.url}/staff/payments?event=${event.id}`);
    await d.locator('#desk-filter').selectOption('pending');
    await d.locator('.desk-order-btn', {hasText: pending.code}).click();
    const detail = d.locator('.desk-order');
    await detail.getByText('Rudi Hartono').waitFor();
    assert.match(await detail.textContent(), /Who the tickets are for/);
  });

  await step('the Indonesian settings page: the link warning in Indonesian, Indonesia\'s zones first', async () => {
    // Mail that leaves the machine (here: the log) with a loopback base URL: links no phone
    // can open. A second server, since the first one's mail is fixed to files by LANYARD_MAIL.
    const logged = await startServer({env: {LANYARD_MAIL: 'log'}});
    t.after(() => logged.stop());
    await logged.createAdmin('admin@example.test', kPassword);
    const settingsPage = await newGuardedPage(browser, {...kPhone, locale: 'id-ID'});
    guarded.push(settingsPage);
    const sp = settingsPage.page;
    await signInWithSession(sp, logged.url, await new Api(logged.url).login('admin@example.test', kPassword), 'id');
    await sp.goto(`${logged.url}/admin/settings`);
    const warning = sp.locator('#link-warning');
    await warning.waitFor();
    const text = await warning.textContent();
    assert.match(text, /Tautan di email tidak akan terbuka di ponsel/);
    assert.match(text, /Tautan mengarah ke http:\/\/127\.0\.0\.1:\d+, yang tidak bisa dibuka ponsel/);
    assert.match(text, /--listen 0\.0\.0\.0:\d+/, 'served on loopback: listening on the LAN is suggested');
    assert.doesNotMatch(text, /Links in mails|which no phone|point at/, 'no English left');
    const zone = sp.locator('select[name=timezone]');
    const groups = await zone.locator('optgroup').evaluateAll((els) => els.map((g) => g.label));
    assert.equal(groups[0], 'Indonesia');
    assert.ok(groups.includes('Eropa') && groups.includes('Asia'), groups.join(', '));
    const first = await zone.locator('optgroup').first().locator('option').allTextContents();
    assert.deepEqual(first, ['Asia/Jakarta — WIB', 'Asia/Makassar — WITA', 'Asia/Jayapura — WIT']);
    const names = await zone.locator('option').evaluateAll((els) => els.map((o) => o.value));
    assert.ok(names.length > 300 && names.length < 500, `${names.length} zones`);
    for (const alias of ['Asia/Calcutta', 'US/Eastern', 'Asia/Ujung_Pandang']) assert.ok(!names.includes(alias), alias);
    assert.equal(await zone.inputValue(), 'Asia/Jakarta');
    await screenshot(sp, 'first-event-settings-id');
    // The event form's own zone: the site's zone first, then the same groups.
    await sp.goto(`${logged.url}/admin/events/new`);
    const eventZone = sp.locator('select[name=time_zone]');
    await eventZone.waitFor();
    assert.equal(await eventZone.locator('option').first().getAttribute('value'), '');
    assert.equal(await eventZone.locator('optgroup').first().getAttribute('label'), 'Indonesia');
  });
});
