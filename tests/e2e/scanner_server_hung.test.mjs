// A phone that stays on Wi-Fi while the server stops answering (issue 18, session 6 major 1):
// every API request is held and never answered (page.route), as a hung server or a sleeping
// laptop behind a working router does. The scan shows a pending state, then is answered offline
// by signature within the scan timeout, queued, and the status says the server is not answering.
// The held request then reaches the server late (the test forwards it, as a request that was on
// its way), the route is released, the queue syncs, and the server holds ONE check-in: the
// queued scan carried the nonce of its request (a 502 from a proxy in front counts as no answer
// too). A reload while nothing answers still brings the
// scanner up from the service worker's cache and scanning offline. Also: a let-in answer is the same green online
// and offline (the offline note is a separate badge), and the Indonesian status line reads
// "daftar pembatalan".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {explainFailure, screenshot, signInWithForm} from './lib/browser.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner, queuedScans as queuedOnPhone} from './lib/door.mjs';

// The queued scans, as the test compares them.
const queuedScans = async (p) => (await queuedOnPhone(p)).map((s) => ({nonce: s.nonce, code: s.code, admitted: s.admitted}));

const background = (locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

test('a server that stops answering: the scan answers offline, and syncs as one check-in', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser} = await startBrowserTest(t);
  const {admin, event} = await adminWithEvent(server, 'hung@example.test', 'Hung Server Night');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Festival', kind: 'free', price: 0, quota: 20, max_per_order: 4});
  await admin.patch(`/events/${event.id}`, {holder_details: 'optional'});
  await admin.post(`/events/${event.id}/submit`, {});
  const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 4}],
    holders: [{name: 'Hana Wijaya'}, {name: 'Iwan Setiadi'}, {name: 'Joko Susilo'}, {name: 'Kiki Amalia'}]});
  assert.equal(order.status, 'paid');
  const tickets = (await admin.get('/tickets', {limit: 100})).items.filter((x) => x.order_id === order.id);
  const hana = tickets.find((x) => x.holder_name === 'Hana Wijaya');
  const iwan = tickets.find((x) => x.holder_name === 'Iwan Setiadi');
  const joko = tickets.find((x) => x.holder_name === 'Joko Susilo');
  const kiki = tickets.find((x) => x.holder_name === 'Kiki Amalia');
  assert.ok(hana && iwan && joko && kiki);

  const {g, p, context, scan, dismiss} = await scannerPhone(browser, {width: 390, height: 844});
  const held = [];
  // "Try now" once the server answers again, unless the phone's own retry (every few seconds)
  // got there first and the button is gone: either way the next round syncs.
  const tryNow = () => p.locator('#door-retry').click({timeout: 3000}).catch(() => {});
  try {
    await signInWithForm(p, server.url, {email: 'hung@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await p.waitForURL(/\/staff\/scan/);
    await installedScanner(p);

    // Online first: the green of a let-in answer.
    await scan(iwan.code);
    const online = p.locator('.scan-result.scan-ok');
    await online.waitFor();
    assert.match(await online.textContent(), /Iwan Setiadi/);
    const green = await background(online);
    await dismiss();

    // The server stops answering: every API request is held, never fulfilled.
    await p.route('**/api/v1/**', (route) => { held.push(route); });
    // Whether the pending line was ever shown (recorded in the page, not polled by the test).
    await p.evaluate(() => {
      const el = document.getElementById('scan-pending');
      window.pendingShown = false;
      new MutationObserver(() => { if (!el.hidden) window.pendingShown = true; }).observe(el, {attributes: true});
    });
    await scan(hana.code);
    // Answered offline by signature, while the request is still held (nothing was answered).
    const offline = p.locator('.scan-result.scan-ok.scan-offline');
    await offline.waitFor({timeout: 20000});
    const checkinRequests = held.filter((r) => r.request().method() === 'POST' && new URL(r.request().url()).pathname === '/api/v1/checkin');
    assert.equal(checkinRequests.length, 1, 'the scan went out once and got no answer');
    const offlineText = await offline.textContent();
    assert.match(offlineText, /Welcome! \(offline\)/);
    assert.match(offlineText, /Hana Wijaya/);
    assert.match(await offline.locator('.scan-note').textContent(), /Offline — checked by signature/);
    assert.equal(await background(offline), green, 'let in offline is the same green as online');
    // While the request was in flight the page said it was checking; the answer ends that.
    assert.equal(await p.evaluate(() => window.pendingShown), true, 'a pending state while the request is in flight');
    assert.equal(await p.locator('#scan-pending').isHidden(), true, 'the pending state ends with the answer');
    await screenshot(p, 'scanner-server-hung-offline-answer');
    await dismiss();
    await p.locator('#door-network', {hasText: 'Server not answering — scanning offline'}).waitFor();
    await p.locator('#door-queue', {hasText: '1 scan waiting to sync'}).waitFor();
    await screenshot(p, 'scanner-server-not-answering');
    assert.equal(await p.locator('#door-retry').isVisible(), true, 'a button to try the server now');
    assert.match(await p.locator('.recent-scans li').first().textContent(), /Hana Wijaya/);

    // The queued scan carries its request's nonce.
    const sent = JSON.parse(checkinRequests[0].request().postData());
    assert.ok(sent.nonce && sent.device_id, 'the online scan sends a nonce and the device id');
    const queue = await queuedScans(p);
    assert.deepEqual(queue, [{nonce: sent.nonce, code: hana.code, admitted: true}]);

    // A scan while the server is known not to answer goes offline at once (no second wait).
    // (The same code again: more than the 1.5 s of a double Enter has passed, as the first
    // scan waited for its 2.5 s timeout.)
    const before = held.length;
    await scan(hana.code);
    const again = p.locator('.scan-result.scan-refused.scan-offline');
    await again.waitFor();
    assert.match(await again.textContent(), /already checked in/);
    assert.equal(held.filter((r) => r.request().method() === 'POST').length, 1, 'no second scan request');
    assert.ok(held.length >= before);
    await dismiss();

    // Reloaded while the server answers nothing at all (its pages included): the service worker
    // waits once, then serves the page from its cache without asking the server for each file,
    // and the scanner starts (the event list and the count time out) and scans offline.
    const heldAll = [];
    await context.route('**/*', (route) => { heldAll.push(route); });
    await p.reload({timeout: 60000});
    // It starts in the state it was left in (this tab remembers), not "Online" until a timeout.
    await p.locator('#door-network').waitFor({timeout: 30000});
    assert.match(await p.locator('#door-network').textContent(), /Server not answering — scanning offline/);
    await p.locator('#door-queue', {hasText: '2 scans waiting to sync'}).waitFor();
    const asked = heldAll.map((r) => new URL(r.request().url()).pathname);
    assert.deepEqual(asked.filter((u) => u.startsWith('/assets/')), [], `no file asked of the server after its first timeout: ${asked.join(', ')}`);
    await context.unroute('**/*');
    for (const r of heldAll) await r.abort().catch(() => {});

    // The held request reaches the server late: Hana is checked in by it.
    const late = await fetch(checkinRequests[0].request().url(), {method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: await checkinRequests[0].request().headerValue('authorization')},
      body: checkinRequests[0].request().postData()});
    assert.equal(late.status, 200);
    const lateAnswer = await late.json();
    assert.equal(lateAnswer.result, 'ok');

    // The server answers again: the queue syncs under the same nonce, the check-in stays one.
    await p.unroute('**/api/v1/**');
    for (const r of held) await r.abort().catch(() => {});
    await tryNow();
    await p.locator('#door-network', {hasText: 'Online'}).waitFor({timeout: 20000});
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    assert.match(await p.locator('.recent-scans li').nth(1).textContent(), /✓ Hana Wijaya/);

    // Again, and this time the volunteer turns Joko back (Undo) before anything synced. His
    // request may have reached the server, so the scan stays queued as turned away, and the
    // sync clears the check-in the late request made.
    const held2 = [];
    await p.route('**/api/v1/**', (route) => { held2.push(route); });
    await scan(joko.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor({timeout: 20000});
    await dismiss();
    const jokoRequest = held2.find((r) => r.request().method() === 'POST' && new URL(r.request().url()).pathname === '/api/v1/checkin');
    assert.ok(jokoRequest, 'the scan request went out');
    await p.locator('.recent-scans li', {hasText: 'Joko Susilo'}).getByRole('button', {name: 'Undo'}).click();
    await p.locator('.recent-scans li', {hasText: 'Joko Susilo'}).locator('.scan-undone').waitFor();
    const kept = await queuedScans(p);
    assert.deepEqual(kept, [{nonce: JSON.parse(jokoRequest.request().postData()).nonce, code: joko.code, admitted: false}],
      'kept queued as turned away');
    const jokoLate = await fetch(jokoRequest.request().url(), {method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: await jokoRequest.request().headerValue('authorization')},
      body: jokoRequest.request().postData()});
    assert.equal(jokoLate.status, 200, 'the late request checked Joko in');
    await p.unroute('**/api/v1/**');
    for (const r of held2) await r.abort().catch(() => {});
    await tryNow();
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    assert.equal((await admin.get(`/tickets/${joko.id}`)).checked_in_at, null, 'Joko is not in');
    const jokoLog = (await admin.get(`/events/${event.id}/checkins`, {limit: 100})).items.filter((s) => s.ticket_id === joko.id);
    assert.deepEqual(jokoLog.map((s) => s.result), ['not_admitted']);

    // A proxy in front of the server answers 502 (Lanyard behind it is down): answered offline
    // too, and synced once the server is back.
    await p.route('**/api/v1/checkin', (route) => route.fulfill({status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>'}));
    await scan(kiki.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    await p.locator('#door-network', {hasText: 'Server not answering — scanning offline'}).waitFor();
    await p.unroute('**/api/v1/checkin');
    await tryNow();
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    assert.ok((await admin.get(`/tickets/${kiki.id}`)).checked_in_at, 'Kiki is in');

    // The status line in Indonesian names the revocation list with the catalogue's term.
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.reload();
    await p.locator('#door-network', {hasText: 'Daring (online)'}).waitFor();
    const line = await p.locator('#door-revocations').textContent();
    assert.match(line, /Daftar pembatalan diperbarui/);
    assert.doesNotMatch(await p.locator('#door-status').textContent(), /pencabutan/i);
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));

    const after = await admin.get(`/tickets/${hana.id}`);
    assert.equal(after.checked_in_at, lateAnswer.checked_in_at, 'the check-in the late request made');
    const log = (await admin.get(`/events/${event.id}/checkins`, {limit: 100})).items.filter((s) => s.ticket_id === hana.id);
    // The late request's row, settled by the sync (not a second admission), and the refused
    // second scan.
    assert.deepEqual(log.map((s) => s.result).sort(), ['already_checked_in', 'ok']);
    assert.equal((await admin.get(`/events/${event.id}/offline-duplicates`)).total, 0);
    assert.equal((await admin.get(`/events/${event.id}/offline-refused-admissions`)).total, 0);
  } catch (err) {
    await explainFailure('server not answering', [g]);
    throw err;
  }
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});
