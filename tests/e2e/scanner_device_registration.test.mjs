// A phone becomes a scanner device only when it is used (phone test, session 8): merely opening
// /staff/scan used to register it (the page's first sync round posted an empty batch, the
// device's heartbeat), so a staff member who only looked left a device row on /admin. Now the
// page only reads until the phone admits someone (or is given a name); then it reports in.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, explainFailure, signInWithForm} from './lib/browser.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner} from './lib/door.mjs';

// Reads the server's device list until `check` holds (the page reports in on its own, right
// after the action; the loop only waits for that request to land).
async function devicesWhen(admin, check, what) {
  for (let i = 0; i < 200; i++) {
    const items = (await admin.get('/checkin/devices')).items;
    if (check(items)) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`never: ${what}`);
}

test('opening the scanner registers no device; the first admission and naming the phone do', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const server = await startServer();
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  });
  const {admin, event} = await adminWithEvent(server, 'look@example.test', 'Look Only');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', quota: 10});
  await admin.post(`/events/${event.id}/submit`, {});
  const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
  const ticket = (await admin.get('/tickets', {})).items.find((x) => x.order_id === order.id);

  browser = await launchBrowser();
  const looker = await scannerPhone(browser);
  const batches = [];
  looker.p.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/checkin/batch')) batches.push(r.url()); });
  try {
    await signInWithForm(looker.p, server.url, {email: 'look@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await looker.p.waitForURL(/\/staff\/scan/);
    await installedScanner(looker.p);
    // "Online" shows once a whole sync round (keys, lists, queue upload, door reports) finished:
    // before the reload and after it, the page had nothing to send.
    assert.deepEqual(batches, [], 'no heartbeat from a phone that only looked');
    assert.deepEqual((await admin.get('/checkin/devices')).items, [], 'no device row');

    // The first admission: the phone reports in.
    await looker.scan(ticket.code);
    await looker.p.locator('.scan-result.scan-ok').waitFor();
    const devices = await devicesWhen(admin, (items) => items.length === 1, 'the scanning phone reports in');
    const own = await looker.p.evaluate(() => new Promise((resolve, reject) => {
      const req = indexedDB.open('lanyard-scanner');
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').get('device_id');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      };
      req.onerror = () => reject(req.error);
    }));
    assert.equal(devices[0].device_id, own);
    // At the door it is set to: the event's organizer sees it (its heartbeat names the event).
    assert.equal(devices[0].event_id, event.id);
    assert.ok(batches.length >= 1);
  } catch (err) {
    await explainFailure('scanner device registration (scan)', [looker.g]);
    throw err;
  }

  // A second phone is only named (the explicit action): it reports in under that name.
  const namer = await scannerPhone(browser);
  try {
    await signInWithForm(namer.p, server.url, {email: 'look@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await namer.p.waitForURL(/\/staff\/scan/);
    await installedScanner(namer.p);
    assert.equal((await admin.get('/checkin/devices')).items.length, 1, 'the second phone only looked so far');
    await namer.p.locator('.door-device summary').click();
    await namer.p.locator('#door-device-label').fill('Door B');
    await namer.p.locator('#door-device-label').press('Tab');
    const named = await devicesWhen(admin, (items) => items.some((d) => d.label === 'Door B'), 'the named phone reports in');
    assert.equal(named.length, 2);
  } catch (err) {
    await explainFailure('scanner device registration (name)', [namer.g]);
    throw err;
  }
});
