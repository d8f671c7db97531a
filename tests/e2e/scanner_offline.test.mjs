// Door scanning through a network outage (issue 18): the scanner loads once online (service
// worker, keys, revocation list), the browser context goes offline, three codes are scanned —
// a genuine one, a forged one and one whose order was refunded before the outage — and answered
// by signature; the page reloads while still offline and keeps working; the network returns,
// the queue syncs, and the server shows the ticket admitted at the moment of the offline scan.
// A ticket refunded during the outage is let in by the phone (it cannot know) and, after the
// sync, listed for the door team as "let in offline, refused at sync".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {skipReason, kSourceDir} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, screenshot, signInWithForm} from './lib/browser.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner} from './lib/door.mjs';

const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');

// Every module the service worker keeps must list the modules it imports statically, or the
// scanner cannot start offline: read the import graph from the sources.
test('the service worker keeps every module the scanner imports', async () => {
  const js = path.join(kSourceDir, 'assets', 'web', 'js');
  const sw = await readFile(path.join(js, 'scanner', 'sw.js'), 'utf8');
  const kept = new Set([...sw.matchAll(/'(\/assets\/js\/[^']+)'/g)].map((m) => m[1]));
  const seen = new Set();
  const walk = async (url) => {
    if (seen.has(url)) return;
    seen.add(url);
    assert.ok(kept.has(url), `${url} is missing from the service worker's list`);
    const text = await readFile(path.join(js, url.slice('/assets/js/'.length)), 'utf8');
    for (const m of text.matchAll(/^import [^;]*? from '([^']+)';/gm)) {
      await walk(new URL(m[1], `http://x${url}`).pathname);
    }
  };
  await walk('/assets/js/app.js');
  await walk('/assets/js/pages/scanner.js');
});

