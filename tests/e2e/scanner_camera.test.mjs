// The door scanner reads a ticket from the camera: the ticket's own qr.png, made into a
// one-frame 640x480 MJPEG (white padding) that chromium plays as a fake webcam; the page decodes
// it with jsQR (BarcodeDetector does not exist in Chromium on Linux) and checks the ticket in.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, writeFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {skipReason, which} from './lib/env.mjs';
import {startServer} from './lib/server.mjs';
import {launchBrowser, newGuardedPage, explainFailure, screenshot, signInWithForm} from './lib/browser.mjs';
import {findLink} from './lib/mail.mjs';
import {Api} from './lib/api.mjs';

const execFileP = promisify(execFile);
const kPassword = 'correct horse battery';
const reason = skipReason() || (which('ffmpeg') ? null : 'ffmpeg is missing (apt-get install ffmpeg)');

// The QR scaled without smoothing onto a white 640x480 frame (an even size, as the fake
// capture device needs), one MJPEG frame that the device loops.
async function qrToMjpeg(pngFile, mjpegFile) {
  await execFileP('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', pngFile,
    '-filter_complex',
    'color=c=white:s=640x480:d=1[bg];[0:v]scale=400:400:flags=neighbor[qr];[bg][qr]overlay=(W-w)/2:(H-h)/2:shortest=1,format=yuvj420p',
    '-frames:v', '1', '-f', 'mjpeg', mjpegFile], {timeout: 30000});
}

test('the door scanner admits a ticket shown to the camera', {skip: reason || false, timeout: 180000}, async (t) => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'lanyard-camera-'));
  const server = await startServer();
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
    await rm(work, {recursive: true, force: true});
  });

  // An admin runs the event and the door; an attendee gets a free ticket.
  const admin = new Api(server.url);
  await server.createAdmin('door@example.test', kPassword);
  await admin.login('door@example.test', kPassword);
  const start = new Date(Date.now() + 3 * 86400000);
  const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
  const event = await admin.post('/events', {
    title: 'Camera Night', description: 'Scanning test', venue: 'Hall', city: 'Bandung',
    starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 4 * 3600000)),
  });
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'Community', kind: 'free', price: 0, quota: 50});
  await admin.post(`/events/${event.id}/submit`, {});

  const attendee = new Api(server.url);
  const email = 'dewi@example.test';
  await attendee.post('/auth/register', {email, password: kPassword, name: 'Dewi Lestari'}, {token: null});
  const mail = await server.waitForMail((m) => m.to.includes(email) && /\/account\/confirm/.test(m.text));
  await attendee.post('/auth/confirm', {token: new URL(findLink(mail, '/account/confirm')).searchParams.get('token')}, {token: null});
  await attendee.login(email, kPassword);
  const order = await attendee.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 1}]});
  assert.equal(order.status, 'paid', 'a free order is paid at once');
  const tickets = (await attendee.get('/tickets')).items;
  assert.equal(tickets.length, 1);
  const ticket = tickets[0];

  const res = await attendee.req('GET', `/tickets/${ticket.id}/qr.png`, undefined, {raw: true});
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /image\/png/);
  const pngFile = path.join(work, 'ticket.png');
  const mjpegFile = path.join(work, 'ticket.mjpeg');
  await writeFile(pngFile, Buffer.from(await res.arrayBuffer()));
  await qrToMjpeg(pngFile, mjpegFile);

  browser = await launchBrowser({extraArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${mjpegFile}`]});
  const g = await newGuardedPage(browser, {viewport: {width: 412, height: 915}, isMobile: true, hasTouch: true});
  const p = g.page;
  const jsqrRequests = [];
  p.on('request', (r) => { if (r.url().endsWith('/assets/vendor/jsQR.js')) jsqrRequests.push(r.url()); });
  try {
    await signInWithForm(p, server.url, {email: 'door@example.test', password: kPassword}, `/staff/scan?event=${event.id}`);
    await p.locator('.scan-count', {hasText: 'Checked in: 0 of 1'}).waitFor();
    assert.equal(await p.evaluate(() => window.isSecureContext), true, '127.0.0.1 is a secure context');
    await p.getByRole('button', {name: 'Start camera'}).click();
    const ok = p.locator('.scan-result.scan-ok');
    await ok.waitFor({timeout: 20000});
    const text = await ok.textContent();
    assert.match(text, /Dewi Lestari/);
    assert.match(text, /Community/);
    await screenshot(p, 'scanner-camera');
    const after = await attendee.get(`/tickets/${ticket.id}`);
    assert.ok(after.checked_in_at, 'the ticket is checked in on the server');
    assert.equal(jsqrRequests.length, 1, 'the bundled jsQR decoder was loaded from /assets/vendor');
    // The camera keeps seeing the same code (the fake device loops its frame): while it stays in
    // view it counts once, so no refusal follows when the answer screen closes.
    await p.waitForTimeout(4500);
    assert.equal(await p.locator('.scan-result.scan-refused').count(), 0, 'no refusal for a code still in view');
    assert.equal(await p.locator('.recent-scans li').count(), 1, 'one scan logged');
    await p.getByRole('button', {name: 'Stop camera'}).click();
  } catch (err) {
    await explainFailure('camera scan', [g]);
    throw err;
  }
  assert.deepEqual(g.report.remote, [], 'no request left 127.0.0.1');
  assert.deepEqual(g.report.errors, [], 'no page errors');
});
