// The README's screenshots, taken on the data of `lanyard demo` so they show what an organizer
// would see (the XSS probes stay in pages.test.mjs, which checks them). Each step asserts what
// its picture shows; the PNGs are written to docs/screenshots only with LANYARD_SCREENSHOTS=1.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {fillWithDemo, demoLogins} from './lib/server.mjs';
import {newGuardedPage, screenshot, signInWithForm} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';

const reason = skipReason();

test('README screenshots on the demo data', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t, {prepare: fillWithDemo});

  const rani = new Api(server.url);
  await rani.login(demoLogins.rani.email, demoLogins.rani.password);
  const tickets = (await rani.get('/tickets')).items;
  const eventId = tickets[0].event_id;
  const desk = await newGuardedPage(browser, {viewport: {width: 1366, height: 900}});
  const phone = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(desk, phone);
  const d = desk.page;
  const p = phone.page;

  await step('payment desk: Citra\'s transfer proof beside her order', async () => {
    await signInWithForm(d, server.url, demoLogins.staff, `/staff/payments?event=${eventId}`);
    await d.locator('#lanyard\\.desk\\.event-select').selectOption(String(eventId));
    const row = d.locator('.desk-order-btn', {hasText: demoLogins.citra.name});
    await row.waitFor();
    await row.click();
    await d.waitForFunction(() => {
      const img = document.querySelector('.proof-img');
      return img && img.complete && img.naturalWidth > 0;
    });
    await screenshot(d, 'payment-desk');
  });

  await step('attendee ticket: Rani\'s QR on a phone', async () => {
    await signInWithForm(p, server.url, demoLogins.rani, '/account/tickets');
    await p.getByRole('link', {name: 'Show QR code'}).first().click();
    await p.waitForURL(/\/account\/tickets\/\d+$/);
    await p.waitForFunction(() => {
      const img = document.querySelector('img.qr');
      return img && img.complete && img.naturalWidth > 0;
    });
    await p.locator('.holder-name', {hasText: demoLogins.rani.name}).waitFor();
    await screenshot(p, 'attendee-ticket');
  });

  await step('door scanner: Rani\'s second ticket is admitted, then refused', async () => {
    const open = tickets.find((x) => !x.checked_in_at);
    assert.ok(open, 'the demo leaves one of Rani\'s tickets unscanned');
    const {code} = await rani.get(`/tickets/${open.id}`);
    await d.goto(`${server.url}/staff/scan?event=${eventId}`);
    const input = d.getByLabel('Ticket code');
    await input.fill(code);
    await input.press('Enter');
    const ok = d.locator('.scan-result.scan-ok');
    await ok.waitFor();
    assert.ok((await ok.textContent()).includes(demoLogins.rani.name), 'the holder name shows');
    await screenshot(d, 'scanner-admitted');
    // A second Enter with the same code within 1.5 s is one scan (a bouncing scanner or a
    // double press): the volunteer scans the ticket again a moment later.
    await d.waitForTimeout(1600);
    await input.fill(code);
    await input.press('Enter');
    await d.locator('.scan-result.scan-refused', {hasText: 'already checked in'}).waitFor();
    await screenshot(d, 'scanner-refused');
  });

  await step('organizer dashboard: sales and check-ins of the demo event', async () => {
    await d.evaluate(() => localStorage.clear());
    await signInWithForm(d, server.url, demoLogins.organizer, `/admin?event=${eventId}`);
    await d.locator('svg.chart rect.bar').first().waitFor();
    await d.locator('.tile-value').first().waitFor();
    assert.deepEqual([...desk.report.errors, ...phone.report.errors], [], 'no script errors');
    assert.deepEqual([...desk.report.dialogs, ...phone.report.dialogs], [], 'no dialogs');
    await screenshot(d, 'dashboard');
  });
});
