// What the door scanners reported, seen by the organizer in /admin (issue 18, session 6
// minors): the event page lists the tickets admitted twice while offline and the people let in
// offline whom the server refused at sync (read-only, the door scanner's labels, in English and
// Indonesian); a phone with no name is "Phone a1b2c3" with a hint to name it; the attendee list
// shows check-in times to the second in the event's own zone.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {explainFailure, newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {kTestPassword} from './lib/accounts.mjs';
import {adminWithEvent} from './lib/door.mjs';

const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');

// "HH:MM:SS" of `at` on the wall clock of `zone`.
function wallSeconds(at, zone) {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit'})
    .formatToParts(new Date(at))) parts[p.type] = p.value;
  return `${parts.hour}:${parts.minute}:${parts.second}`;
}

test('the organizer sees the door reports on the event page, and check-ins to the second', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser} = await startBrowserTest(t);
  const {admin, event} = await adminWithEvent(server, 'reports@example.test', 'Reports Night');
  await admin.patch(`/events/${event.id}`, {holder_details: 'optional', time_zone: 'Asia/Makassar'});
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Standing', kind: 'free', price: 0, quota: 20, max_per_order: 4});
  await admin.post(`/events/${event.id}/submit`, {});
  const buy = async (name) => {
    const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}], holders: [{name}]});
    assert.equal(order.status, 'paid');
    return order;
  };
  const twice = await buy('Rudi Dua');
  const voided = await buy('Vina Batal');
  const all = (await admin.get('/tickets', {limit: 100})).items;
  const rudi = all.find((x) => x.order_id === twice.id);
  const vina = all.find((x) => x.order_id === voided.id);
  await admin.post(`/orders/${voided.id}/refund`, {reason: 'Changed plans'});

  // Door B (named) let Rudi in first; a phone with no name let him in again and let Vina in.
  const first = iso(new Date(Date.now() - 600000));
  const second = iso(new Date(Date.now() - 300000));
  const unnamed = 'dev-5a7c3e0000000000000000000000abcd';
  await admin.post('/checkin/batch', {device_id: 'dev-door-b-0002', label: 'Door B',
    scans: [{nonce: 'nonce-reports-0000000001', code: rudi.code, event_id: event.id, scanned_at: first}]});
  const sync = await admin.post('/checkin/batch', {device_id: unnamed, scans: [
    {nonce: 'nonce-reports-0000000002', code: rudi.code, event_id: event.id, scanned_at: second},
    {nonce: 'nonce-reports-0000000003', code: vina.code, event_id: event.id, scanned_at: second}]});
  assert.deepEqual(sync.results.map((r) => r.result), ['duplicate_offline', 'ticket_void']);

  const session = await admin.login('reports@example.test', kTestPassword);
  const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  const p = g.page;
  try {
    await signInWithSession(p, server.url, session, 'en');
    await p.goto(`${server.url}/admin/events/${event.id}`);
    const reports = p.locator('#event-door-reports');
    await reports.locator('#door-duplicates li', {hasText: 'Rudi Dua'}).waitFor();
    const dupes = await reports.locator('#door-duplicates').textContent();
    assert.match(dupes, /Admitted twice \(a phone was offline\)/);
    assert.match(dupes, /on Door B at .*\d{2}:\d{2}:\d{2} WITA/);
    assert.ok(dupes.includes(`${wallSeconds(first, 'Asia/Makassar')} WITA`), dupes);
    assert.match(dupes, /on Phone 5a7c3e at /, 'an unnamed phone is "Phone <short id>"');
    assert.doesNotMatch(dupes, /this phone/, 'no phone is "this phone" in /admin');
    const refused = await reports.locator('#door-refused').textContent();
    assert.match(refused, /Let in offline, refused at sync/);
    assert.match(refused, /Vina Batal/);
    assert.match(refused, /void/);
    assert.equal(await reports.locator('button').count(), 0, 'read-only');
    await reports.scrollIntoViewIfNeeded();
    await screenshot(p, 'admin-event-door-reports');

    // The dashboard's device list: the unnamed phone says how to name it.
    await p.goto(`${server.url}/admin`);
    const device = p.locator('#scanner-devices .scanner-device', {hasText: 'Phone 5a7c3e'});
    await device.waitFor();
    assert.match(await device.textContent(), /No name yet: name it on the phone's door scanner/);

    // The attendee list: Rudi's check-in to the second, in the event's zone (Door B's scan).
    await p.goto(`${server.url}/admin/events/${event.id}/attendees`);
    const rudiRow = p.locator('tr, li', {hasText: 'Rudi Dua'}).first();
    await rudiRow.waitFor();
    assert.ok((await rudiRow.textContent()).includes(`${wallSeconds(first, 'Asia/Makassar')} WITA`), await rudiRow.textContent());

    // In Indonesian: the same lists with the door scanner's Indonesian labels.
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.goto(`${server.url}/admin/events/${event.id}`);
    await reports.locator('#door-duplicates li', {hasText: 'Rudi Dua'}).waitFor();
    assert.match(await reports.textContent(), /Masuk dua kali \(ada ponsel yang luring\)/);
    assert.match(await reports.textContent(), /Diizinkan masuk saat luring, ditolak saat sinkron/);
    assert.match(await reports.locator('#door-duplicates').textContent(), /di Ponsel 5a7c3e, /);
  } catch (err) {
    await explainFailure('admin door reports', [g]);
    throw err;
  }
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});
