// Teams end to end on the real binary in Chromium: a leader creates a team on the event page
// and gets an invite link (with a QR code); a second browser opens the link signed out, signs
// up, confirms through the mailed link, signs in, comes back to the invite and joins; the leader
// registers the team, pays the fee with a proof upload, the payment desk confirms it, and the
// team page shows `confirmed`. Team and user names are XSS probes.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, screenshot, receiptPng, signInWithForm} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {findLink} from './lib/mail.mjs';
import {confirmedUser, kTestPassword} from './lib/accounts.mjs';
import {Api} from './lib/api.mjs';

const kXss = '<img src=x onerror=alert(1)>';
const kPassword = kTestPassword;
const reason = skipReason();

test('a team forms through an invite link, registers, pays and is confirmed', {skip: reason || false, timeout: 240000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);

  const admin = new Api(server.url);
  const organizer = new Api(server.url);
  const leaderApi = new Api(server.url);
  const teamName = `Kopi ${kXss}`;
  const joinerEmail = 'bayu@example.test';
  let event;
  let competition;
  let inviteUrl;
  let teamId;

  await step('setup through the API: an organizer publishes an event with a hackathon', async () => {
    await server.createAdmin('admin@example.test', kPassword);
    await admin.login('admin@example.test', kPassword);
    await confirmedUser(server, admin, {email: 'org@example.test', name: 'Org', role: 'organizer'});
    await confirmedUser(server, admin, {email: 'staff@example.test', name: 'Sari Staff', role: 'staff'});
    await confirmedUser(server, admin, {email: 'lia@example.test', name: `Lia ${kXss}`, phone: '+62 811 1234 5678'});
    await organizer.login('org@example.test', kPassword);
    await leaderApi.login('lia@example.test', kPassword);
    const start = new Date(Date.now() + 14 * 86400000);
    start.setUTCHours(2, 0, 0, 0);
    const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
    event = await organizer.post('/events', {
      title: 'Hack Bandung', venue: 'Aula Barat', city: 'Bandung',
      starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 10 * 3600000)),
    });
    competition = await organizer.post(`/events/${event.id}/competitions`, {
      name: 'Hackathon', team_min: 2, team_max: 3, fee: 100000,
      stages: [{name: 'Proposal', deadline: iso(new Date(Date.now() + 5 * 86400000)), takes: 'file'}],
    });
    assert.equal((await organizer.post(`/events/${event.id}/submit`, {})).status, 'published');
  });

  const leader = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(leader);
  const joiner = await newGuardedPage(browser, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  guarded.push(joiner);
  const desk = await newGuardedPage(browser, {viewport: {width: 1366, height: 900}});
  guarded.push(desk);
  const lp = leader.page;
  const jp = joiner.page;

  await step('the leader creates a team on the event page and sees the invite link and its QR code', async () => {
    await signInWithForm(lp, server.url, {email: 'lia@example.test', password: kPassword});
    await lp.goto(`${server.url}/events/${event.id}`);
    await lp.getByLabel('Team name').fill(teamName);
    await lp.getByRole('button', {name: 'Create a team'}).click();
    await lp.waitForURL(/\/account\/teams\/\d+$/);
    teamId = Number(new URL(lp.url()).pathname.split('/').pop());
    await lp.getByRole('heading', {level: 1, name: teamName}).waitFor();
    inviteUrl = await lp.locator('#invite-url').inputValue();
    assert.match(inviteUrl, /\/join\/[A-Za-z0-9_-]{43}$/);
    await lp.waitForFunction(() => {
      const img = document.querySelector('.invite-qr img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const welcome = await server.waitForMail((m) => m.to.includes('lia@example.test') && m.text.includes('/join/'));
    assert.ok(welcome.text.includes(inviteUrl), 'team_welcome carries the invite link');
    await screenshot(lp, 'team-page');
  });

  await step('a second browser opens the invite signed out and sees the preview', async () => {
    await jp.goto(inviteUrl);
    await jp.getByRole('heading', {level: 2, name: teamName}).waitFor();
    await jp.getByText('Hackathon').first().waitFor();
    await jp.getByText(`Lia ${kXss}`).waitFor();
    await screenshot(jp, 'join-page');
    await jp.getByRole('link', {name: 'Sign up'}).first().click();
    await jp.waitForURL(/\/account\/register\?next=/);
  });

  await step('signs up, confirms through the mail, signs in and comes back to the invite', async () => {
    await jp.getByLabel('Name').fill('Bayu Member');
    await jp.getByLabel('Email').fill(joinerEmail);
    await jp.getByLabel('Password').fill(kPassword);
    await jp.getByRole('button', {name: 'Create account'}).click();
    await jp.getByRole('heading', {name: 'Check your email'}).waitFor();
    const mail = await server.waitForMail((m) => m.to.includes(joinerEmail) && /\/account\/confirm/.test(m.text));
    await jp.goto(findLink(mail, '/account/confirm'));
    await jp.getByText('Your email address is confirmed.').waitFor();
    await jp.getByRole('link', {name: 'Sign in'}).last().click();
    await jp.getByLabel('Email').fill(joinerEmail);
    await jp.getByLabel('Password').fill(kPassword);
    await jp.getByRole('button', {name: 'Sign in'}).click();
    await jp.waitForURL((u) => u.pathname.startsWith('/join/'));
  });

  await step('joins; the leader is mailed and sees two members', async () => {
    await jp.getByRole('button', {name: /^Join /}).click();
    await jp.waitForURL(/\/account\/teams\/\d+$/);
    await jp.getByText('2 of 3 members').waitFor();
    await server.waitForMail((m) => m.to.includes('lia@example.test') && m.subject.includes('Bayu Member'));
    // Joining again is refused with a clear message.
    await jp.goto(inviteUrl);
    await jp.getByRole('button', {name: /^Join /}).click();
    await jp.getByText('You are already in a team for this competition.').waitFor();
  });

  await step('the leader registers the team; the fee order is pending with its reference', async () => {
    await lp.goto(`${server.url}/account/teams/${teamId}`);
    await lp.getByText('Bayu Member').waitFor();
    await lp.getByRole('button', {name: 'Register now'}).click();
    await lp.locator('dialog').getByRole('button', {name: 'Confirm'}).click();
    await lp.getByText('Your team is registered.').waitFor();
    const team = await leaderApi.get(`/teams/${teamId}`);
    assert.equal(team.status, 'registered');
    await lp.getByText(team.order.code).waitFor();
    await lp.getByRole('link', {name: 'Pay and upload the transfer proof'}).click();
    await lp.waitForURL(/\/account\/orders\/\d+$/);
    const png = await receiptPng(browser, {amount: 'Rp 100.000', reference: team.order.code});
    await lp.getByLabel(/Receipt/).setInputFiles({name: 'transfer.png', mimeType: 'image/png', buffer: png});
    await lp.getByRole('button', {name: 'Upload proof'}).click();
    await lp.getByText('Proof received.').waitFor();
  });

  await step('the payment desk confirms the fee; the team shows confirmed', async () => {
    const d = desk.page;
    await signInWithForm(d, server.url, {email: 'staff@example.test', password: kPassword}, '/staff/payments');
    await d.waitForURL(/\/staff\/payments/);
    await d.locator('#lanyard\\.desk\\.event-select').selectOption(String(event.id));
    const team = await leaderApi.get(`/teams/${teamId}`);
    await d.locator('.desk-order-btn', {hasText: team.order.code}).click();
    await d.getByRole('button', {name: 'Confirm payment'}).click();
    await d.getByText(`Order ${team.order.code} is paid`).waitFor();
    await lp.goto(`${server.url}/account/teams/${teamId}`);
    await lp.getByText('Your team is confirmed.').waitFor();
    await lp.locator('.badge', {hasText: 'Confirmed'}).first().waitFor();
    assert.equal((await leaderApi.get(`/teams/${teamId}`)).status, 'confirmed');
    await server.waitForMail((m) => m.to.includes(joinerEmail) && /confirmed/.test(m.subject));
  });

  await step('the organizer sees the team on the competition page and downloads the CSV', async () => {
    const d = desk.page;
    await signInWithForm(d, server.url, {email: 'org@example.test', password: kPassword}, `/admin/competitions/${competition.id}`);
    await d.getByRole('link', {name: teamName}).waitFor();
    const [download] = await Promise.all([d.waitForEvent('download'), d.getByRole('button', {name: 'Download CSV'}).click()]);
    assert.match(download.suggestedFilename(), /teams-competition-\d+\.csv/);
  });

  await step('no page talked to the outside, opened a dialog or threw', async () => {
    for (const g of guarded) {
      assert.deepEqual(g.report.remote, []);
      assert.deepEqual(g.report.dialogs, []);
      assert.deepEqual(g.report.errors, []);
    }
  });
});
