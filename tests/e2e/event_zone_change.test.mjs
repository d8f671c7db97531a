// A saved event moves to another time zone (issue 15, the phone tester's MAJOR 1): an event in
// WIB with a sale window and a session; on a phone the organizer picks WITA in the edit form,
// which asks whether the clock times or the moments stay (clock times by default) and offers to
// mail the ticket holders. Keeping the clock times moves the sale window and the session with
// the event, so the session page says the same wall time, now in WITA, and the holder gets the
// event_times_changed mail.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

// The calendar date `days` ahead, "YYYY-MM-DD" (WIB and WITA have no DST).
function dayAhead(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// RFC 3339 UTC of a wall time in WIB (UTC+7) on `day`.
function wib(day, hour, minute = 0) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 7) * 60 + minute) * 60000).toISOString().replace('.000Z', 'Z');
}

test('a saved event moves from WIB to WITA keeping its clock times', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  const day = dayAhead(12);
  const saleDay = dayAhead(-2);  // on sale since two days ago
  let eventId;
  let typeId;
  let sessionId;

  await step('setup: a published WIB event with a sale window, a session and a ticket holder', async () => {
    await server.createAdmin('admin@example.test', kTestPassword);
    await admin.login('admin@example.test', kTestPassword);
    await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
    const ev = await admin.post('/events', {title: 'Makassar Dev Day', venue: 'Gedung Celebes',
      starts_at: wib(day, 9), ends_at: wib(day, 17), time_zone: 'Asia/Jakarta'});
    eventId = ev.id;
    typeId = (await admin.post(`/events/${eventId}/ticket-types`, {name: 'Reguler', kind: 'free',
      sales_start: wib(saleDay, 8), sales_end: wib(day, 8)})).id;
    sessionId = (await admin.post(`/events/${eventId}/sessions`, {kind: 'talk', title: 'Offline first',
      speaker_name: 'Siti Rahma', room: 'A', starts_at: wib(day, 10), ends_at: wib(day, 11)})).id;
    assert.equal((await admin.post(`/events/${eventId}/submit`, {})).status, 'published');
    const buyer = await signedUpUser(admin, {email: 'andi@example.test', name: 'Andi'});
    await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: typeId, quantity: 1}]});
  });

  const phone = await newGuardedPage(browser, kPhone);
  guarded.push(phone);
  const p = phone.page;

  await step('the edit form: zone above the times; it asks what stays, clock times by default', async () => {
    await signInWithSession(p, server.url, await new Api(server.url).login('admin@example.test', kTestPassword), 'en');
    await p.goto(`${server.url}/admin/events/${eventId}`);
    const select = p.locator('select[name=time_zone]');
    const starts = p.locator('input[name=starts_at]');
    await starts.waitFor();
    const zoneBox = await select.boundingBox();
    const startBox = await starts.boundingBox();
    assert.ok(zoneBox.y < startBox.y, 'the zone picker comes before the times read in it');
    const question = p.locator('fieldset.zone-change');
    assert.equal(await question.isVisible(), false, 'no question while the zone stays');
    await select.selectOption('Asia/Makassar');
    await question.waitFor();
    const wall = p.locator('input[name=zone_change][value=keep_wall_times]');
    assert.equal(await wall.isChecked(), true);
    assert.match(await question.textContent(), /09:00 WIB becomes 09:00 WITA/);
    assert.match(await question.textContent(), /09:00 WIB is shown as 10:00 WITA/);
    assert.equal(await starts.inputValue(), `${day}T09:00`);
    // Keeping the moments shows them in WITA; back to the clock times shows 09:00 again.
    await p.locator('input[name=zone_change][value=keep_instants]').check();
    assert.equal(await starts.inputValue(), `${day}T10:00`);
    assert.equal(await p.locator('input[name=ends_at]').inputValue(), `${day}T18:00`);
    await wall.check();
    assert.equal(await starts.inputValue(), `${day}T09:00`);
    assert.equal(await p.locator('input[name=notify_holders]').isChecked(), true);
    await select.scrollIntoViewIfNeeded();
    await screenshot(p, 'event-zone-change-en');
    await p.locator('form').filter({has: select}).locator('button[type=submit]').click();
    await question.waitFor({state: 'hidden'});
  });

  await step('every event-bound time kept its clock time in WITA', async () => {
    const ev = await admin.get(`/events/${eventId}`);
    assert.equal(ev.time_zone, 'Asia/Makassar');
    assert.equal(ev.starts_at, wib(day, 8), '09:00 WITA is 08:00 WIB');
    const types = await admin.get(`/events/${eventId}/ticket-types`);
    const type = (types.items || types).find((x) => x.id === typeId);
    assert.equal(type.sales_start, wib(saleDay, 7));
    assert.equal(type.sales_end, wib(day, 7));
    const sessions = await admin.get(`/events/${eventId}/sessions`);
    const session = sessions.items.find((x) => x.id === sessionId);
    assert.equal(session.starts_at, wib(day, 9), '10:00 WITA');
  });

  await step('the session page shows 10:00–11:00 WITA on the phone', async () => {
    await p.goto(`${server.url}/events/${eventId}/sessions/${sessionId}`);
    const when = p.locator('.session-when').first();
    await when.waitFor();
    assert.match(await when.textContent(), /10:00–11:00 WITA \(09:00–10:00 WIB\)/);
    await screenshot(p, 'event-zone-change-session-en');
  });

  await step('the ticket holder is mailed the new times', async () => {
    const mail = await server.waitForMail((m) => m.to.includes('andi@example.test') && /^New times for/.test(m.subject));
    assert.match(mail.text, /time zone to Asia\/Makassar \(it was Asia\/Jakarta\)/);
    assert.match(mail.text, /now starts \S+ \d+ \S+ \d{4}, 09:00 WITA \(08:00 WIB\) \(it was \S+ \d+ \S+ \d{4}, 09:00 WIB\)/, mail.text);
  });

  await step('in Bahasa Indonesia the form asks the same (WITA to WIT, not saved)', async () => {
    await p.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await p.goto(`${server.url}/admin/events/${eventId}`);
    await p.locator('select[name=time_zone]').selectOption('Asia/Jayapura');
    const question = p.locator('fieldset.zone-change');
    await question.waitFor();
    const text = await question.textContent();
    assert.match(text, /Acara pindah ke zona waktu lain/);
    assert.match(text, /Pertahankan jam dinding: 09\.00 WITA \(08\.00 WIB\) menjadi 09\.00 WIT \(07\.00 WIB\)/, text);
    assert.match(text, /Pertahankan saat yang sama: 09\.00 WITA \(08\.00 WIB\) ditampilkan sebagai 10\.00 WIT \(08\.00 WIB\)/, text);
    assert.match(text, /Kirim waktu baru ke pemegang tiket lewat email/);
    await p.locator('select[name=time_zone]').scrollIntoViewIfNeeded();
    await screenshot(p, 'event-zone-change-id');
  });
});
