// Publishing an event that takes money while no bank-transfer instructions are set (phone test,
// session 8): only the dashboard warned, and later. The event's own page now says it where the
// organizer publishes, in English and Indonesian, and asks once more on Publish without
// blocking it; a free event is published without a word.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('the publish action warns about missing bank instructions, in both languages, and still publishes', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let organizer;
  const events = {};

  await step('setup: no bank instructions; an organizer drafts a paid and a free event', async () => {
    await server.createAdmin('pub@example.test', kTestPassword);
    await admin.login('pub@example.test', kTestPassword);
    await admin.patch('/settings', {bank_instructions: '', require_email_confirmation: false, require_event_approval: false});
    organizer = await signedUpUser(admin, {email: 'org@example.test', name: 'Organizer', role: 'organizer'});
    const start = Date.now() + 5 * 86400000;
    for (const [name, kind] of [['paid', 'paid'], ['paid_id', 'paid'], ['free', 'free']]) {
      const ev = await organizer.api.post('/events', {title: `Event ${name}`, venue: 'Hall', city: 'Bandung',
        starts_at: iso(start), ends_at: iso(start + 3 * 3600000)});
      await organizer.api.post(`/events/${ev.id}/ticket-types`, kind === 'paid' ? {name: 'Reguler', kind, price: 50000} : {name: 'Gratis', kind});
      events[name] = ev.id;
    }
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('English: the warning above Publish, asked again, published anyway', async () => {
    await signInWithSession(p, server.url, organizer.session, 'en');
    await p.goto(`${server.url}/admin/events/${events.paid}`);
    const warning = p.locator('#publish-checks .notice-warn');
    await warning.waitFor();
    assert.match(await warning.textContent(), /Buyers will not be told how to pay.*no bank-transfer instructions are set.*Ask an administrator/);
    assert.ok(await warning.isVisible());
    await p.getByRole('button', {name: 'Publish', exact: true}).click();
    const dialog = p.locator('dialog[open]').filter({hasText: 'Publish without payment instructions?'});
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Ask an administrator to add them in Settings/);  // what to do, in the dialog too
    await dialog.getByRole('button', {name: 'Not yet'}).click();
    assert.equal((await organizer.api.get(`/events/${events.paid}`)).status, 'draft');
    await p.getByRole('button', {name: 'Publish', exact: true}).click();
    await dialog.getByRole('button', {name: 'Publish anyway'}).click();
    await p.getByRole('button', {name: 'Publish', exact: true}).waitFor({state: 'detached'});
    assert.equal((await organizer.api.get(`/events/${events.paid}`)).status, 'published');
  });

  await step('Indonesian: the same warning in Bahasa Indonesia', async () => {
    await signInWithSession(p, server.url, organizer.session, 'id');
    await p.goto(`${server.url}/admin/events/${events.paid_id}`);
    const warning = p.locator('#publish-checks .notice-warn');
    await warning.waitFor();
    assert.match(await warning.textContent(), /Pembeli tidak akan tahu cara membayar.*Minta administrator/);
    await p.getByRole('button', {name: 'Terbitkan', exact: true}).click();
    const dialog = p.locator('dialog[open]').filter({hasText: 'Terbitkan tanpa instruksi pembayaran?'});
    await dialog.waitFor();
    await dialog.getByRole('button', {name: 'Tetap terbitkan'}).click();
    await p.getByRole('button', {name: 'Terbitkan', exact: true}).waitFor({state: 'detached'});
    assert.equal((await organizer.api.get(`/events/${events.paid_id}`)).status, 'published');
  });

  await step('a paid type added on the page warns at once, without a reload', async () => {
    const start = Date.now() + 6 * 86400000;
    const ev = await organizer.api.post('/events', {title: 'Event later', venue: 'Hall', city: 'Bandung',
      starts_at: iso(start), ends_at: iso(start + 3 * 3600000)});
    await organizer.api.post(`/events/${ev.id}/ticket-types`, {name: 'Gratis', kind: 'free'});
    await signInWithSession(p, server.url, organizer.session, 'en');
    const checksRead = p.waitForResponse((r) => r.url().endsWith(`/events/${ev.id}/setup-checks`));
    await p.goto(`${server.url}/admin/events/${ev.id}`);
    assert.deepEqual((await (await checksRead).json()).items, []);
    assert.equal(await p.locator('#publish-checks .notice').count(), 0);
    await p.locator('#ticket-types details.add-box summary').click();
    const add = p.locator('#ticket-types details.add-box form');
    await add.locator('input[name=name]').fill('Reguler');
    await add.locator('select[name=kind]').selectOption('paid');
    await add.locator('input[name=price]').fill('50000');
    await add.getByRole('button', {name: 'Add a ticket type'}).click();
    await p.locator('#publish-checks .notice-warn', {hasText: 'Buyers will not be told how to pay'}).waitFor();
  });

  await step('a free event: no warning, published at once', async () => {
    await signInWithSession(p, server.url, organizer.session, 'en');
    // The page's read of the checks has answered (with nothing open) before the box is looked at.
    const checksRead = p.waitForResponse((r) => r.url().endsWith(`/events/${events.free}/setup-checks`));
    await p.goto(`${server.url}/admin/events/${events.free}`);
    assert.deepEqual((await (await checksRead).json()).items, []);
    const publish = p.getByRole('button', {name: 'Publish', exact: true});
    await publish.waitFor();
    assert.equal(await p.locator('#publish-checks .notice').count(), 0);
    await publish.click();
    await publish.waitFor({state: 'detached'});
    assert.equal(await p.locator('dialog[open]').count(), 0);
    assert.equal((await organizer.api.get(`/events/${events.free}`)).status, 'published');
  });
});
