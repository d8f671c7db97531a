// The programme end to end against the real binary: an organizer builds a programme through the
// API (a 1-seat workshop, a talk in another room, an XSS probe as a title); on a phone viewport
// an attendee with a ticket registers for the workshop from the programme page; a second
// attendee is put on the waitlist; the first cancels from "my agenda" and the second sees the
// seat on their agenda. The wide-screen programme shows rooms as columns; the organizer's
// registrations list shows the promotion; the agenda feed parses as a calendar. On the event
// page a registered or waitlisted attendee sees their place and a cancel button (never Register
// again); giving up a seat asks first, saying the seat goes to the next person in line; the
// organizer's session list and ticket types are cards on a phone, with no sideways scrolling.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {kTestPassword as kPassword, signedUpUser} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

const reason = skipReason();

test('programme: register on a phone, waitlist, cancel, the seat moves on', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  let orgSession;
  let event, workshop, talk;
  const people = [];

  const newUser = (email, name, role) => signedUpUser(admin, {email, name, role});

  await step('setup: a published event, a 1-seat workshop and a talk, two attendees with tickets', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const org = await newUser('org@example.test', 'Olga Organizer', 'organizer');
    organizer.token = org.api.token;
    orgSession = org.session;
    const day = Date.now() + 2 * 86400e3;
    event = await organizer.post('/events', {title: 'DevConf Nusantara', venue: 'Hall', city: 'Bandung',
      starts_at: iso(day), ends_at: iso(day + 10 * 3600e3)});
    event = await organizer.post(`/events/${event.id}/submit`, {});
    const type = await organizer.post(`/events/${event.id}/ticket-types`, {name: 'Pass', kind: 'free', price: 0, quota: 100});
    workshop = await organizer.post(`/events/${event.id}/sessions`, {kind: 'workshop', title: 'Soldering 101',
      speaker_name: 'Siti Rahma', room: 'Lab 1', starts_at: iso(day + 3600e3), ends_at: iso(day + 3 * 3600e3), capacity: 1,
      abstract: 'Bring nothing; we have irons.'});
    talk = await organizer.post(`/events/${event.id}/sessions`, {kind: 'talk', title: `Opening ${kXss}`,
      speaker_name: 'Budi', room: 'Main Hall', starts_at: iso(day + 3600e3), ends_at: iso(day + 2 * 3600e3), capacity: null});
    await organizer.post(`/events/${event.id}/sessions`, {kind: 'keynote', title: 'Closing keynote',
      room: 'Main Hall', starts_at: iso(day + 5 * 3600e3), ends_at: iso(day + 6 * 3600e3)});
    for (const [email, name] of [['ayu@example.test', 'Ayu Lestari'], ['bima@example.test', 'Bima Putra']]) {
      const p = await newUser(email, name);
      const order = await p.api.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
      assert.equal(order.status, 'paid');
      people.push(p);
    }
  });

  const phone1 = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  const phone2 = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  const wide = await newGuardedPage(browser, {viewport: {width: 1440, height: 900}});
  const orgPhone = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(phone1, phone2, wide, orgPhone);

  const card = (page, title) => page.locator('.prog-list .session-card', {hasText: title});

  await step('phone: the programme is a list by day; Ayu registers for the workshop', async () => {
    const p = phone1.page;
    await signInWithSession(p, server.url, people[0].session);
    await p.goto(`${server.url}/events/${event.id}/programme`);
    await p.getByRole('heading', {name: 'Programme — DevConf Nusantara'}).waitFor();
    assert.equal(await p.locator('.prog-grid').first().isVisible(), false, 'no grid on a phone');
    await card(p, 'Soldering 101').getByText('1 seat left of 1').waitFor();
    // The time range names its zone once, at the end: "10:00–12:00 WIB".
    const when = await card(p, 'Soldering 101').locator('.session-when').innerText();
    assert.match(when, /^\d{2}:\d{2}–\d{2}:\d{2} [^\d\s]\S*$/, when);
    await card(p, `Opening ${kXss}`).waitFor();  // the probe stays text
    await screenshot(p, 'programme-phone');
    await card(p, 'Soldering 101').getByRole('button', {name: 'Register'}).click();
    await p.getByText('You are registered.').first().waitFor();
    await card(p, 'Soldering 101').getByText('Registered').waitFor();
    await card(p, 'Soldering 101').getByText('Full').waitFor();
  });

  await step('phone: Bima finds it full and joins the waitlist as number 1', async () => {
    const p = phone2.page;
    await signInWithSession(p, server.url, people[1].session);
    await p.goto(`${server.url}/events/${event.id}/programme?kind=workshop`);
    await card(p, 'Soldering 101').waitFor();
    assert.equal(await card(p, 'Closing keynote').count(), 0, 'the kind filter hides the keynote');
    await card(p, 'Soldering 101').getByRole('button', {name: 'Join the waitlist'}).click();
    await p.getByText('The session is full: you are number 1 on the waitlist.').waitFor();
    await p.goto(`${server.url}/account/agenda`);
    await p.getByRole('heading', {name: 'My agenda'}).waitFor();
    await p.locator('.session-card', {hasText: 'Soldering 101'}).getByText('Number 1 in line').waitFor();
  });

  await step('wide screen: rooms are columns', async () => {
    const p = wide.page;
    await signInWithSession(p, server.url, orgSession);
    await p.goto(`${server.url}/events/${event.id}/programme`);
    const grid = p.locator('.prog-grid').first();
    await grid.waitFor();
    assert.equal(await p.locator('.prog-list').first().isVisible(), false, 'no list on a wide screen');
    const rooms = await grid.locator('.prog-room').allInnerTexts();
    assert.deepEqual(rooms.sort(), ['Lab 1', 'Main Hall']);
    await screenshot(p, 'programme-wide');
  });

  await step('phone: the event page shows Ayu her seat and Bima his place in line (in Indonesian), never Register', async () => {
    const p = phone1.page;
    await p.goto(`${server.url}/events/${event.id}`);
    const mine = p.locator('.event-sessions .session-card', {hasText: 'Soldering 101'});
    await mine.getByText('Registered').waitFor();
    // The event's own time: on one day the zone is printed once ("…, 09:00–19:00 WIB").
    const when = await p.locator('article.event p.meta time').innerText();
    if (!when.includes(' – ')) {
      assert.match(when, /\d{2}:\d{2}–\d{2}:\d{2} \S+$/, when);
      assert.equal(when.split(when.split(' ').pop()).length, 2, `one zone in "${when}"`);
    }
    await mine.getByRole('button', {name: 'Cancel my seat'}).waitFor();
    assert.equal(await mine.getByRole('button', {name: /Register|Join the waitlist/}).count(), 0);
    // The talk she is not registered for still offers Register.
    await p.locator('.event-sessions .session-card', {hasText: 'Opening'}).getByRole('button', {name: 'Register'}).waitFor();
    await screenshot(p, 'programme-event-registered-phone');

    const q = phone2.page;
    await q.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await q.goto(`${server.url}/events/${event.id}`);
    const his = q.locator('.event-sessions .session-card', {hasText: 'Soldering 101'});
    await his.getByText('Dalam daftar tunggu').waitFor();
    await his.getByText('Nomor 1 dalam antrean').waitFor();
    assert.equal(await his.getByRole('button', {name: /^Daftar$|Masuk daftar tunggu/}).count(), 0);
    await q.locator('.event-sessions .session-card', {hasText: 'Closing keynote'}).getByText('Pembicara utama').waitFor();
    // Leaving the line asks first; "Tetap mengantre" keeps the place.
    await his.getByRole('button', {name: 'Keluar dari daftar tunggu'}).click();
    const dialog = q.getByRole('dialog');
    await dialog.getByText('Anda kehilangan antrean untuk “Soldering 101” (nomor 1)', {exact: false}).waitFor();
    await dialog.getByRole('button', {name: 'Tetap mengantre'}).click();
    await dialog.waitFor({state: 'detached'});
    assert.equal((await people[1].api.get(`/sessions/${workshop.id}`)).my.status, 'waitlisted');
    await q.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
  });

  await step('the session page (linked from the waitlist mail) shows the real state; "need a ticket" only without one', async () => {
    const p = phone1.page;
    await p.goto(`${server.url}/events/${event.id}/sessions/${workshop.id}`);
    await p.getByRole('heading', {name: 'Soldering 101'}).waitFor();
    await p.locator('.my-place').getByText('Registered').waitFor();
    await p.getByRole('button', {name: 'Cancel my seat'}).waitFor();
    assert.equal(await p.getByText('You need a ticket', {exact: false}).count(), 0);
    // A ticket holder not yet registered for the talk: may register, no ticket message.
    await p.goto(`${server.url}/events/${event.id}/sessions/${talk.id}`);
    await p.getByText('You hold a ticket for this event: you can register.').waitFor();
    await p.getByRole('button', {name: 'Register'}).waitFor();
    assert.equal(await p.getByText('You need a ticket', {exact: false}).count(), 0);

    const q = phone2.page;
    await q.evaluate(() => localStorage.setItem('lanyard.lang', 'id'));
    await q.goto(`${server.url}/events/${event.id}/sessions/${workshop.id}`);
    await q.getByText('Nomor 1 dalam antrean').waitFor();
    await q.getByRole('button', {name: 'Keluar dari daftar tunggu'}).waitFor();
    assert.equal(await q.getByText('Anda perlu tiket', {exact: false}).count(), 0);
    await q.evaluate(() => localStorage.setItem('lanyard.lang', 'en'));
    await q.goto(`${server.url}/events/${event.id}`);  // where the next step expects Bima

    // The organizer holds no ticket: the message, with a link to the event page to get one.
    const w = wide.page;
    await w.goto(`${server.url}/events/${event.id}/sessions/${talk.id}`);
    await w.getByText('You need a ticket for this event to register.').waitFor();
    assert.equal(await w.getByRole('link', {name: 'Get a ticket'}).getAttribute('href'), `/events/${event.id}`);
    assert.equal(await w.getByRole('button', {name: 'Register'}).count(), 0);
  });

  await step('phone: Ayu cancels from her agenda after confirming; Bima now holds the seat and was mailed', async () => {
    const p = phone1.page;
    await p.goto(`${server.url}/account/agenda`);
    const mine = p.locator('.session-card', {hasText: 'Soldering 101'});
    // The first tap only asks, and says who gets the seat; "Keep my seat" keeps it.
    await mine.getByRole('button', {name: 'Cancel my seat'}).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByText('The seat goes at once to the next person on the waiting list', {exact: false}).waitFor();
    await screenshot(p, 'programme-cancel-confirm-phone');
    await dialog.getByRole('button', {name: 'Keep my seat'}).click();
    await dialog.waitFor({state: 'detached'});
    assert.equal((await people[0].api.get(`/sessions/${workshop.id}`)).my.status, 'registered');
    await mine.getByRole('button', {name: 'Cancel my seat'}).click();
    await dialog.getByRole('button', {name: 'Cancel my seat'}).click();
    await p.getByText('You have not registered for any session yet', {exact: false}).waitFor();
    const q = phone2.page;
    await q.reload();
    await q.locator('.session-card', {hasText: 'Soldering 101'}).getByText('Registered').waitFor();
    assert.equal(await q.getByText('Number 1 in line').count(), 0);
    await screenshot(q, 'programme-agenda-phone');
    const outbox = await admin.get('/mail/outbox?limit=100');
    const promoted = (outbox.items || []).filter((m) => m.kind === 'session_waitlist_promoted');
    assert.equal(promoted.length, 1);
    assert.equal(promoted[0].to_email || promoted[0].to, 'bima@example.test');
  });

  await step('phone: the organizer\'s session list and ticket types are cards, no sideways scrolling; Edit brings the form', async () => {
    const p = orgPhone.page;
    await signInWithSession(p, server.url, orgSession);
    const noOverflow = async (what) => {
      const [scroll, inner] = await p.evaluate(() => [document.scrollingElement.scrollWidth, innerWidth]);
      assert.ok(scroll <= inner, `${what}: page ${scroll}px wide in a ${inner}px viewport`);
    };
    const inView = async (locator, what) => {
      const box = await locator.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${what} within the 390px screen: ${JSON.stringify(box)}`);
    };
    await p.goto(`${server.url}/admin/events/${event.id}/sessions`);
    const row = p.locator('.table-stack tr', {hasText: 'Soldering 101'});
    await row.waitFor();
    await noOverflow('session list');
    await inView(row.getByRole('button', {name: 'Edit'}), 'Edit');
    await inView(row.getByRole('button', {name: 'Delete'}), 'Delete');
    await inView(row.getByRole('link', {name: 'Registrations'}), 'Registrations');
    await screenshot(p, 'programme-admin-sessions-phone');
    await row.getByRole('button', {name: 'Edit'}).click();
    const title = p.locator('#session-editor input[name=title]');
    await p.getByRole('heading', {name: 'Change “Soldering 101”'}).waitFor();
    await p.waitForFunction(() => document.activeElement && document.activeElement.name === 'title');
    assert.equal(await title.inputValue(), 'Soldering 101');
    const top = await title.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 844, `the title field is on screen (top ${top})`);
    assert.match(p.url(), /\?edit=\d+$/);

    await p.goto(`${server.url}/admin/events/${event.id}`);
    const tt = p.locator('#ticket-types .table-stack tr', {hasText: 'Pass'});
    await tt.waitFor();
    await noOverflow('event page with ticket types');
    await inView(tt.getByRole('button', {name: 'Edit'}), 'ticket type Edit');
    await inView(tt.getByRole('button', {name: 'Delete'}), 'ticket type Delete');
  });

  await step('the organizer sees the list; the calendar feed is a calendar', async () => {
    const p = wide.page;
    await p.goto(`${server.url}/admin/events/${event.id}/sessions/${workshop.id}`);
    await p.getByText('1 registered · 0 waiting · 0 came in').waitFor();
    await p.getByRole('cell', {name: 'Bima Putra'}).waitFor();
    const feed = await people[1].api.post('/me/agenda/feed', {});
    const res = await fetch(feed.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    const text = await res.text();
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /SUMMARY:Soldering 101\r\n/);
    assert.match(text, /STATUS:CONFIRMED\r\n/);
    assert.equal(talk.capacity, null);
  });
});
