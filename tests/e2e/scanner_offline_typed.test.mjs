// Typed references at an offline door (issue 18, session 5): with the camera failing and the
// Wi-Fi down, staff type a ticket reference (K7QX2M9A-2) or an order code and the phone answers
// from its sealed order list ("offline — typed reference, not checked by signature", check the
// name), also after a reload with no network; the network returns, the queue syncs and the server
// shows the check-ins at the offline time. Also the phone tester's minors: finger-sized toggles,
// the ticket type in offline rows of Recent scans, phones named by their label, and a ticket
// another phone admitted first turning red with "already admitted at HH:MM:SS by Door B".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {explainFailure, screenshot, signInWithForm} from './lib/browser.mjs';
import {kTestPassword as kPassword} from './lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner} from './lib/door.mjs';

const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');

test('typed references work at an offline door and sync with their offline time', {skip: skipReason() || false, timeout: 240000}, async (t) => {
  const {server, browser} = await startBrowserTest(t);
  const {admin, event} = await adminWithEvent(server, 'typed@example.test', 'Typed Night');
  await admin.patch(`/events/${event.id}`, {holder_details: 'optional'});
  const vip = await admin.post(`/events/${event.id}/ticket-types`, {name: 'VIP Lounge', kind: 'free', price: 0, quota: 20, max_per_order: 4});
  const community = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', price: 0, quota: 20});
  await admin.post(`/events/${event.id}/submit`, {});
  const buy = async (type, names) => {
    const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: names.length}],
      holders: names.map((name) => ({name}))});
    assert.equal(order.status, 'paid');
    return order;
  };
  const pair = await buy(vip, ['Sinta Maharani', 'Joko Pranoto']);
  const single = await buy(community, ['Ayu Lestari']);
  const refunded = await buy(community, ['Budi Refunded']);
  const doubled = await buy(community, ['Gita Dua Kali']);
  const all = (await admin.get('/tickets', {limit: 100})).items;
  const ticketOf = (order, n) => all.find((x) => x.order_id === order.id && x.ref === `${order.code}-${n}`);
  const sinta = ticketOf(pair, 1);
  const joko = ticketOf(pair, 2);
  const ayu = ticketOf(single, 1);
  const budi = ticketOf(refunded, 1);
  const gita = ticketOf(doubled, 1);
  assert.ok(sinta && joko && ayu && budi && gita, 'every ticket has its reference');
  assert.equal(joko.holder_name, 'Joko Pranoto');
  await admin.post(`/orders/${refunded.id}/refund`, {reason: 'Changed plans'});

  const {g, p, context, scan: type, dismiss} = await scannerPhone(browser, {width: 390, height: 844});
  // Every toggle of the scanner page a finger must hit: at least 44 × 44 CSS px.
  const smallTargets = () => p.evaluate(() => [...document.querySelectorAll('button, summary, select, input, [role="switch"]')]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => ({el, r: el.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && (r.width < 44 || r.height < 44))
    .map(({el, r}) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${(el.textContent || '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`));
  let offlineFrom = '';
  let offlineTo = '';
  let earlierScan = '';
  try {
    await signInWithForm(p, server.url, {email: 'typed@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await p.waitForURL(/\/staff\/scan/);
    await installedScanner(p);
    // The sealed order list is on the device (and holds no reference or name in clear).
    const kept = await p.waitForFunction((id) => new Promise((resolve) => {
      const req = indexedDB.open('lanyard-scanner');
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').get(`names:${id}`);
        get.onsuccess = () => resolve(get.result && get.result.orders && Object.keys(get.result.orders.items).length ? JSON.stringify(get.result) : false);
      };
      req.onerror = () => resolve(false);
    }), event.id);
    const keptText = await kept.jsonValue();
    for (const secret of [pair.code, sinta.ref, 'Sinta', 'Joko', 'VIP Lounge']) {
      assert.ok(!keptText.includes(secret), `the device keeps no ${secret} in clear`);
    }

    // The tester's 24 px toggle: every toggle is finger-sized, the phone's details open too.
    await p.locator('.door-device summary').click();
    const summaryBox = await p.locator('.door-device summary').boundingBox();
    assert.ok(summaryBox.height >= 44, `the phone's details toggle is ${summaryBox.height} px high`);
    assert.deepEqual(await smallTargets(), [], 'toggles smaller than 44×44 px');
    await p.getByLabel('Name of this phone (shown on /admin)').fill('Door A');
    await p.getByLabel('Name of this phone (shown on /admin)').press('Tab');
    assert.match(await p.locator('#scan-code-hint').textContent(), /not proof of a genuine ticket/);

    // Another phone ("Door B") admitted Gita while both were offline; it syncs first.
    earlierScan = iso(new Date(Date.now() - 120000));
    const other = await admin.post('/checkin/batch', {device_id: 'dev-door-b-0002', label: 'Door B',
      scans: [{nonce: 'nonce-door-b-0000000001', code: gita.code, event_id: event.id, scanned_at: earlierScan}]});
    assert.equal(other.results[0].result, 'ok');

    // The outage.
    await context.setOffline(true);
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    offlineFrom = iso(new Date(Date.now() - 1000));

    // A typed reference, as a volunteer types it (lower case, a space).
    await type(`${joko.ref.toLowerCase().replace('-', ' ')}`);
    const ok = p.locator('.scan-result.scan-ok.scan-offline.scan-typed');
    await ok.waitFor();
    const okText = await ok.textContent();
    assert.match(okText, /Offline — typed reference, not checked by signature/);
    assert.match(okText, /Check the name/);
    assert.ok(okText.includes('Joko Pranoto'), okText);
    assert.ok(okText.includes('VIP Lounge'), okText);
    assert.doesNotMatch(okText, /Offline — checked by signature/);
    // Let in is green whatever decided it: the typed answer has the colour of an online one (the
    // amber note says how it was decided).
    const colours = await p.evaluate(() => {
      const probe = document.createElement('div');
      probe.className = 'scan-result scan-ok';
      document.body.append(probe);
      const online = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return {online, typed: getComputedStyle(document.querySelector('.scan-result')).backgroundColor};
    });
    assert.equal(colours.typed, colours.online);
    assert.match(await ok.locator('.scan-note-typed').textContent(), /typed reference/);
    await screenshot(p, 'scanner-offline-typed-reference');
    await dismiss();

    // The order code: this phone's list of its tickets, Joko already in, Sinta to check in.
    await type(pair.code.toLowerCase());
    const chooser = p.locator('#scan-choose');
    await chooser.locator('.scan-choose-offline').waitFor();
    assert.match(await chooser.textContent(), /not checked by signature/);
    const jokoCard = chooser.locator('li', {hasText: joko.ref});
    assert.match(await jokoCard.textContent(), /already checked in/);
    assert.equal(await jokoCard.locator('button').count(), 0);
    await screenshot(p, 'scanner-offline-typed-order');
    // Joko's card (already in) does nothing when tapped; Sinta's whole card admits her.
    await jokoCard.locator('.choose-holder').click();
    assert.equal(await chooser.isVisible(), true);
    await chooser.locator('li', {hasText: sinta.ref}).locator('.choose-holder').click();
    const sintaOk = p.locator('.scan-result.scan-ok.scan-typed');
    await sintaOk.waitFor();
    assert.ok((await sintaOk.textContent()).includes('Sinta Maharani'));
    await dismiss();

    // Refunded before the outage: the revocation list refuses its reference too.
    await type(budi.ref);
    const refusedVoid = p.locator('.scan-result.scan-refused.scan-offline');
    await refusedVoid.waitFor();
    assert.match(await refusedVoid.textContent(), /void/);
    assert.ok((await refusedVoid.textContent()).includes('Budi Refunded'));
    await dismiss();

    // A reference the phone does not hold.
    await type('ZZZZZZZZ-1');
    const unknown = p.locator('.scan-result.scan-refused.scan-offline');
    await unknown.waitFor();
    assert.match(await unknown.textContent(), /Not on this phone's list/);
    await dismiss();

    // A QR code read offline: its row in Recent scans shows the ticket type.
    await type(ayu.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();
    assert.match(await p.locator('.recent-scans li').first().textContent(), /Ayu Lestari · Community/);
    // Gita's code: admitted here too (this phone cannot know about Door B).
    await type(gita.code);
    await p.locator('.scan-result.scan-ok.scan-offline').waitFor();
    await dismiss();

    // Reloaded with no network: typed references still answer, and this phone's admissions stay.
    await p.reload();
    await p.locator('#door-network', {hasText: 'Offline'}).waitFor();
    await p.locator('#door-queue', {hasText: '6 scans waiting to sync'}).waitFor();
    assert.match(await p.locator('.recent-scans').textContent(), /Joko Pranoto · VIP Lounge/);
    await type(sinta.ref);
    const again = p.locator('.scan-result.scan-refused.scan-offline');
    await again.waitFor();
    assert.match(await again.textContent(), /already checked in/);
    await dismiss();
    offlineTo = iso(new Date(Date.now() + 1000));
    assert.equal((await admin.get(`/tickets/${joko.id}`)).checked_in_at, null, 'nothing reached the server');

    // The network returns: the queue syncs.
    await context.setOffline(false);
    await p.locator('#door-network', {hasText: 'Online'}).waitFor({timeout: 20000});
    await p.locator('#door-queue', {hasText: 'All synced'}).waitFor({timeout: 20000});
    // Gita: admitted by Door B first; this phone's row turns red and says when and by whom.
    const gitaRow = p.locator('.recent-scans li.refused', {hasText: 'Gita Dua Kali'});
    await gitaRow.waitFor({timeout: 20000});
    const gitaText = await gitaRow.textContent();
    assert.match(gitaText, /Already admitted at \d{1,2}[:.]\d{2}[:.]\d{2}.* by Door B/);
    // The duplicates list names both phones as the volunteers named them.
    const dupes = p.locator('#door-duplicates');
    await dupes.locator('li', {hasText: 'Gita Dua Kali'}).waitFor({timeout: 20000});
    const dupesText = await dupes.textContent();
    assert.match(dupesText, /Door B/);
    assert.match(dupesText, /Door A \(this phone\)/);
    assert.doesNotMatch(dupesText, /#[0-9a-f]{6}/, 'no device ids');
    await screenshot(p, 'scanner-offline-typed-synced');
    assert.deepEqual(await smallTargets(), [], 'toggles smaller than 44×44 px after the sync');
  } catch (err) {
    await explainFailure('typed references offline', [g]);
    throw err;
  }

  for (const tk of [joko, sinta]) {
    const after = await admin.get(`/tickets/${tk.id}`);
    assert.ok(after.checked_in_at && after.checked_in_at >= offlineFrom && after.checked_in_at <= offlineTo,
      `${tk.ref} checked in at the offline time (${after.checked_in_at} in ${offlineFrom}..${offlineTo})`);
  }
  assert.equal((await admin.get(`/tickets/${budi.id}`)).checked_in_at, null, 'the refunded ticket stays out');
  assert.equal((await admin.get(`/tickets/${gita.id}`)).checked_in_at, earlierScan, 'Door B\'s earlier admission stands');
  const log = (await admin.get(`/events/${event.id}/checkins`, {limit: 100})).items;
  assert.deepEqual(log.map((s) => s.result).sort(),
    ['already_checked_in', 'duplicate_offline', 'ok', 'ok', 'ok', 'ok', 'ticket_void', 'unknown_ticket']);
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});

// Scans of one second (scanned_at has whole seconds) leave the queue in the order they were
// made, not in the queue's key order (the random nonce): the server decides a batch in order, so
// "already checked in" sent before the admission it refers to would be recorded as not_admitted.
test('the offline queue keeps the order of scans made in the same second', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser} = await startBrowserTest(t);
  const {g, p} = await scannerPhone(browser, {width: 390, height: 844});
  try {
    await p.goto(`${server.url}/staff/scan`);
    const order = await p.evaluate(async () => {
      const store = await import('/assets/js/scanner/offline_store.js');
      const at = '2026-12-20T02:00:05Z';
      // Made in this order; their nonces sort the other way round.
      for (const nonce of ['zz-second-scan-000001', 'mm-second-scan-000002', 'aa-second-scan-000003']) {
        await store.queueScan({nonce, code: 'x', event_id: 1, scanned_at: at, admitted: true});
      }
      await store.queueScan({nonce: '00-earlier-second-0004', code: 'x', event_id: 1, scanned_at: '2026-12-20T02:00:04Z', admitted: true});
      return (await store.queuedScans(10)).map((s) => s.nonce);
    });
    assert.deepEqual(order, ['00-earlier-second-0004', 'zz-second-scan-000001', 'mm-second-scan-000002', 'aa-second-scan-000003']);
  } catch (err) {
    await explainFailure('offline queue order', [g]);
    throw err;
  }
});
