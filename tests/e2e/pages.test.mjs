// The web pages against the real binary in a real browser: an organizer publishes an event, an
// attendee signs up, confirms through the mailed link, buys a paid ticket and uploads a proof,
// staff confirm it on the payment desk, the attendee's ticket shows its QR, the door scanner
// admits it once and refuses it the second time. Names are XSS probes throughout (the README's
// screenshots come from readme_screenshots.test.mjs on the demo data instead).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {skipReason, kSourceDir} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, receiptPng, signInWithForm} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {findLink} from './lib/mail.mjs';
import {confirmedUser, kTestPassword} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const kPassword = kTestPassword;

// Catalogues: every language has the same keys, and every key the pages use exists.
test('i18n catalogues are complete', () => {
  const dir = path.join(kSourceDir, 'assets', 'web', 'i18n');
  const languages = JSON.parse(readFileSync(path.join(dir, 'languages.json'), 'utf8'));
  const catalogues = Object.fromEntries(languages.map((l) => [l.code, JSON.parse(readFileSync(path.join(dir, `${l.code}.json`), 'utf8'))]));
  const en = Object.keys(catalogues.en).sort();
  for (const [code, cat] of Object.entries(catalogues)) {
    assert.deepEqual(Object.keys(cat).sort(), en, `${code}.json has the same keys as en.json`);
    for (const [k, v] of Object.entries(cat)) assert.ok(typeof v === 'string' && v.length, `${code}.json ${k} is a non-empty string`);
  }
  const jsDir = path.join(kSourceDir, 'assets', 'web', 'js');
  const files = readdirSync(jsDir, {recursive: true}).filter((f) => String(f).endsWith('.js'));
  const missing = [];
  for (const f of files) {
    const src = readFileSync(path.join(jsDir, String(f)), 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_0-9.]+)'/g)) if (!(m[1] in catalogues.en)) missing.push(`${f}: ${m[1]}`);
    assert.ok(!/\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(src), `${f} builds no HTML from strings`);
  }
  assert.deepEqual([...new Set(missing)], [], 'keys the pages use that en.json lacks');
});

const reason = skipReason();

