// Speaker nominations end to end in Chromium against the real binary: an attendee nominates a
// speaker and proposes a talk through the page, ticket holders vote from the nominees page (and
// move a vote), the organizer closes voting, and everyone sees the sorted results with the tie
// shown as a tie. Titles are XSS probes: a dialog fails the test.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {signedUpUser, kTestPassword} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const kPassword = kTestPassword;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

const reason = skipReason();

test('nominations: nominate, vote and move a vote, results after closing', {skip: reason || false, timeout: 180000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  const people = [];
  let event;

  const newUser = (email, name, role) => signedUpUser(admin, {email, name, role});

  await step('setup: an event with open nominations and voting, three ticket holders', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const org = await newUser('org@example.test', 'Olga Organizer', 'organizer');
    organizer.token = org.api.token;
    const now = Date.now();
    event = await organizer.post('/events', {title: `DevFest ${kXss}`, venue: 'Hall A', city: 'Bandung',
      starts_at: iso(now + 86400e3), ends_at: iso(now + 2 * 86400e3)});
    event = await organizer.post(`/events/${event.id}/submit`, {});
    const type = await organizer.post(`/events/${event.id}/ticket-types`, {name: 'Free', kind: 'free', price: 0, quota: 50});
    // The windows as SPEC §10 names them: fields of the event.
    const patched = await organizer.patch(`/events/${event.id}`, {
      nominations_open: iso(now - 3600e3), nominations_close: iso(now + 3600e3),
      voting_open: iso(now - 3600e3), voting_close: iso(now + 3600e3), voters: 'ticket_holders'});
    assert.equal(patched.voting_close, iso(now + 3600e3));
    for (const [i, name] of ['Ayu Lestari', 'Budi Santoso', 'Citra Dewi'].entries()) {
      const p = await newUser(`p${i}@example.test`, name);
      const order = await p.api.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
      assert.equal(order.status, 'paid');
      people.push(p);
    }
  });

  await step('Ayu nominates a speaker and proposes her own talk on the page', async () => {
    const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}});
    guarded.push(g);
    const {page} = g;
    await signInWithSession(page, server.url, people[0].session);
    await page.goto(`${server.url}/events/${event.id}/nominations`);
    await page.getByRole('heading', {name: /Speaker nominations/}).waitFor();
    // When nominations close is said on the page.
    await page.getByText(/Nominations are open until \S+ \d+ \S+ \d{4}, \d{2}:\d{2} \S+/).waitFor();
    await page.getByLabel("Nominee's name").fill('Dewi Lestari');
    await page.getByLabel("Nominee's email").fill('dewi@example.test');
    await page.getByLabel('Talk title').fill(`Offline-first apps ${kXss}`);
    await page.getByLabel('Abstract').fill('Sync when the network comes back.');
    await page.getByRole('button', {name: 'Nominate', exact: true}).click();
    await page.getByRole('heading', {name: `Offline-first apps ${kXss}`}).waitFor();
    await page.getByLabel('I propose a talk myself').check();
    await page.getByLabel('Talk title').fill('Kotlin on small phones');
    await page.getByRole('button', {name: 'Nominate', exact: true}).click();
    await page.getByRole('heading', {name: 'Kotlin on small phones'}).waitFor();
    const mail = await server.waitForMail((m) => /dewi@example\.test/.test(m.to || '') && /nominated/.test(m.subject || ''));
    assert.match(mail.text, /\/nominations\/respond\//);
    assert.deepEqual(g.report.dialogs, []);
    assert.deepEqual(g.report.errors, []);
  });

  await step('three ticket holders vote in the browser; one moves the vote', async () => {
    // Ayu: Offline-first; Budi: Kotlin, then moves to Offline-first; Citra: Kotlin → 2 : 1.
    const plan = [[0, 'Offline-first'], [1, 'Kotlin'], [2, 'Kotlin'], [1, 'Offline-first']];
    for (const [who, talk] of plan) {
      const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}});
      guarded.push(g);
      const {page} = g;
      await signInWithSession(page, server.url, people[who].session);
      await page.goto(`${server.url}/events/${event.id}/nominations`);
      const card = page.locator('li.list-item').filter({hasText: talk});
      await card.getByRole('button', {name: /^(Vote|Move my vote here)$/}).click();
      await page.getByText(/You voted for/).waitFor();
      await card.getByText('Your vote').waitFor();
      assert.deepEqual(g.report.dialogs, []);
      await g.context.close();
    }
    // Before voting closes an attendee is told when the results come, not refused.
    const g = await newGuardedPage(browser, {viewport: {width: 390, height: 844}});
    guarded.push(g);
    await signInWithSession(g.page, server.url, people[2].session);
    await g.page.goto(`${server.url}/events/${event.id}/nominations/results`);
    await g.page.getByText('The results are shown here once voting closes', {exact: false}).waitFor();
    assert.equal(await g.page.locator('table').count(), 0);
    await g.context.close();
    const results = await organizer.get(`/events/${event.id}/nominations/results`);
    assert.equal(results.total_votes, 3);
    assert.equal(results.items[0].votes, 2);
    assert.match(results.items[0].talk_title, /Offline-first/);
  });

  await step('the organizer closes voting; the results page shows the sorted tallies', async () => {
    const now = Date.now();
    // The settings route is the alias of the same data.
    await organizer.req('PUT', `/events/${event.id}/nomination-settings`, {
      nominations_open: iso(now - 7200e3), nominations_close: iso(now - 3600e3),
      voting_open: iso(now - 7200e3), voting_close: iso(now - 1000), voters: 'ticket_holders'});
    assert.equal((await organizer.get(`/events/${event.id}`)).voting_close, iso(now - 1000));
    const g = await newGuardedPage(browser);
    guarded.push(g);
    const {page} = g;
    await page.goto(`${server.url}/events/${event.id}/nominations`);
    await page.getByText('Voting has closed.').waitFor();
    await page.getByRole('link', {name: 'Results'}).click();
    await page.getByRole('heading', {name: /Vote results/}).waitFor();
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /Offline-first[\s\S]*2/);
    assert.match(await rows.nth(1).innerText(), /Kotlin[\s\S]*1/);
    assert.deepEqual(g.report.dialogs, []);
    assert.deepEqual(g.report.remote, []);
  });

  await step('the organizer decides on a nomination and mails the ticket holders from the editor', async () => {
    const g = await newGuardedPage(browser);
    guarded.push(g);
    const {page} = g;
    const org = await new Api(server.url).login('org@example.test', kPassword);
    await signInWithSession(page, server.url, org);
    const now = Date.now();
    const slot = await organizer.post(`/events/${event.id}/sessions`, {kind: 'talk', title: 'Opening talk',
      room: 'Hall A', starts_at: iso(now + 86400e3), ends_at: iso(now + 86400e3 + 3600e3)});
    await page.goto(`${server.url}/admin/events/${event.id}/nominations`);
    // Accepted into a session: the nominee becomes its speaker, and the mail names it.
    const chosen = page.locator('tr').filter({hasText: 'Offline-first apps'});
    await chosen.getByLabel(/Session for/).selectOption(String(slot.id));
    await chosen.getByRole('button', {name: 'Accept'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Accept'}).click();
    await chosen.getByText('Speaker of Opening talk').waitFor();
    assert.equal((await organizer.get(`/sessions/${slot.id}`)).speaker_name, 'Dewi Lestari');
    const accepted = await server.waitForMail((m) => /dewi@example\.test/.test(m.to || '') && /accepted/.test(m.subject || ''));
    assert.match(accepted.text, /scheduled as the session Opening talk/);

    const row = page.locator('tr').filter({hasText: 'Kotlin on small phones'});
    await row.getByRole('button', {name: 'Reject'}).click();
    await page.getByLabel('Message to the nominee (optional)').fill('Thank you for proposing!');
    await page.getByRole('dialog').getByRole('button', {name: 'Reject'}).click();
    await row.getByText('Not selected').waitFor();
    await server.waitForMail((m) => /p0@example\.test/.test(m.to || '') && /Kotlin/.test(m.subject || ''));

    await page.goto(`${server.url}/admin/events/${event.id}/campaigns`);
    await page.getByText('3 recipients', {exact: false}).waitFor();
    // A session's registrants: nobody registered for the opening talk yet.
    await page.locator('select[name=audience_kind]').selectOption('session');
    await page.getByText('0 recipients', {exact: false}).waitFor();
    await page.locator('select[name=audience_kind]').selectOption('ticket_holders');
    await page.getByText('3 recipients', {exact: false}).waitFor();
    // A slow count for an audience already left is dropped (session 9): the count, and so the
    // send-now question, name the audience on screen.
    const isSessionCount = (url) => url.pathname.endsWith('/campaigns/audience') && url.searchParams.get('kind') === 'session';
    const held = [];
    await page.route(isSessionCount, (route) => { held.push(route); });
    await page.locator('select[name=audience_kind]').selectOption('session');
    while (!held.length) await new Promise((r) => setTimeout(r, 20));
    await page.locator('select[name=audience_kind]').selectOption('ticket_holders');
    await page.waitForResponse((r) => r.url().includes('kind=ticket_holders'));
    const late = page.waitForResponse((r) => isSessionCount(new URL(r.url())));
    for (const r of held) await r.continue();
    await late;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    assert.match(await page.locator('[data-field=audience] [role=status]').textContent(), /^3 recipients/);
    await page.unroute(isSessionCount);
    await page.getByLabel('Subject').fill('See you soon, {{name}}');
    await page.getByLabel('Message (Markdown)').fill('Hello **{{name}}**!\n\n<script>alert(1)</script>');
    await page.getByRole('button', {name: 'Preview'}).click();
    await page.getByText('See you soon, Olga Organizer').waitFor();
    // The preview renders below the buttons: it is scrolled into view and its heading focused.
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return {text: el.textContent, inView: r.top >= 0 && r.top < window.innerHeight};
    });
    assert.deepEqual(focused, {text: 'Preview', inView: true});
    // Sending now asks first, naming the count; "Not yet" sends nothing.
    await page.getByRole('button', {name: 'Schedule or send'}).click();
    await page.getByRole('dialog').getByText('Send to 3 people now?').waitFor();
    await page.getByRole('dialog').getByRole('button', {name: 'Not yet'}).click();
    await page.getByRole('dialog').waitFor({state: 'detached'});
    assert.equal((await organizer.get(`/events/${event.id}/campaigns`)).items.length, 0);
    await page.getByRole('button', {name: 'Schedule or send'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Send now'}).click();
    await page.getByText('3 of 3 sent', {exact: false}).waitFor({timeout: 20000});
    // Cancelling a scheduled campaign asks first too.
    const later = await organizer.post(`/events/${event.id}/campaigns`, {subject: 'Later news', body: 'Soon.',
      audience: {kind: 'ticket_holders'}, scheduled_at: new Date(Date.now() + 86400000).toISOString()});
    assert.equal(later.status, 'scheduled');
    await page.reload();
    const laterRow = page.locator('tr').filter({hasText: 'Later news'});
    // Its send time is said once in its row (the "Scheduled at" column), not again as progress.
    const rowText = await laterRow.textContent();
    assert.equal((rowText.match(/\d{2}:\d{2}/g) || []).length, 1, rowText);
    assert.match(rowText, /Not sent yet/);
    await laterRow.getByRole('button', {name: 'Cancel'}).click();
    await page.getByRole('dialog').getByText('“Later news” will not be sent.').waitFor();
    await page.getByRole('dialog').getByRole('button', {name: 'Keep it scheduled'}).click();
    await page.getByRole('dialog').waitFor({state: 'detached'});
    assert.equal((await organizer.get(`/campaigns/${later.id}`)).status, 'scheduled');
    await laterRow.getByRole('button', {name: 'Cancel'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Cancel', exact: true}).click();
    await page.getByText('Campaign cancelled.').waitFor();
    assert.equal((await organizer.get(`/campaigns/${later.id}`)).status, 'cancelled');
    const mail = await server.waitForMail((m) => /p1@example\.test/.test(m.to || '') && /See you soon/.test(m.subject || ''));
    assert.match(mail.subject, /See you soon, Budi Santoso/);
    assert.ok(mail.html.includes('&lt;script&gt;'), 'the script arrives as text');
    assert.ok(!/<script/i.test(mail.html));
    assert.match(mail.headers['list-unsubscribe-post'] || '', /One-Click/);

    // The attendee follows the visible link: the page unsubscribes only on the button.
    const link = (mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_-]+/) || [])[0];
    assert.ok(link, mail.text);
    await page.goto(link);
    await page.getByText('You receive announcements from the organizers.').waitFor();
    await page.getByRole('button', {name: 'Unsubscribe'}).click();
    await page.getByText('You are unsubscribed', {exact: false}).waitFor();
    const after = await organizer.get(`/events/${event.id}/campaigns/audience?kind=ticket_holders`);
    assert.equal(after.recipients, 2);
    assert.deepEqual(g.report.dialogs, []);
    assert.deepEqual(g.report.errors, []);
  });
});
