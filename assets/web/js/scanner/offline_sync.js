// Keeps the device ready to scan without the server, and reconciles when it returns: the
// verification keys (GET /checkin/keys), the event's revocation list (GET
// /events/{id}/revocations, then ?since=<cursor> every minute while online), and the queue of
// offline scans uploaded in batches to POST /checkin/batch (an empty batch is the device's
// heartbeat, its "last sync" on /admin). A phone becomes a scanner device (a row on /admin)
// only once it is used: its first scan or admission, or staff naming it (markInUse). Until then
// opening the page only reads: a staff member who just looks leaves no device behind.

import {get, post, ApiError} from '../api.js';
import {importKeys, canVerify} from './offline_code.js';
import * as store from './offline_store.js';

const kRefreshMs = 60000;
// After a request the server did not answer while the browser says the network is up.
const kRetryMs = 5000;
// How long each request of a round may take before the server counts as not answering (a hung
// server or a sleeping laptop behind a working router answers nothing, and the browser would
// wait for minutes). Small answers (keys, the revocation changes, the lists) come back in
// milliseconds on a venue LAN, so 8 s means the server is not answering. The names list is the
// event's whole sealed ticket list (about 150 bytes a ticket: ~1.5 MB for 10,000 tickets) and a
// batch is up to kBatchSize scans decided in one unit: they get longer over a slow Wi-Fi.
const kTimeoutMs = {small: 8000, names: 30000, batch: 20000};
const kNamesMaxAgeMs = 10 * 60000;
const kBatchSize = 100;

// When the server last stopped answering (ms), kept for this tab: a reload while it still does
// not answer starts in that state (scans go offline at once) instead of "Online" until the first
// round times out. Forgotten after kDownMemoryMs or once a round succeeds.
const kDownKey = 'lanyard.scan.server_down_at';
const kDownMemoryMs = 120000;
function rememberedDown() {
  const at = Number(sessionStorage.getItem(kDownKey) || 0);
  return at > 0 && Date.now() - at < kDownMemoryMs;
}

// Set (in the device's store) once the phone scanned, admitted or was named: from then on every
// round reports in, also with nothing queued (the heartbeat).
const kInUseKey = 'device_in_use';

function revocationKey(eventId) { return `revocations:${eventId}`; }
function namesKey(eventId) { return `names:${eventId}`; }