test('attendee, payment desk and door scanner pages end to end', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  const staff = new Api(server.url);
  const attendee = new Api(server.url);
  const attendeeEmail = 'ayu@example.test';
  let event;
  let ticketType;
  let orderId;
  let ticket;

  await step('setup through the API: admin, organizer, staff', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    await confirmedUser(server, admin, {email: 'org@example.test', name: `Org ${kXss}`, role: 'organizer'});
    await confirmedUser(server, admin, {email: 'staff@example.test', name: 'Sari Staff', role: 'staff'});
    await organizer.login('org@example.test', kPassword);
    await staff.login('staff@example.test', kPassword);
  });

  // The attendee uses a phone-sized browser.
  const phone = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(phone);
  const desk = await newGuardedPage(browser, {viewport: {width: 1366, height: 900}});
  guarded.push(desk);
  const p = phone.page;

  await step('sign up in the browser; the name is an XSS probe', async () => {
    await p.goto(`${server.url}/account/register`);
    // A taken address: the API's error shows on the form.
    await p.getByLabel('Name').fill(`Ayu ${kXss}`);
    await p.getByLabel('Email').fill('org@example.test');
    await p.getByLabel('Password').fill(kPassword);
    await p.getByRole('button', {name: 'Create account'}).click();
    await p.locator('.field-error, .form-error', {hasText: 'already exists'}).first().waitFor();
    await p.goto(`${server.url}/account/register`);
    await p.getByLabel('Name').fill(`Ayu ${kXss}`);
    await p.getByLabel('Email').fill(attendeeEmail);
    await p.getByLabel('Password').fill(kPassword);
    await p.getByRole('button', {name: 'Create account'}).click();
    await p.getByRole('heading', {name: 'Check your email'}).waitFor();
  });

  await step('signing in before confirming says so next to the form', async () => {
    await p.goto(`${server.url}/account/login`);
    await p.getByLabel('Email').fill(attendeeEmail);
    await p.getByLabel('Password').fill(kPassword);
    await p.getByRole('button', {name: 'Sign in'}).click();
    await p.locator('.form-error', {hasText: 'confirm your email'}).waitFor();
  });

  await step('confirm through the link in the mail, then sign in', async () => {
    const mail = await server.waitForMail((m) => m.to.includes(attendeeEmail) && /\/account\/confirm/.test(m.text));
    const link = findLink(mail, '/account/confirm');
    assert.ok(link, 'the confirm mail carries a link');
    await p.goto(link);
    await p.getByText('Your email address is confirmed.').waitFor();
    await signInWithForm(p, server.url, {email: attendeeEmail, password: kPassword});
    await attendee.login(attendeeEmail, kPassword);
  });

  await step('profile: diet is saved', async () => {
    await p.goto(`${server.url}/account/profile`);
    await p.getByLabel(/^Name/).waitFor();
    assert.equal(await p.getByLabel(/^Name/).inputValue(), `Ayu ${kXss}`);
    await p.getByLabel('Diet', {exact: true}).selectOption('halal');
    await p.getByRole('button', {name: 'Save'}).first().click();
    await p.getByText('Profile saved.').waitFor();
    const me = await attendee.get('/me');
    assert.equal(me.diet, 'halal');
  });

  await step('an organizer publishes an event with a paid ticket type (through the API)', async () => {
    const start = new Date(Date.now() + 7 * 86400000);
    start.setUTCHours(2, 0, 0, 0);
    event = await organizer.post('/events', {
      title: `Jakarta Dev Day ${kXss}`, description: 'A day of talks.\nSecond line.', category: 'tech',
      venue: 'Balai Kartini', city: 'Jakarta', address: 'Jl. Gatot Subroto 37', online: false,
      starts_at: start.toISOString().replace(/\.\d+Z$/, 'Z'),
      ends_at: new Date(start.getTime() + 8 * 3600000).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    ticketType = await organizer.post(`/events/${event.id}/ticket-types`, {
      name: 'Regular', kind: 'paid', price: 150000, quota: 100, max_per_order: 4,
    });
    await organizer.post(`/events/${event.id}/ticket-types`, {name: 'Supporter', kind: 'pay_what_you_want', price: 50000, quota: 20});
    const submitted = await organizer.post(`/events/${event.id}/submit`, {});
    assert.equal(submitted.status, 'published');
  });

  await step('event list and event page show the event; the title probe stays text', async () => {
    await p.goto(`${server.url}/`);
    const link = p.getByRole('link', {name: `Jakarta Dev Day ${kXss}`});
    await link.waitFor();
    await link.click();
    await p.getByRole('heading', {level: 1, name: `Jakarta Dev Day ${kXss}`}).waitFor();
    await p.getByText('Rp 150.000').first().waitFor();
  });

  await step('buy a paid ticket; the order page shows amount, code, deadline and instructions', async () => {
    await p.getByRole('combobox', {name: 'Quantity'}).first().selectOption('1');
    await p.getByText('Total: Rp 150.000').waitFor();
    await p.getByRole('button', {name: 'Get tickets'}).click();
    await p.waitForURL(/\/account\/orders\/\d+$/);
    orderId = Number(new URL(p.url()).pathname.split('/').pop());
    const order = await attendee.get(`/orders/${orderId}`);
    assert.equal(order.status, 'pending');
    assert.equal(order.total, 150000);
    await p.getByRole('heading', {name: 'How to pay'}).waitFor();
    await p.locator('.copy-value', {hasText: order.code}).waitFor();
    await p.locator('.copy-value', {hasText: 'Rp 150.000'}).waitFor();
  });

  await step('upload a proof of payment (PNG)', async () => {
    const order = await attendee.get(`/orders/${orderId}`);
    const png = await receiptPng(browser, {amount: 'Rp 150.000', reference: order.code});
    await p.getByLabel(/Receipt/).setInputFiles({name: 'transfer.png', mimeType: 'image/png', buffer: png});
    await p.getByRole('button', {name: 'Upload proof'}).click();
    await p.getByText('Proof received.').waitFor();
    // The upload form folds away while the committee checks (issue 15): no second upload by mistake.
    assert.equal(await p.getByRole('button', {name: 'Upload proof'}).isVisible(), false);
    await p.locator('details.proof-again summary', {hasText: 'Upload another proof'}).waitFor();
    const after = await attendee.get(`/orders/${orderId}`);
    assert.equal(after.payment.proofs.length, 1);
  });

  await step('staff confirm the payment on the payment desk, with the proof beside the order', async () => {
    const d = desk.page;
    await signInWithForm(d, server.url, {email: 'staff@example.test', password: kPassword}, '/staff/payments');
    await d.locator('#lanyard\\.desk\\.event-select').selectOption(String(event.id));
    const order = await attendee.get(`/orders/${orderId}`);
    const row = d.locator('.desk-order-btn', {hasText: order.code});
    await row.waitFor();
    assert.ok((await row.textContent()).includes(`Ayu ${kXss}`), 'the buyer name shows as text');
    await row.click();
    await d.locator('.proof-img').waitFor();
    await d.waitForFunction(() => {
      const img = document.querySelector('.proof-img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await d.getByRole('button', {name: 'Confirm payment'}).click();
    await d.getByText(`Order ${order.code} is paid`).waitFor();
    const after = await attendee.get(`/orders/${orderId}`);
    assert.equal(after.status, 'paid');
    ticket = (await attendee.get('/tickets')).items.find((x) => x.order_id === orderId);
    assert.ok(ticket, 'a ticket was issued');
  });

  await step('pay what you want: an amount below the minimum is refused beside the field; staff reject a proof with a reason the buyer sees', async () => {
    await p.goto(`${server.url}/events/${event.id}`);
    const supporter = p.locator('.ticket-type', {hasText: 'Supporter'});
    await supporter.getByRole('combobox', {name: 'Quantity'}).selectOption('1');
    await supporter.getByLabel('Your amount').fill('20000');
    await p.getByRole('button', {name: 'Get tickets'}).click();
    await supporter.locator('.field-error', {hasText: 'At least Rp 50.000'}).waitFor();
    await supporter.getByLabel('Your amount').fill('75.000');
    await p.getByText('Total: Rp 75.000').waitFor();
    await p.getByRole('button', {name: 'Get tickets'}).click();
    await p.waitForURL(/\/account\/orders\/\d+$/);
    const id = Number(new URL(p.url()).pathname.split('/').pop());
    const order = await attendee.get(`/orders/${id}`);
    assert.equal(order.total, 75000, 'the named amount is the price');
    await p.getByLabel(/Receipt/).setInputFiles({name: 'transfer.png', mimeType: 'image/png',
      buffer: await receiptPng(browser, {amount: 'Rp 7.500', reference: order.code})});
    await p.getByRole('button', {name: 'Upload proof'}).click();
    await p.getByText('Proof received.').waitFor();

    const d = desk.page;
    await d.goto(`${server.url}/staff/payments?event=${event.id}`);
    await d.getByLabel('Order code or name').fill(order.code);
    await d.getByRole('button', {name: 'Search'}).click();
    await d.locator('.desk-order-btn', {hasText: order.code}).click();
    await d.getByLabel('Reason').fill('The receipt shows Rp 7.500, not Rp 75.000.');
    await d.getByRole('button', {name: 'Reject'}).click();
    await d.getByText(`The proof for ${order.code} was rejected`).waitFor();

    await p.reload();
    await p.locator('.notice', {hasText: 'The receipt shows Rp 7.500, not Rp 75.000.'}).waitFor();
    await p.getByRole('heading', {name: 'How to pay'}).waitFor();
  });

  await step('the attendee ticket page shows a large, loaded QR and the holder name as text', async () => {
    await p.goto(`${server.url}/account/tickets`);
    await p.getByRole('link', {name: 'Show QR code'}).first().click();
    await p.waitForURL(/\/account\/tickets\/\d+$/);
    await p.waitForFunction(() => {
      const img = document.querySelector('img.qr');
      return img && img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:');
    });
    const box = await p.locator('img.qr').boundingBox();
    assert.ok(box.width >= 300, `QR is at least 300 px wide on a phone (is ${box.width})`);
    await p.locator('.holder-name', {hasText: `Ayu ${kXss}`}).waitFor();
  });

  await step('the door scanner admits the typed code once and refuses it the second time', async () => {
    const d = desk.page;
    const full = await attendee.get(`/tickets/${ticket.id}`);
    await d.goto(`${server.url}/staff/scan?event=${event.id}`);
    await d.locator('.scan-count', {hasText: 'Checked in: 0 of 1'}).waitFor();
    const input = d.getByLabel('Ticket code');
    await input.fill(full.code);
    await input.press('Enter');
    const ok = d.locator('.scan-result.scan-ok');
    await ok.waitFor();
    assert.ok((await ok.textContent()).includes(`Ayu ${kXss}`), 'the holder name shows');
    assert.ok((await ok.textContent()).includes('Regular'), 'the ticket type shows');
    await d.locator('.scan-count', {hasText: 'Checked in: 1 of 1'}).waitFor();
    // A second Enter with the same code within 1.5 s is one scan (a bouncing scanner or a
    // double press): the volunteer scans the ticket again a moment later.
    await d.waitForTimeout(1600);
    await input.fill(full.code);
    await input.press('Enter');
    const refused = d.locator('.scan-result.scan-refused');
    await refused.waitFor();
    const text = await refused.textContent();
    assert.match(text, /already checked in/);
    assert.match(text, /First scanned/);
  });

  await step('without a secure context (plain HTTP on a LAN address) the scanner explains --tls auto', async () => {
    const page = await desk.context.newPage();
    // A LAN address over http:// is not a secure context; 127.0.0.1 is, so pretend.
    await page.addInitScript(() => Object.defineProperty(window, 'isSecureContext', {get: () => false}));
    await page.goto(`${server.url}/staff/scan?event=${event.id}`);
    await page.locator('.notice', {hasText: 'lanyard serve --tls auto'}).waitFor();
    // Typed codes still work there.
    await page.getByLabel('Ticket code').waitFor();
    await page.close();
  });

  await step('the organizer dashboard draws the sales and check-in charts', async () => {
    const d = desk.page;
    await d.evaluate(() => localStorage.clear());
    await signInWithForm(d, server.url, {email: 'org@example.test', password: kPassword}, `/admin?event=${event.id}`);
    await d.locator('svg.chart rect.bar').first().waitFor();
    await d.locator('.tile-value', {hasText: 'Rp 150.000'}).waitFor();
  });

  await step('the language switch shows Bahasa Indonesia and is remembered', async () => {
    await p.goto(`${server.url}/`);
    await p.locator('#lang-switch').selectOption('id');
    await p.getByRole('heading', {name: 'Acara mendatang'}).waitFor();
    await p.goto(`${server.url}/account/orders`);
    await p.getByRole('heading', {name: 'Pesanan saya'}).waitFor();
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
  });

  await step('a rejected access token is refreshed once; a dead session leads to sign-in', async () => {
    await p.evaluate(() => localStorage.setItem('lanyard.access', 'not-a-token'));
    await p.goto(`${server.url}/account/orders`);
    await p.getByRole('heading', {name: 'My orders'}).waitFor();
    await p.getByRole('link', {name: /Jakarta Dev Day/}).first().waitFor();
    assert.notEqual(await p.evaluate(() => localStorage.getItem('lanyard.access')), 'not-a-token', 'a new access token was stored');
    await p.evaluate(() => {
      localStorage.setItem('lanyard.access', 'not-a-token');
      localStorage.setItem('lanyard.refresh', 'not-a-refresh-token');
    });
    await p.goto(`${server.url}/account/orders`);
    await p.waitForURL(/\/account\/login\?next=%2Faccount%2Forders/);
  });

  await step('reset the password with the 6-digit code from the mail', async () => {
    await p.goto(`${server.url}/account/forgot`);
    await p.getByLabel('Email').fill(attendeeEmail);
    await p.getByRole('button', {name: 'Send reset mail'}).click();
    const mail = await server.waitForMail((m) => m.to.includes(attendeeEmail) && /\/account\/reset/.test(m.text));
    const code = /\b(\d{6})\b/.exec(mail.text)[1];
    await p.getByLabel('6-digit code').fill(code);
    await p.getByLabel('New password').fill('a brand new passphrase');
    await p.getByRole('button', {name: 'Set new password'}).click();
    await p.getByText('Your password was changed').waitFor();
    await attendee.login(attendeeEmail, 'a brand new passphrase');
  });

  await t.test('no request left 127.0.0.1, no dialog opened, no page error', () => {
    for (const g of guarded) {
      assert.deepEqual(g.report.remote, [], 'requests to other hosts');
      assert.deepEqual(g.report.dialogs, [], 'dialogs (an XSS probe fired?)');
      assert.deepEqual(g.report.errors, [], 'uncaught page errors');
    }
  });
});

test('the first-run setup link creates the first admin in the browser', {skip: reason || false, timeout: 120000}, async (t) => {
  const server = await startServer();
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  const link = server.setupLink();
  assert.ok(link, `the server printed a setup link:\n${server.output()}`);
  const g = await newGuardedPage(browser);
  const p = g.page;
  try {
    await p.goto(link);
    await p.getByLabel(/^Name/).fill('Committee Chair');
    await p.getByLabel('Email').fill('chair@example.test');
    await p.getByLabel(/^Password/).fill(kPassword);
    await p.getByLabel('Repeat the password').fill(kPassword);
    await p.getByRole('button', {name: 'Create administrator'}).click();
    await p.waitForURL(/\/admin$/);
    await p.getByRole('heading', {name: 'Dashboard'}).waitFor();
    const me = await new Api(server.url).login('chair@example.test', kPassword);
    assert.equal(me.user.role, 'admin');
  } catch (err) {
    await explainFailure('setup', [g]);
    throw err;
  }
  assert.deepEqual(g.report.remote, []);
  assert.deepEqual(g.report.errors, []);
});