test('the door keeps scanning offline and syncs when the network returns', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const server = await startServer();
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  });

  const {admin, event} = await adminWithEvent(server, 'door@example.test', 'Outage Night');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', price: 0, quota: 50});
  await admin.post(`/events/${event.id}/submit`, {});
  const buy = async () => {
    const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
    assert.equal(order.status, 'paid');
    return order;
  };
  const genuineOrder = await buy();
  const revokedOrder = await buy();
  const onlineOrder = await buy();
  const lateOrder = await buy();
  const tickets = (await admin.get('/tickets', {})).items;
  const genuine = tickets.find((x) => x.order_id === genuineOrder.id);
  const revoked = tickets.find((x) => x.order_id === revokedOrder.id);
  const online = tickets.find((x) => x.order_id === onlineOrder.id);
  const late = tickets.find((x) => x.order_id === lateOrder.id);
  assert.ok(genuine && genuine.code && revoked && revoked.code);
  // A forged code: the genuine one with a character of its signature changed.
  const at = genuine.code.length - 5;
  const forged = genuine.code.slice(0, at) + (genuine.code[at] === 'A' ? 'B' : 'A') + genuine.code.slice(at + 1);

  browser = await launchBrowser();
  const {g, p, context, scan, dismiss} = await scannerPhone(browser);
  let offlineFrom = '';
  let offlineTo = '';
  try {
    // No ?event=: the only event is picked by itself, and that choice must survive offline.
    await signInWithForm(p, server.url, {email: 'door@example.test', password: kPassword}, '/staff/scan');
    await p.waitForURL(/\/staff\/scan/);
    await p.waitForFunction((id) => { const box = document.querySelector('#scan-event'); return !!box && box.value === String(id); }, event.id);
    // Refunded while the network is still up: the revocation list carries it.
    await admin.post(`/orders/${revokedOrder.id}/refund`, {reason: 'Changed plans'});
    await installedScanner(p);
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor();
    await p.waitForFunction(() => new Promise((resolve) => {
      const req = indexedDB.open('lanyard-scanner');
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').getAllKeys();
        get.onsuccess = () => resolve(get.result.some((k) => String(k).startsWith('names:')));
      };
      req.onerror = () => resolve(false);
    }));

    // Online, a double Enter with the same typed code is one scan: the green answer stays.
    await scan(online.code);
    await p.locator('.scan-result.scan-ok').waitFor();
    await scan(online.code);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(await p.locator('.scan-result.scan-refused').count(), 0, 'the second Enter did not turn the answer red');
    await dismiss();

    // The phone gets a name for /admin.
    await p.locator('.door-device summary').click();
    await p.getByLabel('Name of this phone (shown on /admin)').fill('Door A');
    await p.getByLabel('Name of this phone (shown on /admin)').press('Tab');

    // The outage.
    await context.setOffline(true);
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    offlineFrom = iso(new Date(Date.now() - 1000));
    await scan(genuine.code);
    const ok = p.locator('.scan-result.scan-ok.scan-offline');
    await ok.waitFor();
    assert.match(await ok.textContent(), /Offline — checked by signature/);
    assert.match(await ok.textContent(), new RegExp(`Ticket #${genuine.id}`));
    assert.ok((await ok.textContent()).includes(genuine.holder_name), 'the holder name, opened with the code');
    await screenshot(p, 'scanner-offline-answer');
    await dismiss();
    const queueText = await p.locator('#door-queue').textContent();
    assert.match(queueText, /^1 scan waiting to sync/, `singular: ${queueText}`);

    // A typed reference of no ticket on this phone's list: refused, and not "checked by
    // signature" (typed references: tests/e2e/scanner_offline_typed.test.mjs).
    await scan('K7QX2M9A-2');
    const notOnPhone = p.locator('.scan-result.scan-refused.scan-offline');
    await notOnPhone.waitFor();
    assert.match(await notOnPhone.textContent(), /Not on this phone's list/);
    assert.doesNotMatch(await notOnPhone.textContent(), /Offline — checked by signature/);
    assert.match(await notOnPhone.textContent(), /typed reference, not checked by signature/);
    await dismiss();
    offlineTo = iso(new Date(Date.now() + 1000));

    await scan(forged);
    const refusedForged = p.locator('.scan-result.scan-refused.scan-offline');
    await refusedForged.waitFor();
    assert.match(await refusedForged.textContent(), /Not a valid ticket code/);
    await dismiss();

    await scan(revoked.code);
    const refusedVoid = p.locator('.scan-result.scan-refused.scan-offline');
    await refusedVoid.waitFor();
    assert.match(await refusedVoid.textContent(), /void/);
    // The refunded holder is named (void tickets' names are on the phone too, sealed per code).
    assert.ok(revoked.holder_name && (await refusedVoid.textContent()).includes(revoked.holder_name), await refusedVoid.textContent());
    await dismiss();

    // Refunded during the outage: the phone cannot know, and lets the holder in.
    await admin.post(`/orders/${lateOrder.id}/refund`, {reason: 'Refunded at the desk'});
    await scan(late.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    await p.locator('#door-queue', {hasText: '5 scans waiting to sync'}).waitFor();

    // Reload with no network: the service worker serves the page, IndexedDB kept the rest.
    await p.reload();
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    await p.locator('#door-queue', {hasText: '5 scans waiting to sync'}).waitFor();
    // The Event box kept the automatic choice and its title; Recent scans came back.
    assert.match(await p.locator('#scan-event option:checked').textContent(), /Outage Night/);
    assert.equal(await p.locator('.recent-scans li').count(), 6, 'online + 5 offline answers kept across the reload');
    // The revocation list is still checked after the offline reload (the refunded ticket).
    await scan(revoked.code);
    const voidAgain = p.locator('.scan-result.scan-refused.scan-offline');
    await voidAgain.waitFor();
    assert.match(await voidAgain.textContent(), /void/);
    await dismiss();
    await scan(genuine.code);
    const again = p.locator('.scan-result.scan-refused.scan-offline');
    await again.waitFor();
    assert.match(await again.textContent(), /already checked in/);
    await dismiss();
    // "Any event" chosen by hand: the kept revocation list of the code's event still decides.
    await p.locator('#scan-event').selectOption('');
    await scan(online.code);
    const anyEvent = p.locator('.scan-result.scan-refused.scan-offline');
    await anyEvent.waitFor();
    assert.match(await anyEvent.textContent(), /already checked in/);
    await dismiss();
    await p.locator('#scan-event').selectOption(String(event.id));
    await p.locator('#door-queue', {hasText: '8 scans waiting to sync'}).waitFor();

    // Nothing reached the server during the outage.
    assert.equal((await admin.get(`/tickets/${genuine.id}`)).checked_in_at, null);
    await new Promise((resolve) => setTimeout(resolve, 2000));

    // The network returns but the server does not answer the upload: not "Offline".
    await p.route('**/api/v1/checkin/batch', (route) => route.abort());
    await context.setOffline(false);
    await p.locator('#door-network', {hasText: 'Server not answering'}).waitFor({timeout: 20000});
    // Meanwhile the sign-in is gone: the retry (5 s) asks to sign in again, the queue is kept.
    await p.evaluate(() => { localStorage.removeItem('lanyard.access'); localStorage.removeItem('lanyard.refresh'); });
    await p.unroute('**/api/v1/checkin/batch');
    await p.locator('#door-signed-out').waitFor({timeout: 15000});
    assert.match(await p.locator('#door-queue').textContent(), /8 scans waiting to sync/);
    await p.locator('#door-signed-out a').click();
    await p.getByLabel('Email').fill('door@example.test');
    await p.getByLabel('Password').fill(kPassword);
    await p.getByRole('button', {name: 'Sign in'}).click();
    await p.waitForURL(/\/staff\/scan/);
    await p.locator('#door-network', {hasText: 'Online'}).waitFor({timeout: 20000});
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    // The admission of the ticket refunded during the outage: listed for the door team, and
    // red in this phone's Recent scans.
    const refusedList = p.locator('#door-refused');
    await refusedList.locator('li', {hasText: 'void'}).waitFor({timeout: 20000});
    assert.match(await refusedList.textContent(), /Let in offline, refused at sync/);
    assert.match(await refusedList.textContent(), /let in by .* on Door A \(this phone\) at /);
    assert.equal(await refusedList.locator('li').count(), 1, 'only the admission the server refused');
    assert.equal(await p.locator('.recent-scans li.refused', {hasText: 'the server refused it'}).count(), 1);
    await screenshot(p, 'scanner-offline-synced');
    await refusedList.scrollIntoViewIfNeeded();
    await screenshot(p, 'scanner-offline-refused-at-sync');

    // /admin shows each scanner's last sync.
    await p.goto(`${server.url}/admin?event=${event.id}`);
    const devicesSection = p.locator('#scanner-devices');
    await devicesSection.locator('.scanner-device', {hasText: 'Door A'}).waitFor();
    assert.match(await devicesSection.locator('.device-last-sync').first().textContent(), /Last sync/);
    assert.match(await devicesSection.textContent(), /Outage Night/);
  } catch (err) {
    await explainFailure('offline scanning', [g]);
    throw err;
  }

  const after = await admin.get(`/tickets/${genuine.id}`);
  assert.ok(after.checked_in_at, 'the genuine ticket is checked in on the server');
  assert.ok(after.checked_in_at >= offlineFrom && after.checked_in_at <= offlineTo,
    `checked in at the offline scan time (${after.checked_in_at} in ${offlineFrom}..${offlineTo})`);
  assert.equal((await admin.get(`/tickets/${revoked.id}`)).checked_in_at, null, 'the refunded ticket stays out');
  const log = (await admin.get(`/events/${event.id}/checkins`, {})).items;
  const results = log.map((s) => s.result).sort();
  assert.deepEqual(results, ['already_checked_in', 'already_checked_in', 'invalid_code', 'ok', 'ok', 'ticket_void', 'ticket_void', 'ticket_void', 'unknown_ticket']);
  const refusedAdmissions = (await admin.get(`/events/${event.id}/offline-refused-admissions`)).items;
  assert.deepEqual(refusedAdmissions.map((r) => [r.ticket_id, r.result]), [[late.id, 'ticket_void']]);
  const devices = (await admin.get('/checkin/devices')).items;
  assert.equal(devices.length, 1, 'the scanner reported in');
  assert.equal(devices[0].scans_synced, 8);
  assert.equal(devices[0].label, 'Door A');
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});

