// The programme end to end against the real binary: an organizer builds a programme through the
// API (a 1-seat workshop, a talk in another room, an XSS probe as a title); on a phone viewport
// an attendee with a ticket registers for the workshop from the programme page; a second
// attendee is put on the waitlist; the first cancels from "my agenda" and the second sees the
// seat on their agenda. The wide-screen programme shows rooms as columns; the organizer's
// registrations list shows the promotion; the agenda feed parses as a calendar.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, screenshot, explainFailure} from './lib/browser.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const kPassword = 'correct horse battery';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

async function signIn(page, base, session, lang = 'en') {
  await page.goto(`${base}/`);
  await page.evaluate(([s, l]) => {
    localStorage.setItem('lanyard.access', s.access_token);
    localStorage.setItem('lanyard.refresh', s.refresh_token);
    localStorage.setItem('lanyard.user', JSON.stringify(s.user));
    localStorage.setItem('lanyard.lang', l);
  }, [session, lang]);
}

const reason = skipReason();

test('programme: register on a phone, waitlist, cancel, the seat moves on', {skip: reason || false, timeout: 240000}, async (t) => {
  const server = await startServer();
  const browser = await launchBrowser();
  const guarded = [];
  t.after(async () => {
    await browser.close().catch(() => {});
    await server.stop();
  });
  let failed = false;
  const step = async (name, fn) => {
    await t.test(name, {skip: failed ? 'an earlier step failed' : false}, async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        await explainFailure(name, guarded);
        throw err;
      }
    });
  };

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  let orgSession;
  let event, workshop, talk;
  const people = [];

  async function newUser(email, name, role) {
    await admin.post('/auth/register', {email, password: kPassword, name}, {token: null});
    if (role) {
      const users = await admin.get(`/users?q=${encodeURIComponent(email)}`);
      await admin.patch(`/users/${users.items.find((u) => u.email === email).id}`, {role});
    }
    const api = new Api(server.url);
    const session = await api.login(email, kPassword);
    return {api, session, email, name};
  }

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
  guarded.push(phone1, phone2, wide);

  const card = (page, title) => page.locator('.prog-list .session-card', {hasText: title});

  await step('phone: the programme is a list by day; Ayu registers for the workshop', async () => {
    const p = phone1.page;
    await signIn(p, server.url, people[0].session);
    await p.goto(`${server.url}/events/${event.id}/programme`);
    await p.getByRole('heading', {name: 'Programme — DevConf Nusantara'}).waitFor();
    assert.equal(await p.locator('.prog-grid').first().isVisible(), false, 'no grid on a phone');
    await card(p, 'Soldering 101').getByText('1 of 1 seats left').waitFor();
    await card(p, `Opening ${kXss}`).waitFor();  // the probe stays text
    await screenshot(p, 'programme-phone');
    await card(p, 'Soldering 101').getByRole('button', {name: 'Register'}).click();
    await p.getByText('You are registered.').first().waitFor();
    await card(p, 'Soldering 101').getByText('Registered').waitFor();
    await card(p, 'Soldering 101').getByText('Full').waitFor();
  });

  await step('phone: Bima finds it full and joins the waitlist as number 1', async () => {
    const p = phone2.page;
    await signIn(p, server.url, people[1].session);
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
    await signIn(p, server.url, orgSession);
    await p.goto(`${server.url}/events/${event.id}/programme`);
    const grid = p.locator('.prog-grid').first();
    await grid.waitFor();
    assert.equal(await p.locator('.prog-list').first().isVisible(), false, 'no list on a wide screen');
    const rooms = await grid.locator('.prog-room').allInnerTexts();
    assert.deepEqual(rooms.sort(), ['Lab 1', 'Main Hall']);
    await screenshot(p, 'programme-wide');
  });

  await step('phone: Ayu cancels from her agenda; Bima now holds the seat and was mailed', async () => {
    const p = phone1.page;
    await p.goto(`${server.url}/account/agenda`);
    const mine = p.locator('.session-card', {hasText: 'Soldering 101'});
    await mine.getByRole('button', {name: 'Cancel my seat'}).click();
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