// The name staff gave this phone ("Door A"), sent with every sync and shown on /admin.
const kLabelKey = 'lanyard.scan.device_label';
export function deviceLabel() { return localStorage.getItem(kLabelKey) || ''; }
export function setDeviceLabel(label) {
  const clean = String(label || '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 60);
  if (clean) localStorage.setItem(kLabelKey, clean); else localStorage.removeItem(kLabelKey);
}

// No answer at all (no network, refused, or timed out) or a server error.
export function isNetworkError(err) {
  return err instanceof ApiError && (err.code === 'network' || err.code === 'timeout' || err.status >= 500);
}

export class DoorSync {
  // onChange(state) is called after every change of what the status line shows.
  constructor(onChange) {
    this.onChange = onChange;
    this.eventId = '';
    this.keys = [];
    this.keysError = '';
    this.revocations = null;  // {eventId, cursor, fetchedAt, void:Set, checkedIn:Set}
    // {eventId, fetchedAt, items: {index: sealed}, orders: {kdf, items: {index: sealed}}}
    // (scanner/offline_names.js, scanner/offline_refs.js)
    this.names = null;
    // serverDown: the network is up but the server did not answer the last round (or, after a
    // reload, the one before it: rememberedDown).
    this.serverDown = navigator.onLine && rememberedDown();
    this.online = navigator.onLine && !this.serverDown;
    this.signedOut = false;   // the last round got 401: the queue waits for a new sign-in
    this.checked = false;     // a round has finished since the page opened (until then: "Connecting")
    this.retryTimer = null;
    this.onRefusedAfterAdmit = null;  // fn(nonce, answer): see offlineScanner()
    this.onScanSynced = null;  // fn(nonce, answer): every queued scan the server answered
    this.onRoundDone = null;  // fn(synced): after every round that reached the server (synced: scans uploaded)
    this.queued = 0;
    this.lastSyncAt = null;
    this.duplicates = [];     // the event's tickets admitted twice (GET /events/{id}/offline-duplicates)
    this.refusedAdmissions = [];  // let in offline, refused at sync (GET /events/{id}/offline-refused-admissions)
    this.syncing = null;
    // One change of the queue at a time: an upload in flight and an Undo of a queued scan never
    // race (the Undo waits, then finds the scan synced and undoes it on the server instead).
    this.queueLock = Promise.resolve();
    this.timer = null;
    this.onOnline = () => { this.online = true; this.changed(); this.refresh(); };
    this.onOffline = () => { this.online = false; this.changed(); };
  }

  changed() { try { this.onChange(this); } catch (e) { console.error(e); } }

  async start(eventId) {
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.timer = setInterval(() => this.refresh(), kRefreshMs);
    const saved = await store.getMeta('keys');
    if (saved) await this.useKeys(saved);
    this.lastSyncAt = await store.getMeta('last_sync_at') || null;
    // A phone that reported in before (last_sync_at) stays a scanner device.
    this.inUse = !!await store.getMeta(kInUseKey) || !!this.lastSyncAt;
    this.deviceId = await store.deviceId();
    await this.setEvent(eventId);
  }

  stop() {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
  }

  async setEvent(eventId) {
    this.eventId = eventId ? String(eventId) : '';
    this.revocations = null;
    this.names = null;
    this.duplicates = [];
    this.refusedAdmissions = [];
    if (this.eventId) {
      const saved = await store.getMeta(revocationKey(this.eventId));
      if (saved) this.revocations = this.fromSaved(saved);
      this.names = await store.getMeta(namesKey(this.eventId)) || null;
    }
    this.queued = await store.queueLength();
    this.changed();
    await this.refresh();
  }

  async useKeys(list) {
    if (!canVerify()) { this.keysError = 'unsupported'; return; }
    try {
      this.keys = await importKeys(list);
      this.keysError = this.keys.length ? '' : 'none';
    } catch (e) {
      this.keys = [];
      this.keysError = 'unsupported';
    }
  }

  fromSaved(saved) {
    return {eventId: saved.event_id, cursor: saved.cursor, fetchedAt: saved.fetched_at,
      void: new Set(saved.void), checkedIn: new Set(saved.checked_in)};
  }

  // One round: keys, revocations, queue upload (or heartbeat), the staff lists. Never throws.
  refresh() {
    if (!this.syncing) {
      this.syncing = this.round().finally(() => { this.syncing = null; });
    }
    return this.syncing;
  }

  setServerDown(down) {
    this.serverDown = down;
    try {
      if (down) sessionStorage.setItem(kDownKey, String(Date.now()));
      else sessionStorage.removeItem(kDownKey);
    } catch (e) { /* storage full or blocked: the state still holds for this page */ }
  }

  // A request of the page (a scan) got no answer in time while the browser has a network: the
  // door scans offline until a round of requests succeeds again (tried every kRetryMs).
  serverNotAnswering() {
    if (!navigator.onLine) return;
    this.online = false;
    if (!this.serverDown) {
      this.setServerDown(true);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.refresh(), kRetryMs);
    }
    this.changed();
  }

  async round() {
    if (!navigator.onLine) { this.online = false; this.checked = true; this.setServerDown(false); this.changed(); return; }
    clearTimeout(this.retryTimer);
    let synced = 0;
    let reached = false;
    try {
      const keys = await get('/checkin/keys', undefined, {timeoutMs: kTimeoutMs.small});
      await store.setMeta('keys', keys.keys);
      await this.useKeys(keys.keys);
      if (this.eventId) await this.pullRevocations();
      if (this.eventId) await this.pullNames();
      // Scans just synced are check-ins the list should count (and undone ones it clears).
      synced = await this.upload();
      if (synced && this.eventId) await this.pullRevocations();
      if (this.eventId) await this.pullReports();
      // The network may have gone while the round ran (the offline event came first): keep that.
      this.online = navigator.onLine;
      this.setServerDown(false);
      this.signedOut = false;
      reached = true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.signedOut = true;
      } else if (isNetworkError(err)) {
        this.online = false;
        this.setServerDown(navigator.onLine);
        if (this.serverDown) this.retryTimer = setTimeout(() => this.refresh(), kRetryMs);
      } else {
        console.error(err);
      }
    }
    this.checked = true;
    this.queued = await store.queueLength();
    this.changed();
    if (reached && this.onRoundDone) { try { this.onRoundDone(synced); } catch (e) { console.error(e); } }
  }

  // The lists the door team acts on (scanner/offline_reports.js).
  async pullReports() {
    const eventId = this.eventId;
    const [dupes, refused] = await Promise.all([
      get(`/events/${eventId}/offline-duplicates`, {limit: 20}, {timeoutMs: kTimeoutMs.small}),
      get(`/events/${eventId}/offline-refused-admissions`, {limit: 20}, {timeoutMs: kTimeoutMs.small})]);
    if (eventId !== this.eventId) return;
    this.duplicates = dupes.items;
    this.refusedAdmissions = refused.items;
  }

  async pullRevocations() {
    const eventId = this.eventId;
    const have = this.revocations && this.revocations.eventId === Number(eventId) ? this.revocations : null;
    const r = await get(`/events/${eventId}/revocations`, have ? {since: have.cursor} : undefined,
      {timeoutMs: kTimeoutMs.small});
    if (eventId !== this.eventId) return;
    const next = r.full || !have
      ? {eventId: Number(eventId), void: new Set(), checkedIn: new Set()}
      : have;
    for (const id of r.void) { next.void.add(id); next.checkedIn.delete(id); }
    for (const id of r.checked_in) next.checkedIn.add(id);
    for (const id of r.cleared) next.checkedIn.delete(id);
    next.cursor = r.cursor;
    next.fetchedAt = new Date().toISOString();
    this.revocations = next;
    await store.forgetAdmitted(eventId, r.cleared);
    await store.setMeta(revocationKey(eventId), {event_id: next.eventId, cursor: next.cursor,
      fetched_at: next.fetchedAt, void: [...next.void], checked_in: [...next.checkedIn]});
  }

  // The encrypted holder names and order entries, at most every kNamesMaxAgeMs (the list
  // changes slowly); a kept list from before typed references (no orders) is fetched again.
  async pullNames() {
    const eventId = this.eventId;
    const have = this.names;
    if (have && have.orders && have.eventId === Number(eventId) && Date.now() - Date.parse(have.fetchedAt) < kNamesMaxAgeMs) return;
    const r = await get(`/events/${eventId}/offline-names`, undefined, {timeoutMs: kTimeoutMs.names});
    if (eventId !== this.eventId) return;
    const items = {};
    for (const item of r.items) items[item.k] = item.n;
    const orders = {kdf: r.order_kdf, items: {}};
    for (const item of r.orders || []) orders.items[item.k] = item.n;
    this.names = {eventId: Number(eventId), fetchedAt: new Date().toISOString(), items, orders};
    await store.setMeta(namesKey(eventId), this.names);
  }

  // Tells the page the server's answer to every synced scan, and which scans this device
  // admitted that the server refused.
  reportResults(scans, results) {
    const admitted = new Set(scans.filter((s) => s.admitted).map((s) => s.nonce));
    const call = (fn, x) => { try { if (fn) fn(x.nonce, x); } catch (e) { console.error(e); } };
    for (const x of results) {
      call(this.onScanSynced, x);
      if (admitted.has(x.nonce) && x.result !== 'ok') call(this.onRefusedAfterAdmit, x);
    }
  }

  // Runs fn() after every earlier queue change finished; → fn's result.
  exclusive(fn) {
    const run = this.queueLock.then(fn, fn);
    this.queueLock = run.catch(() => {});
    return run;
  }

  // Undo of a queued scan (scanner/offline_store.js unqueueScan) → 'removed' | 'turned_away' |
  // 'gone' (it synced first: undo it on the server).
  unqueue(nonce, eventId, ticketId) {
    return this.exclusive(async () => {
      const outcome = await store.unqueueScan(nonce, Number(eventId), ticketId);
      this.queued = await store.queueLength();
      this.changed();
      return outcome;
    });
  }

  // A check-in undone on the server: this device may admit the ticket again, also offline.
  async forgetAdmission(eventId, ticketId) {
    await store.forgetAdmitted(Number(eventId), [ticketId]);
    if (this.revocations && this.revocations.eventId === Number(eventId)) this.revocations.checkedIn.delete(ticketId);
  }

  // The phone is used as a scanner (a scan, an admission, a name given): from now on every round
  // reports in. It starts no round itself (a scan in flight needs no second request beside it).
  async markInUse() {
    if (this.inUse) return;
    this.inUse = true;
    await store.setMeta(kInUseKey, true);
  }

  // markInUse, then the heartbeat at once (the queue upload alone: no lists are pulled, so what
  // the phone knows does not change under the door). Never throws: without an answer the next
  // round reports in.
  async reportIn() {
    try {
      await this.markInUse();
      await this.upload();
    } catch (err) {
      if (!(err instanceof ApiError)) console.error(err);
    }
  }

  upload() { return this.exclusive(() => this.uploadQueue()); }

  // Uploads the queue oldest first; each answered scan leaves the queue (every per-scan answer
  // is final; a failed request keeps them all for the next round). → how many scans synced.
  async uploadQueue() {
    const device = await store.deviceId();
    const label = deviceLabel();
    let sent = 0;
    for (let round = 0; round < 1000; round++) {
      const scans = await store.queuedScans(kBatchSize);
      // Nothing to send from a phone never used as a scanner: no heartbeat, no device row.
      if (!scans.length && !this.inUse) return sent;
      // A scan carries its code, or the typed reference it was resolved from (scanner/offline_refs.js).
      // event_id: the door this phone is set to, so its organizer sees it after a heartbeat too.
      const body = {device_id: device, label, event_id: this.eventId ? Number(this.eventId) : undefined, scans: scans.map((s) => ({
        nonce: s.nonce, code: s.code, ref: s.ref, event_id: s.event_id, scanned_at: s.scanned_at, admitted: s.admitted}))};
      const r = await post('/checkin/batch', body, {timeoutMs: kTimeoutMs.batch});
      this.reportResults(scans, r.results);
      await store.dropQueued(r.results.map((x) => x.nonce));
      this.lastSyncAt = r.synced_at;
      await store.setMeta('last_sync_at', r.synced_at);
      this.queued = await store.queueLength();
      this.changed();
      sent += scans.length;
      if (scans.length < kBatchSize) return sent;
    }
    return sent;
  }
}
