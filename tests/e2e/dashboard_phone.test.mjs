// The organizer dashboard on a 390 px phone (phone test, session 8): chart labels were printed
// at 6 px (a 640-unit drawing shrunk to the screen), the per-ticket-type table was cut, a free
// event had a revenue chart scaled to "Rp 1", and the check-in hours read "16:00" in Indonesian
// where every other page writes "16.00".

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {skipReason} from './lib/env.mjs';
import {newGuardedPage, signInWithSession} from './lib/browser.mjs';
import {startBrowserTest} from './lib/browser_test.mjs';
import {Api} from './lib/api.mjs';
import {kTestPassword, signedUpUser} from './lib/accounts.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const kPhone = {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true};

test('the dashboard of a free event reads on a phone, in Indonesian', {skip: skipReason() || false, timeout: 120000}, async (t) => {
  const {server, browser, guarded, step} = await startBrowserTest(t);
  const admin = new Api(server.url);
  let eventId;
  let session;
  let checkedInAt;

  await step('setup: a free event with long ticket type names, two tickets, one checked in', async () => {
    await server.createAdmin('phone@example.test', kTestPassword);
    session = await admin.login('phone@example.test', kTestPassword);
    await admin.patch('/settings', {timezone: 'Asia/Jakarta', require_email_confirmation: false});
    const start = Date.now() + 2 * 3600000;
    const ev = await admin.post('/events', {title: 'Temu Komunitas', venue: 'Aula', city: 'Yogyakarta',
      starts_at: iso(start), ends_at: iso(start + 4 * 3600000)});
    eventId = ev.id;
    const free = await admin.post(`/events/${eventId}/ticket-types`, {name: 'Peserta umum komunitas pengembang', kind: 'free', quota: 1000000});
    await admin.post(`/events/${eventId}/ticket-types`, {name: 'Relawan dan panitia pelaksana acara', kind: 'free', quota: 2500000});
    await admin.post(`/events/${eventId}/submit`, {});
    const buyer = await signedUpUser(admin, {email: 'sari@example.test', name: 'Sari'});
    const order = await buyer.api.post('/orders', {event_id: eventId, items: [{ticket_type_id: free.id, quantity: 2}]});
    const ticket = (await buyer.api.get(`/orders/${order.id}`)).tickets[0];
    await admin.post('/checkin', {code: ticket.code, event_id: eventId});
    checkedInAt = ((await admin.get(`/events/${eventId}/attendees`)).items).find((a) => a.checked_in_at).checked_in_at;
  });

  const g = await newGuardedPage(browser, kPhone);
  guarded.push(g);
  const p = g.page;

  await step('Indonesian hours, no money chart, readable labels, nothing cut', async () => {
    await signInWithSession(p, server.url, session, 'id');
    await p.goto(`${server.url}/admin?event=${eventId}`);
    const hours = p.locator('figure.chart-figure', {hasText: 'Check-in per jam'});
    await hours.waitFor();
    // The hour as the other Indonesian pages write it.
    const hour = new Intl.DateTimeFormat('en-GB', {timeZone: 'Asia/Jakarta', hour: '2-digit', hourCycle: 'h23'}).format(new Date(checkedInAt)).padStart(2, '0');
    assert.deepEqual(await hours.locator('.chart-table th').allTextContents(), [`${hour}.00`]);
    assert.deepEqual(await hours.locator('svg text.axis').allTextContents(), [`1`, `${hour}.00`]);

    // A free event took no money: no revenue chart, no "Rp" on any axis.
    assert.equal(await p.locator('figure.chart-figure', {hasText: 'Pendapatan per hari'}).count(), 0);
    for (const text of await p.locator('svg.chart text').allTextContents()) assert.doesNotMatch(text, /Rp/);

    // Labels at least 11 px as shown, and none overlapping another in its chart.
    const charts = await p.locator('svg.chart').evaluateAll((svgs) => svgs.map((s) => {
      const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
      const texts = [...s.querySelectorAll('text.axis')];
      return {
        sizes: texts.map((x) => parseFloat(getComputedStyle(x).fontSize) * scale),
        boxes: texts.map((x) => { const r = x.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }),
      };
    }));
    assert.ok(charts.length >= 2);
    for (const c of charts) {
      for (const px of c.sizes) assert.ok(px >= 11, `an axis label is ${px.toFixed(1)} px`);
      for (let i = 0; i < c.boxes.length; i++) {
        for (let j = i + 1; j < c.boxes.length; j++) {
          const [a, b] = [c.boxes[i], c.boxes[j]];
          const overlap = a[0] < b[1] && b[0] < a[1] && a[2] < b[3] && b[2] < a[3];
          assert.ok(!overlap, 'two axis labels overlap');
        }
      }
    }

    // The per-ticket-type table: every cell on screen, the page does not scroll sideways.
    const section = p.locator('section', {hasText: 'Per jenis tiket'});
    await section.locator('td').first().waitFor();
    const cells = await section.locator('td').evaluateAll((tds) => tds.map((td) => {
      const r = td.getBoundingClientRect();
      return {text: td.textContent, left: r.left, right: r.right};
    }));
    for (const c of cells) assert.ok(c.left >= 0 && c.right <= 390, `cell "${c.text}" is cut (${c.left}..${c.right})`);
    assert.ok(cells.some((c) => c.text.includes('2.500.000')), 'the quota column is there');
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  });
});
