// Undo of an admission made offline (issue 18, session 6 major 2): a person turned back must be
// able to come in later. A queued scan's Undo removes it from the queue and from the phone's
// admitted list (the same code is let in again, offline); a synced one is undone on the server
// with the check-in time the server recorded, and a check-in changed since answers "changed
// since" as online. Also the order-code chooser on a 390×844 phone: in view, its heading
// focused, and a Cancel button; an unnamed phone's hint to name it.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {explainFailure, screenshot, signInWithForm} from './lib/browser.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner, queuedScans} from './lib/door.mjs';

const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const queuedNonces = async (p) => (await queuedScans(p)).map((s) => s.nonce);

test('admissions made offline can be undone, queued or synced', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser} = await startBrowserTest(t);
  const {admin, event} = await adminWithEvent(server, 'undo@example.test', 'Undo Night');
  await admin.patch(`/events/${event.id}`, {holder_details: 'optional'});
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Regular', kind: 'free', price: 0, quota: 20, max_per_order: 4});
  await admin.post(`/events/${event.id}/submit`, {});
  const buy = async (names) => {
    const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: names.length}],
      holders: names.map((name) => ({name}))});
    assert.equal(order.status, 'paid');
    return order;
  };
  const family = await buy(['Oki Pratama', 'Putu Ayu', 'Rudi Hartono']);
  await buy(['Lina Marlina']);
  await buy(['Maya Sari']);
  await buy(['Nico Hartono']);
  const all = (await admin.get('/tickets', {limit: 100})).items;
  const ticket = (name) => all.find((x) => x.holder_name === name);
  const lina = ticket('Lina Marlina');
  const maya = ticket('Maya Sari');
  const nico = ticket('Nico Hartono');
  const oki = ticket('Oki Pratama');

  const {g, p, context, scan, dismiss} = await scannerPhone(browser, {width: 390, height: 844});
  const row = (name) => p.locator('.recent-scans li', {hasText: name});
  const undoOf = (name) => row(name).first().getByRole('button', {name: 'Undo'});
  try {
    await signInWithForm(p, server.url, {email: 'undo@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await p.waitForURL(/\/staff\/scan/);
    await installedScanner(p);

    // A phone with no name says how the lists show it, and where to name it.
    const hint = p.locator('#door-name-hint');
    assert.match(await hint.textContent(), /This phone has no name yet: the lists show it as Phone [0-9a-f]{6}\./);
    await p.locator('.door-device summary').click();
    await p.getByLabel('Name of this phone (shown on /admin)').fill('Gate 2');
    await p.getByLabel('Name of this phone (shown on /admin)').press('Tab');
    await hint.waitFor({state: 'detached'});

    // The order-code chooser: in view on a phone, its heading focused, and it can be cancelled.
    await scan(family.code.toLowerCase());
    const chooser = p.locator('#scan-choose');
    await chooser.waitFor();
    const heading = chooser.locator('h2');
    const box = await heading.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 844, `the chooser's heading is in view (y ${box.y})`);
    assert.equal(await p.evaluate(() => document.activeElement && document.activeElement.id), 'scan-choose-title');
    // Cancel beside the heading: visible without scrolling, however many tickets the order has.
    const cancelBox = await chooser.getByRole('button', {name: 'Cancel'}).boundingBox();
    assert.ok(cancelBox.y >= 0 && cancelBox.y + cancelBox.height <= 844, `Cancel is in view (y ${cancelBox.y})`);
    assert.ok(cancelBox.y < box.y + box.height, `Cancel is beside the heading (y ${cancelBox.y}, heading ${box.y})`);
    await screenshot(p, 'scanner-order-chooser-in-view');
    await chooser.getByRole('button', {name: 'Cancel'}).click();
    await chooser.waitFor({state: 'hidden'});
    assert.equal(await p.evaluate(() => document.activeElement.id), 'scan-code');

    // Offline: Lina let in, then turned back: Undo of the queued scan.
    await context.setOffline(true);
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    await scan(lina.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    assert.equal((await queuedNonces(p)).length, 1);
    await undoOf('Lina Marlina').click();
    await row('Lina Marlina').first().locator('.scan-undone').waitFor();
    assert.deepEqual(await queuedNonces(p), [], 'the undone scan left the queue');
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor();
    // Maya and Nico let in offline too.
    await scan(maya.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    // Lina comes back later: the phone lets her in again (it forgot the undone admission).
    // (Another code was scanned in between: the same code typed twice in a row within 1.5 s
    // counts as one scan, a double Enter.)
    await scan(lina.code);
    const again = p.locator('.scan-result.scan-ok.scan-offline');
    await again.waitFor();
    assert.match(await again.textContent(), /Lina Marlina/);
    await dismiss();
    await scan(nico.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    // Oki let in here too; another phone ("Door B") admits him LATER and syncs first.
    await scan(oki.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    await p.locator('#door-queue', {hasText: '4 scans waiting to sync'}).waitFor();
    const okiHere = (await queuedScans(p)).find((q) => q.code === oki.code).scanned_at;
    // Door B's scan is in a later second than this phone's (scan times have whole seconds).
    while (Date.now() < Date.parse(okiHere) + 1000) await new Promise((resolve) => setTimeout(resolve, 50));
    const doorB = await admin.post('/checkin/batch', {device_id: 'dev-door-b-0002', label: 'Door B',
      scans: [{nonce: 'nonce-undo-door-b-000001', code: oki.code, event_id: event.id, scanned_at: iso(new Date())}]});
    assert.equal(doorB.results[0].result, 'ok');

    // The network returns: the scans sync.
    await context.setOffline(false);
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    // Oki: this phone admitted him first, so its row stays green and names the later admission,
    // as the lists (and his check-in time) say.
    const okiRow = row('Oki Pratama').first();
    await okiRow.locator('xpath=self::li[contains(@class, "ok")]').waitFor();
    assert.match(await okiRow.textContent(), /Admitted here first; admitted again at .+ by Door B/);
    assert.equal((await admin.get(`/tickets/${oki.id}`)).checked_in_at, okiHere);
    const okiDupes = (await admin.get(`/events/${event.id}/offline-duplicates`)).items;
    assert.equal(okiDupes[0].first.scanned_at, okiHere);
    // The page in Indonesian draws the same rows in Indonesian (codes are kept, not sentences).
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.reload();
    await row('Oki Pratama').first().filter({hasText: 'Masuk di sini lebih dulu'}).waitFor();
    // The installable scanner is named in the page's language and has PNG icons for Android.
    const manifestOf = () => p.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const m = await (await fetch(href)).json();
      const pngs = [];
      for (const icon of m.icons.filter((i) => i.type === 'image/png')) {
        const res = await fetch(icon.src);
        pngs.push(`${icon.sizes} ${res.status} ${res.headers.get('Content-Type')}`);
      }
      return {name: m.name, lang: m.lang, pngs};
    });
    assert.deepEqual(await manifestOf(), {name: 'Pemindai pintu Lanyard', lang: 'id',
      pngs: ['192x192 200 image/png', '512x512 200 image/png']});
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
    await p.reload();
    await row('Oki Pratama').first().filter({hasText: 'Admitted here first'}).waitFor();
    assert.equal((await manifestOf()).name, 'Lanyard door scanner');
    const linaIn = (await admin.get(`/tickets/${lina.id}`)).checked_in_at;
    assert.ok(linaIn, 'Lina is in, once');
    const linaLog = (await admin.get(`/events/${event.id}/checkins`, {limit: 100})).items.filter((s) => s.ticket_id === lina.id);
    assert.deepEqual(linaLog.map((s) => s.result), ['ok'], 'the undone scan never reached the server');

    // Maya turned back after the sync: the same Undo as online, with the server's check-in time.
    const mayaIn = (await admin.get(`/tickets/${maya.id}`)).checked_in_at;
    assert.ok(mayaIn);
    await undoOf('Maya Sari').click();
    await row('Maya Sari').first().locator('.scan-undone').waitFor();
    assert.equal((await admin.get(`/tickets/${maya.id}`)).checked_in_at, null, 'Maya is out on the server');

    // Nico's check-in changed on the server since the sync (undone, then checked in again at the
    // desk): the phone's Undo names the old check-in and is refused as online.
    const nicoIn = (await admin.get(`/tickets/${nico.id}`)).checked_in_at;
    await admin.req('DELETE', `/checkins/${nico.id}?checked_in_at=${encodeURIComponent(nicoIn)}`);
    const desk = await admin.post('/checkin', {code: nico.code, event_id: event.id});
    assert.equal(desk.result, 'ok');
    await undoOf('Nico Hartono').click();
    await row('Nico Hartono').first().locator('.scan-changed').waitFor();
    assert.equal((await admin.get(`/tickets/${nico.id}`)).checked_in_at, desk.checked_in_at, 'the newer check-in stays');
    await screenshot(p, 'scanner-offline-undo');

    // Offline again: Maya, undone on the server, is let in by the phone; Nico is refused (the
    // phone knows he is in). (Nico's code was the last one scanned: typed again within 1.5 s it
    // would count as a double Enter, so Maya comes first.)
    await context.setOffline(true);
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    await scan(maya.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    await scan(nico.code);
    await p.locator('.scan-result.scan-refused.scan-offline').waitFor();
    await dismiss();
    // Reloaded: the rows keep their marks.
    await p.reload();
    await row('Lina Marlina').last().locator('.scan-undone').waitFor();
    await row('Nico Hartono').locator('.scan-changed').waitFor();
    assert.equal(await row('Maya Sari').locator('.scan-undone').count(), 1);
  } catch (err) {
    await explainFailure('offline undo', [g]);
    throw err;
  }
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});
