// Who may take a place in a session, as the pages say it (session 9, phone test shots 46 and
// 87–89): a ticket holder on a full session reads words that match the "Join the waitlist"
// button beside them; the event page follows the session page's rule (no Join the waitlist /
// Register for someone without a ticket the session admits); someone whose order for the event
// awaits payment is pointed at that order, not invited to get a ticket again. en and id.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const phone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('session places: the words beside the button match it', {skip: skipReason() || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let event, workshop, paidType, freeType;
  const people = {};

  await step('setup: an event with a paid and a free type, a full 1-seat workshop', async () => {
    await server.createAdmin('admin@example.test', kTestPassword);
    await admin.login('admin@example.test', kTestPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const org = await signedUpUser(admin, {email: 'org@example.test', name: 'Olga', role: 'organizer'});
    const day = Date.now() + 20 * 86400e3;
    event = await org.api.post('/events', {title: 'Malam Komunitas', venue: 'Gedung', city: 'Makassar',
      starts_at: iso(day), ends_at: iso(day + 5 * 3600e3)});
    paidType = await org.api.post(`/events/${event.id}/ticket-types`, {name: 'Reguler', kind: 'paid', price: 150000, quota: 50});
    freeType = await org.api.post(`/events/${event.id}/ticket-types`, {name: 'Pelajar', kind: 'free', quota: 50});
    await org.api.post(`/events/${event.id}/submit`, {});
    workshop = await org.api.post(`/events/${event.id}/sessions`, {kind: 'workshop', title: 'Git untuk Pemula',
      room: 'Ruang B', starts_at: iso(day + 3600e3), ends_at: iso(day + 2 * 3600e3), capacity: 1});
    for (const [key, email, name] of [['ayu', 'ayu@example.test', 'Ayu'], ['emma', 'emma@example.test', 'Emma']]) {
      people[key] = await signedUpUser(admin, {email, name});
      const order = await people[key].api.post('/orders', {event_id: event.id, items: [{ticket_type_id: freeType.id, quantity: 1}]});
      assert.equal(order.status, 'paid');
    }
    // Ayu takes the only seat: the workshop is full.
    assert.equal((await people.ayu.api.post(`/sessions/${workshop.id}/registrations`, {})).status, 'registered');
  });

  await step('phone (en, id): a ticket holder on the full workshop is told she can join the waitlist, beside that button', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    for (const [lang, words, button] of [
      ['en', 'You hold a ticket for this event: you can join the waitlist.', 'Join the waitlist'],
      ['id', 'Anda memegang tiket acara ini: Anda bisa masuk daftar tunggu.', 'Masuk daftar tunggu']]) {
      await signInWithSession(p, server.url, people.emma.session, lang);
      await p.goto(`${server.url}/events/${event.id}/sessions/${workshop.id}`);
      await p.locator('[data-state="can-register"]').getByText(words).waitFor();
      await p.getByRole('button', {name: button}).waitFor();
      assert.equal(await p.getByText(lang === 'en' ? 'you can register' : 'Anda bisa mendaftar', {exact: false}).count(), 0);
    }
    // With a seat free again the words say "register", beside Register.
    await people.ayu.api.req('DELETE', `/sessions/${workshop.id}/registrations/me`);
    await signInWithSession(p, server.url, people.emma.session, 'en');
    await p.goto(`${server.url}/events/${event.id}/sessions/${workshop.id}`);
    await p.getByText('You hold a ticket for this event: you can register.').waitFor();
    await p.getByRole('button', {name: 'Register'}).waitFor();
    assert.equal((await people.ayu.api.post(`/sessions/${workshop.id}/registrations`, {})).status, 'registered');
  });
  await step('phone (id): without a ticket the event page offers no place on the workshop, the session page\'s rule', async () => {
    people.dewi = await signedUpUser(admin, {email: 'dewi@example.test', name: 'Dewi'});
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await signInWithSession(p, server.url, people.dewi.session, 'id');
    await p.goto(`${server.url}/events/${event.id}`);
    const card = p.locator('.event-sessions .session-card', {hasText: 'Git untuk Pemula'});
    await card.locator('[data-state="needs-ticket"]').getByText('Anda perlu tiket acara ini untuk mendaftar.').waitFor();
    assert.equal(await card.getByRole('button', {name: /Masuk daftar tunggu|^Daftar$/}).count(), 0);
    // The session page says the same.
    await p.goto(`${server.url}/events/${event.id}/sessions/${workshop.id}`);
    await p.locator('[data-state="needs-ticket"]').waitFor();
    assert.equal(await p.getByRole('button', {name: /Masuk daftar tunggu|^Daftar$/}).count(), 0);
  });

  await step('phone (id, en): an order awaiting payment is named with a link to it, no "Dapatkan tiket"', async () => {
    people.citra = await signedUpUser(admin, {email: 'citra@example.test', name: 'Citra'});
    const order = await people.citra.api.post('/orders', {event_id: event.id, items: [{ticket_type_id: paidType.id, quantity: 1}]});
    assert.equal(order.status, 'pending');
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await signInWithSession(p, server.url, people.citra.session, 'id');
    for (const path of [`/events/${event.id}`, `/events/${event.id}/sessions/${workshop.id}`]) {
      await p.goto(`${server.url}${path}`);
      const note = p.locator('[data-state="order-pending"]');
      await note.getByText(`Pesanan ${order.code} untuk acara ini menunggu pembayaran`, {exact: false}).waitFor();
      assert.equal(await note.getByRole('link', {name: 'Buka pesanan'}).getAttribute('href'), `/account/orders/${order.id}`);
      assert.equal(await p.getByRole('link', {name: 'Dapatkan tiket'}).count(), 0, path);
      assert.equal(await p.getByRole('button', {name: /Masuk daftar tunggu|^Daftar$/}).count(), 0, path);
    }
    await signInWithSession(p, server.url, people.citra.session, 'en');
    await p.goto(`${server.url}/events/${event.id}`);
    await p.getByText(`Your order ${order.code} for this event is awaiting payment`, {exact: false}).waitFor();
    await p.getByRole('link', {name: 'Open the order'}).click();
    await p.waitForURL((u) => u.pathname === `/account/orders/${order.id}`);
  });

  await step('phone: a ticket holder still gets the button on the event page and the programme, with no note', async () => {
    const g = await newGuardedPage(browser, phone);
    guarded.push(g);
    const p = g.page;
    await signInWithSession(p, server.url, people.emma.session, 'en');
    for (const path of [`/events/${event.id}`, `/events/${event.id}/programme`]) {
      await p.goto(`${server.url}${path}`);
      const card = p.locator('.prog-list .session-card', {hasText: 'Git untuk Pemula'});
      await card.getByRole('button', {name: 'Join the waitlist'}).waitFor();
      assert.equal(await card.locator('[data-state]').count(), 0, path);
    }
    await p.locator('.prog-list .session-card', {hasText: 'Git untuk Pemula'}).getByRole('button', {name: 'Join the waitlist'}).click();
    await p.getByText('The session is full: you are number 1 on the waitlist.').waitFor();
  });
});
