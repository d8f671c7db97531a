// Prize draws end to end against the real binary: free tickets ordered through the API, people
// checked in at the door, a draw performed from the projector's live screen (commitment
// before, animation, winners, hashes after), a second live screen that only watches and picks
// the draw up by polling, `lanyard draw verify` on the downloaded proof (OK, then MISMATCH with
// exit 1 after tampering), the public verification page (fetched proof and a pasted one), a
// winner claiming in the browser, the desk marking a prize claimed, and a redraw after the
// claim window. Titles are XSS probes.
//
// The redraw needs the claim window to be over: that draw is created with
// claim_window_minutes 0, which the API allows (every prize is redrawable at once; the desk can
// still hand prizes out), so no test-only clock is needed.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, writeFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {skipReason, kBinary} from './lib/env.mjs';
import {newGuardedPage, screenshot, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {signedUpUser, kTestPassword} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const kPassword = kTestPassword;

// Runs `lanyard draw verify FILE`; resolves {code, stdout, stderr} whatever the exit code.
function drawVerify(file) {
  return new Promise((resolve) => {
    execFile(kBinary, ['draw', 'verify', file], {timeout: 30000}, (err, stdout, stderr) => {
      resolve({code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr});
    });
  });
}

const reason = skipReason();

test('prize draws: live screen, proof, CLI and page verification, claims, redraw', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lanyard-draws-'));
  t.after(async () => {
    await rm(tmp, {recursive: true, force: true});
  });

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  const staff = new Api(server.url);
  let orgSession;
  const people = [];  // {api, session, email, name, ticket}
  let event;
  let mainDraw;   // checked_in, Tablet x1 + Mug x2, 30-minute window
  let quickDraw;  // opt_in, Shirt x1, window 0
  let proof;

  const newUser = (email, name, role) => signedUpUser(admin, {email, name, role});

  await step('setup: admin, organizer, staff, a published event with a free ticket type', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    await admin.patch('/settings', {require_email_confirmation: false});
    const org = await newUser('org@example.test', 'Olga Organizer', 'organizer');
    organizer.token = org.api.token;
    orgSession = org.session;
    const st = await newUser('staff@example.test', 'Sari Staff', 'staff');
    staff.token = st.api.token;
    const now = Date.now();
    event = await organizer.post('/events', {
      title: `Community Day ${kXss}`, description: 'Door prizes at the end.', venue: 'Hall A', city: 'Bandung',
      starts_at: new Date(now + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
      ends_at: new Date(now + 8 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    event = await organizer.post(`/events/${event.id}/submit`, {});
    assert.equal(event.status, 'published');
    event.ticketType = await organizer.post(`/events/${event.id}/ticket-types`, {name: 'Free pass', kind: 'free', price: 0, quota: 100});
  });

  await step('five attendees order free tickets; staff check four of them in', async () => {
    const names = ['Ayu Lestari', 'Budi Santoso', 'Citra Dewi Maharani', 'Dodi Pratama', 'Eka Putri'];
    for (const [i, name] of names.entries()) {
      const email = `p${i}@example.test`;
      const {api, session} = await newUser(email, name);
      const order = await api.post('/orders', {event_id: event.id, items: [{ticket_type_id: event.ticketType.id, quantity: i === 1 ? 2 : 1}]});
      assert.equal(order.status, 'paid');
      const tickets = await api.get('/tickets');
      people.push({api, session, email, name, tickets: tickets.items || tickets});
    }
    for (const p of people.slice(0, 4)) {
      const r = await staff.post('/checkin', {code: p.tickets[0].code, event_id: event.id});
      assert.equal(r.result, 'ok');
    }
  });

  await step('the organizer creates two draws through the API; the seed stays secret', async () => {
    mainDraw = await organizer.post(`/events/${event.id}/draws`, {
      title: `Door prizes ${kXss}`, eligibility: 'checked_in',
      prizes: [{name: 'Tablet', quantity: 1}, {name: 'Mug', quantity: 2}],
    });
    assert.equal(mainDraw.status, 'open');
    assert.match(mainDraw.commitment, /^[0-9a-f]{64}$/);
    assert.equal(mainDraw.seed, null);
    assert.equal(mainDraw.entrant_count, 4);
    quickDraw = await organizer.post(`/events/${event.id}/draws`, {
      title: 'Quick shirt draw', eligibility: 'opt_in', claim_window_minutes: 0, prizes: [{name: 'Shirt', quantity: 1}],
    });
    await assert.rejects(organizer.get(`/draws/${mainDraw.id}/proof`), (e) => e.status === 409 && e.body.code === 'not_drawn');
  });

  const projector = await newGuardedPage(browser, {viewport: {width: 1920, height: 1080}});
  guarded.push(projector);
  const watcher = await newGuardedPage(browser, {viewport: {width: 1280, height: 720}});
  guarded.push(watcher);
  const phone = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(phone);

  let textBefore = '';
  await step('live screen before the draw: the commitment and the number of people', async () => {
    const p = projector.page;
    await signInWithSession(p, server.url, orgSession);
    await p.goto(`${server.url}/draws/${mainDraw.id}/live`);
    const screen = p.locator('.draw-live-screen[data-state="waiting"]');
    await screen.waitFor();
    const shown = (await p.locator('.draw-live-commitment').innerText()).replace(/\s+/g, '');
    assert.equal(shown, mainDraw.commitment);
    await p.getByText('4 people in the draw').waitFor();
    await p.getByRole('heading', {name: `Door prizes ${kXss}`}).waitFor();
    textBefore = await p.locator('body').innerText();
    await screenshot(p, 'draw-live-before');
  });

  await step('"Draw now" on the live screen: animation, then the winners and the hashes', async () => {
    const p = projector.page;
    await p.getByRole('button', {name: 'Draw now'}).click();
    await p.locator('.draw-live-screen[data-state="drawing"] .draw-live-roller').waitFor();
    await screenshot(p, 'draw-live-drawing');
    await p.locator('.draw-live-screen[data-state="drawn"]').waitFor({timeout: 20000});
    const names = await p.locator('.draw-live-winner-name').allInnerTexts();
    assert.equal(names.length, 3);
    for (const n of names) assert.match(n, /^\S+ \S\.$/, `"${n}" is a first name and an initial`);
    const prizes = await p.locator('.draw-live-winner-prize').allInnerTexts();
    assert.deepEqual(prizes, ['Tablet', 'Mug', 'Mug']);
    assert.equal(await p.locator('.draw-live-winner.pending').count(), 0);
    const drawn = await organizer.get(`/draws/${mainDraw.id}`);
    assert.equal(drawn.status, 'drawn');
    // The seed appears only now, with the check that it hashes to the commitment.
    assert.ok(!textBefore.replace(/\s+/g, '').includes(drawn.seed), 'the seed was not on the screen before the draw');
    const after = (await p.locator('.draw-live-hashes').innerText()).replace(/\s+/g, '');
    assert.ok(after.includes(drawn.seed));
    assert.ok(after.includes(drawn.entrants_hash));
    await p.locator('.draw-live-check.ok').waitFor();
    await screenshot(p, 'draw-live-winners');
  });

  await step('a second live screen picks up a draw performed elsewhere', async () => {
    const w = watcher.page;
    await w.goto(`${server.url}/draws/${quickDraw.id}/live`);
    await w.locator('.draw-live-screen[data-state="waiting"]').waitFor();
    assert.equal(await w.getByRole('button', {name: 'Draw now'}).count(), 0, 'anonymous viewers get no draw button');
    // Two attendees enter the opt-in draw, one through the draw page on a phone.
    await signInWithSession(phone.page, server.url, people[0].session);
    await phone.page.goto(`${server.url}/draws/${quickDraw.id}`);
    await phone.page.getByRole('button', {name: 'Enter the draw'}).click();
    await phone.page.getByRole('button', {name: 'Withdraw my entry'}).waitFor();
    await people[4].api.post(`/draws/${quickDraw.id}/entries`, {});
    await assert.rejects(people[4].api.post(`/draws/${quickDraw.id}/entries`, {}), (e) => e.status === 409 && e.body.code === 'already_entered');
    await w.getByText('2 people in the draw').waitFor({timeout: 10000});
    await organizer.post(`/draws/${quickDraw.id}/perform`, {});
    await w.locator('.draw-live-screen[data-state="drawing"], .draw-live-screen[data-state="revealing"], .draw-live-screen[data-state="drawn"]').first().waitFor({timeout: 10000});
    await w.locator('.draw-live-screen[data-state="drawn"]').waitFor({timeout: 20000});
    assert.equal(await w.locator('.draw-live-winner').count(), 1);
  });

  let proofFile;
  await step('lanyard draw verify: OK on the downloaded proof, MISMATCH after tampering', async () => {
    const res = await fetch(`${server.url}/api/v1/draws/${mainDraw.id}/proof`);
    assert.equal(res.status, 200);
    proof = await res.json();
    assert.equal(proof.algorithm, 'lanyard-draw-v1');
    assert.equal(proof.entrants.length, 4);
    assert.equal(proof.winners.length, 3);
    proofFile = path.join(tmp, 'proof.json');
    await writeFile(proofFile, JSON.stringify(proof, null, 2));
    const ok = await drawVerify(proofFile);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^OK/);

    const tampered = structuredClone(proof);
    tampered.winners[0].user_id = proof.winners[1].user_id;
    const badFile = path.join(tmp, 'tampered.json');
    await writeFile(badFile, JSON.stringify(tampered));
    const bad = await drawVerify(badFile);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^MISMATCH/);
    assert.match(bad.stdout, /winner 1 should be user \d+, proof says \d+/);

    const otherSeed = structuredClone(proof);
    otherSeed.seed = otherSeed.seed.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await writeFile(badFile, JSON.stringify(otherSeed));
    const seedBad = await drawVerify(badFile);
    assert.equal(seedBad.code, 1);
    assert.match(seedBad.stdout, /commitment does not match the seed/);
  });

  await step('the public verification page recomputes the proof in the browser', async () => {
    const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', async (d) => { errors.push(`dialog: ${d.message()}`); await d.dismiss(); });
    const entry = {page, report: {errors, console: []}};
    guarded.push(entry);
    await page.goto(`${server.url}/draws/${mainDraw.id}/verify`);
    const verdict = page.locator('.draw-verdict[data-result]').first();
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-result'), 'ok');
    await page.getByText('OK: the proof matches').waitFor();
    await screenshot(page, 'draw-verify-ok');

    // A tampered proof pasted into the page is refused, with the reason.
    const tampered = structuredClone(proof);
    tampered.entrants = tampered.entrants.slice(1);
    await page.getByLabel('Proof (JSON)').fill(JSON.stringify(tampered));
    await page.getByRole('button', {name: 'Verify', exact: true}).click();
    const pasted = page.locator('.draw-paste-result .draw-verdict');
    await pasted.waitFor();
    assert.equal(await pasted.getAttribute('data-result'), 'mismatch');
    await page.locator('.draw-paste-result').getByText('entrants_hash does not match the entrants').waitFor();
    // The genuine one pasted passes too.
    await page.getByLabel('Proof (JSON)').fill(JSON.stringify(proof));
    await page.getByRole('button', {name: 'Verify', exact: true}).click();
    await page.locator('.draw-paste-result .draw-verdict[data-result="ok"]').waitFor();
    assert.deepEqual(errors, []);
    guarded.splice(guarded.indexOf(entry), 1);
    await ctx.close();
  });

  await step('a winner claims in the browser; the desk hands out another prize', async () => {
    const winnerId = proof.winners[0].user_id;
    const winner = people.find((p) => p.session.user.id === winnerId);
    assert.ok(winner, 'the first winner is one of the attendees');
    const mail = await server.waitForMail((m) => m.to.includes(winner.email) && /Tablet/.test(m.text));
    assert.match(mail.text, new RegExp(`/draws/${mainDraw.id}`));
    const p = phone.page;
    await signInWithSession(p, server.url, winner.session);
    await p.goto(`${server.url}/draws/${mainDraw.id}`);
    await p.getByText('You won Tablet!').waitFor();
    await p.getByRole('button', {name: 'Claim my prize'}).click();
    await p.getByText(/You claimed Tablet/).waitFor();
    await screenshot(p, 'draw-claimed');
    const d = await organizer.get(`/draws/${mainDraw.id}`);
    assert.equal(d.winners[0].claimed, true);
    // Staff mark slot 2 claimed at the desk.
    const desk = await staff.post(`/draws/${mainDraw.id}/winners/2/claimed`, {});
    assert.equal(desk.winners[1].claimed, true);
    // Nothing can be redrawn while the window is open.
    await assert.rejects(organizer.post(`/draws/${mainDraw.id}/redraw`, {}), (e) => e.status === 409 && e.body.code === 'claim_window_open');
  });

  await step('redraw after the claim window continues the sequence and still verifies', async () => {
    const before = await organizer.get(`/draws/${quickDraw.id}/proof`);
    const first = before.winners[0].user_id;
    const after = await organizer.post(`/draws/${quickDraw.id}/redraw`, {});
    assert.equal(after.redraws.length, 1);
    const redrawn = await organizer.get(`/draws/${quickDraw.id}/proof`);
    assert.equal(redrawn.redraws.length, 1);
    assert.equal(redrawn.redraws[0].replaced_user_id, first);
    assert.equal(redrawn.redraws[0].position, 2);
    assert.notEqual(redrawn.redraws[0].user_id, first);
    const file = path.join(tmp, 'redraw-proof.json');
    await writeFile(file, JSON.stringify(redrawn));
    const ok = await drawVerify(file);
    assert.equal(ok.code, 0, ok.stdout);
    await assert.rejects(organizer.post(`/draws/${quickDraw.id}/redraw`, {}), (e) => e.status === 409 && e.body.code === 'no_entrants');
    // The verification page agrees, redraws included.
    await watcher.page.goto(`${server.url}/draws/${quickDraw.id}/verify`);
    await watcher.page.locator('.draw-verdict[data-result="ok"]').waitFor();
    await watcher.page.getByRole('heading', {name: 'Redraws'}).waitFor();
  });

  await step('organizer pages: the event\'s draws and the create form', async () => {
    const p = projector.page;
    await p.goto(`${server.url}/admin/events/${event.id}/draws`);
    await p.getByRole('link', {name: `Door prizes ${kXss}`}).waitFor();
    await p.getByLabel('Title').fill('Closing raffle');
    await p.getByLabel(/^Prize/).fill('Backpack');
    await p.getByRole('button', {name: 'Add a prize'}).click();
    await p.getByLabel(/^Prize/).nth(1).fill('Sticker pack');
    await p.getByLabel('Quantity').nth(1).fill('5');
    await p.getByLabel('Who takes part').selectOption('ticket_holders');
    await p.getByRole('button', {name: 'Create the draw'}).click();
    await p.waitForURL(/\/draws\/\d+$/);
    await p.getByRole('heading', {name: 'Closing raffle'}).waitFor();
    await p.getByText('Backpack, 5× Sticker pack').waitFor();
    await p.getByText('Everyone holding a valid ticket').first().waitFor();
    await screenshot(p, 'draw-page-organizer');
  });

  await step('no page talked to the outside, opened a dialog or threw', async () => {
    for (const g of [projector, watcher, phone]) {
      assert.deepEqual(g.report.remote, []);
      assert.deepEqual(g.report.dialogs, []);
      assert.deepEqual(g.report.errors, []);
    }
  });
});
