// The door's "Checked in: N of M" follows a sync at once (tester, session 7: it said 8 of 12
// after a sync when the server had 10, until the next 20 s poll). Two admissions offline; the
// network returns; the sync round that uploads them refreshes the counter. The upload is held
// until the test lets it through, so the order is explicit: before it the counter is the old
// figure, after it the new one (well before the poll could come round).

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, explainFailure, signInWithForm} from './lib/browser.mjs';
import {kTestPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner} from './lib/door.mjs';

test('the door counter shows the synced admissions as soon as the sync round ends', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const server = await startServer();
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  });
  const {admin, event} = await adminWithEvent(server, 'door@example.test', 'Counter Night');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', price: 0, quota: 10});
  await admin.post(`/events/${event.id}/submit`, {});
  const orders = [];
  for (let i = 0; i < 3; i++) orders.push(await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]}));
  const tickets = (await admin.get('/tickets', {})).items;
  const code = (k) => tickets.find((x) => x.order_id === orders[k].id).code;

  browser = await launchBrowser();
  const {g, p, context, scan, dismiss} = await scannerPhone(browser, {width: 390, height: 844});
  try {
    await signInWithForm(p, server.url, {email: 'door@example.test', password: kTestPassword}, '/staff/scan');
    await p.waitForURL(/\/staff\/scan/);
    await installedScanner(p);
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor();
    await p.locator('.scan-count', {hasText: 'Checked in: 0 of 3'}).waitFor();

    await context.setOffline(true);
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    for (const k of [0, 1]) {
      await scan(code(k));
      await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
      await dismiss();
    }
    await p.locator('#door-queue', {hasText: '2 scans waiting to sync'}).waitFor();
    // The big counter counts them at once, apart from the server's figure.
    await p.locator('.scan-count', {hasText: 'Checked in: 0 of 3 · +2 not synced yet'}).waitFor();

    // The upload waits for the test; the counter is still the figure from before the outage.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let uploadSeen;
    const uploading = new Promise((resolve) => { uploadSeen = resolve; });
    await p.route('**/api/v1/checkin/batch', async (route) => {
      uploadSeen();
      await held;
      await route.continue();
    });
    await context.setOffline(false);
    await uploading;
    assert.match(await p.locator('.scan-count').textContent(), /Checked in: 0 of 3/);
    release();
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor();
    // Brought by the end of the sync round (scanner.js onRoundDone), not by the 20 s poll.
    await p.locator('.scan-count', {hasText: 'Checked in: 2 of 3'}).waitFor();
    assert.doesNotMatch(await p.locator('.scan-count').textContent(), /not synced/);
    await p.unroute('**/api/v1/checkin/batch');
    assert.ok(g.report.errors.length === 0, g.report.errors.join('\n'));
  } catch (err) {
    await explainFailure('door counter after sync', [g]);
    throw err;
  }
});