// Recent scans, a stale Undo (a tester's phone): check in, Undo, check in again. The old row says
// "Undone" and never offers Undo again (also after a reload); only the newest check-in of the
// ticket does; an undo naming an old check-in is refused (409 checkin_changed) and the ticket
// stays checked in; when another phone undid the check-in first, the row says so.
test('a stale Undo in Recent scans never removes a later check-in', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const server = await startServer();
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
  });
  const {admin, event} = await adminWithEvent(server, 'undo@example.test', 'Undo Night');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', price: 0, quota: 5});
  await admin.post(`/events/${event.id}/submit`, {});
  const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
  const ticket = (await admin.get('/tickets', {})).items.find((x) => x.order_id === order.id);
  const statusOf = async (method, p) => (await admin.req(method, p, undefined, {raw: true})).status;

  browser = await launchBrowser();
  const g = await newGuardedPage(browser, {viewport: {width: 412, height: 915}, isMobile: true, hasTouch: true});
  const p = g.page;
  const rows = p.locator('.recent-scans li');
  const undoButtons = p.locator('.recent-scans li button', {hasText: 'Undo'});
  const scanOk = async () => {
    await p.locator('#scan-code').fill(ticket.code);
    await p.locator('#scan-code').press('Enter');
    await p.locator('.scan-result.scan-ok').waitFor();
    await p.locator('.scan-result').click();
    await p.locator('.scan-result').waitFor({state: 'hidden'});
  };
  try {
    await signInWithForm(p, server.url, {email: 'undo@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await p.waitForURL(/\/staff\/scan/);
    await p.waitForFunction((id) => { const box = document.querySelector('#scan-event'); return !!box && box.value === String(id); }, event.id);

    await scanOk();
    const first = (await admin.get(`/tickets/${ticket.id}`)).checked_in_at;
    assert.ok(first);
    await undoButtons.first().click();
    await rows.first().locator('.scan-undone', {hasText: 'Undone'}).waitFor();
    assert.equal(await undoButtons.count(), 0, 'an undone row offers no Undo');
    assert.equal((await admin.get(`/tickets/${ticket.id}`)).checked_in_at, null);
    // Undo twice (the old check-in): refused.
    assert.equal(await statusOf('DELETE', `/checkins/${ticket.id}?checked_in_at=${encodeURIComponent(first)}`), 409);

    // Checked in again (a second later: a check-in of the undo's own second stays refused).
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await scanOk();
    await p.waitForFunction(() => document.querySelectorAll('.recent-scans li').length === 2);
    assert.equal(await undoButtons.count(), 1, 'only the newest check-in offers Undo');
    assert.equal(await rows.nth(0).locator('button', {hasText: 'Undo'}).count(), 1);
    assert.equal(await rows.nth(1).locator('button').count(), 0, 'the old row never gets Undo back');
    assert.match(await rows.nth(1).textContent(), /Undone/);
    // The stale undo of the old check-in is refused and the real check-in stays.
    const second = (await admin.get(`/tickets/${ticket.id}`)).checked_in_at;
    assert.ok(second);
    const stale = await admin.req('DELETE', `/checkins/${ticket.id}?checked_in_at=${encodeURIComponent(first)}`, undefined, {raw: true});
    assert.equal(stale.status, 409);
    assert.equal((await stale.json()).code, 'checkin_changed');
    assert.equal((await admin.get(`/tickets/${ticket.id}`)).checked_in_at, second, 'the second check-in stays');

    // Reloaded: the marks stay, still one Undo (the newest).
    await p.reload();
    await p.waitForFunction(() => document.querySelectorAll('.recent-scans li').length === 2);
    assert.equal(await undoButtons.count(), 1);
    assert.match(await rows.nth(1).textContent(), /Undone/);

    // Another phone undoes the check-in first: this phone's Undo gets 409, says so, row updates.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(await statusOf('DELETE', `/checkins/${ticket.id}?checked_in_at=${encodeURIComponent(second)}`), 200);
    await undoButtons.first().click();
    await p.locator('.toast', {hasText: 'nothing was undone'}).waitFor();
    await rows.first().locator('.scan-changed').waitFor();
    assert.equal(await undoButtons.count(), 0);
    await p.reload();
    await p.waitForFunction(() => document.querySelectorAll('.recent-scans li').length === 2);
    assert.equal(await undoButtons.count(), 0, 'no Undo comes back after a reload');
  } catch (err) {
    await explainFailure('stale undo', [g]);
    throw err;
  }
  assert.deepEqual(g.report.errors, [], 'no page errors');
});
