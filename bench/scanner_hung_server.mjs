// How long a volunteer waits for the door scanner's answer (issue 18, session 6): online, on the
// first scan after the server stopped answering (every /api/v1 request held, never answered: a
// hung server or a sleeping laptop behind a working router), and on the scans after that (the
// page knows the server is not answering and decides on the phone at once). Measured in the
// page, from the submit of the code field to the answer screen showing.
// Figures: ms per scan in each state.
//
//   LANYARD_BINARY=build/app/lanyard node bench/scanner_hung_server.mjs
import {startServer} from '../tests/e2e/lib/server.mjs';
import {launchBrowser, signInWithForm} from '../tests/e2e/lib/browser.mjs';
import {kTestPassword} from '../tests/e2e/lib/accounts.mjs';
import {adminWithEvent, scannerPhone, installedScanner} from '../tests/e2e/lib/door.mjs';

const server = await startServer();
const browser = await launchBrowser();
try {
  const {admin, event} = await adminWithEvent(server, 'bench@example.test', 'Bench Night');
  const type = await admin.post(`/events/${event.id}/ticket-types`, {name: 'General', kind: 'free', price: 0, quota: 50, max_per_order: 10});
  await admin.post(`/events/${event.id}/submit`, {});
  const order = await admin.post('/orders', {event_id: event.id, items: [{ticket_type_id: type.id, quantity: 8}]});
  const codes = (await admin.get('/tickets', {limit: 100})).items.filter((x) => x.order_id === order.id).map((x) => x.code);
  const {p, scan, dismiss} = await scannerPhone(browser);
  await signInWithForm(p, server.url, {email: 'bench@example.test', password: kTestPassword}, `/staff/scan?event=${event.id}`);
  await installedScanner(p);
  const timed = async (code) => {
    await p.evaluate(() => {
      window.t0 = 0;
      window.t1 = 0;
      const answer = document.querySelector('.scan-result');
      new MutationObserver(() => { if (!answer.hidden && !window.t1) window.t1 = performance.now(); }).observe(answer, {attributes: true});
      document.querySelector('form.scan-form').addEventListener('submit', () => { window.t0 = performance.now(); }, {capture: true, once: true});
    });
    await scan(code);
    await p.locator('.scan-result').waitFor();
    const ms = await p.evaluate(() => window.t1 - window.t0);
    await dismiss();
    return Math.round(ms);
  };
  const online = [await timed(codes[0]), await timed(codes[1]), await timed(codes[2])];
  await p.route('**/api/v1/**', () => {});
  const first = await timed(codes[3]);
  const known = [];
  for (const code of codes.slice(4)) known.push(await timed(code));
  console.log(`online answer: ${online.join(', ')} ms`);
  console.log(`first scan after the server stopped answering: ${first} ms (the scan timeout is 2500 ms)`);
  console.log(`scans while the server is known not to answer: ${known.join(', ')} ms`);
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
