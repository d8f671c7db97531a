// The door tests' starting point: an admin (who also works the door) signed in through the API,
// and a draft event three days ahead (add ticket types, then submit it).

import {Api} from './api.mjs';
import {kTestPassword} from './accounts.mjs';
import {newGuardedPage} from './browser.mjs';

const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');

// → {admin (Api), event}. `email` names the admin, `title` the event.
export async function adminWithEvent(server, email, title) {
  const admin = new Api(server.url);
  await server.createAdmin(email, kTestPassword);
  await admin.login(email, kTestPassword);
  const start = new Date(Date.now() + 3 * 86400000);
  const event = await admin.post('/events', {
    title, description: `${title}: door test`, venue: 'Hall', city: 'Bandung',
    starts_at: iso(start), ends_at: iso(new Date(start.getTime() + 4 * 3600000)),
  });
  return {admin, event};
}

// A phone-sized guarded page for the scanner: {g (newGuardedPage), p, context, scan(text) (types
// it into the code field and presses Enter), dismiss() (closes the answer)}.
export async function scannerPhone(browser, viewport = {width: 412, height: 915}) {
  const g = await newGuardedPage(browser, {viewport, isMobile: true, hasTouch: true});
  const p = g.page;
  const scan = async (text) => {
    await p.locator('#scan-code').fill(text);
    await p.locator('#scan-code').press('Enter');
  };
  const dismiss = async () => {
    await p.locator('.scan-result').click();
    await p.locator('.scan-result').waitFor({state: 'hidden'});
  };
  return {g, p, context: g.context, scan, dismiss};
}

// After the first load of /staff/scan on page `p`: waits until its service worker is active,
// reloads under it, and waits until the page is online with the revocation list downloaded.
// (Not serviceWorker.ready: it follows the URL the document was created at, the sign-in page.)
export async function installedScanner(p) {
  await p.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration('/staff/scan');
    return !!(reg && reg.active);
  });
  await p.reload();
  await p.waitForFunction(() => !!navigator.serviceWorker.controller);
  await p.locator('#door-network', {hasText: 'Online'}).waitFor();
  await p.locator('#door-revocations', {hasText: 'Revocation list updated'}).waitFor();
}

// The scans queued on the phone of page `p` (IndexedDB lanyard-scanner, store queue), in no
// particular order: [{nonce, code, ref, admitted, ...}].
export function queuedScans(p) {
  return p.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('lanyard-scanner');
    req.onsuccess = () => {
      const all = req.result.transaction('queue').objectStore('queue').getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    };
    req.onerror = () => reject(req.error);
  }));
}
