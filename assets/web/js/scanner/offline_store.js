// What the scanner keeps on the device, in IndexedDB (survives reloads, restarts and a closed
// tab): `meta` (the device id, the verification keys, each event's revocation list), `queue`
// (scans waiting to be uploaded, by nonce) and `admitted` (tickets this device let in, by
// "eventId:ticketId"). Every write is one transaction that completes before the promise
// resolves, so a scan shown as admitted is on disk.

const kDbName = 'lanyard-scanner';
const kVersion = 1;
let opening = null;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(kDbName, kVersion);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
        if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', {keyPath: 'nonce'});
        if (!db.objectStoreNames.contains('admitted')) db.createObjectStore('admitted');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

// Runs fn(stores) in one transaction over `names`; resolves with fn's result once committed.
async function tx(names, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode, {durability: 'strict'});
    const stores = Object.fromEntries(names.map((n) => [n, t.objectStore(n)]));
    let result;
    Promise.resolve(fn(stores)).then((r) => { result = r; }, reject);
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

export async function getMeta(key) {
  return tx(['meta'], 'readonly', ({meta}) => request(meta.get(key)));
}

export async function setMeta(key, value) {
  return tx(['meta'], 'readwrite', ({meta}) => { meta.put(value, key); });
}

// The device's random id, made once (128 bits, base64url).
export async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = 'dev-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    await setMeta('device_id', id);
  }
  return id;
}

const admittedKey = (eventId, ticketId) => `${eventId}:${ticketId}`;

export async function wasAdmitted(eventId, ticketId) {
  return tx(['admitted'], 'readonly', ({admitted}) => request(admitted.get(admittedKey(eventId, ticketId))));
}

// Records an admission made while online (no queue entry).
export async function rememberAdmitted(eventId, ticketId, at) {
  return tx(['admitted'], 'readwrite', ({admitted}) => {
    admitted.put({at, nonce: null}, admittedKey(eventId, ticketId));
  });
}

// Forgets admissions the server says were undone.
export async function forgetAdmitted(eventId, ticketIds) {
  if (!ticketIds.length) return;
  return tx(['admitted'], 'readwrite', ({admitted}) => {
    for (const id of ticketIds) admitted.delete(admittedKey(eventId, id));
  });
}

// scanned_at has whole seconds (the API's RFC 3339 form), so two scans of one second keep the
// order they were made in by a millisecond stamp that only grows, also across reloads.
let lastQueuedMs = 0;
function nextQueuedMs() {
  lastQueuedMs = Math.max(Date.now(), lastQueuedMs + 1);
  return lastQueuedMs;
}

// Queues an offline scan; when `ticketId` is set and the scan admitted someone, marks the
// ticket admitted in the same transaction.
export async function queueScan(scan, ticketId) {
  return tx(['queue', 'admitted'], 'readwrite', ({queue, admitted}) => {
    queue.put({...scan, queued_ms: nextQueuedMs()});
    if (ticketId && scan.admitted) admitted.put({at: scan.scanned_at, nonce: scan.nonce}, admittedKey(scan.event_id, ticketId));
  });
}

// Undoes a queued (not yet synced) scan that let someone in: the phone forgets that admission
// (if it is still this scan's), and the scan leaves the queue — unless its online request may
// have reached the server (`sent_online`: queued after a timeout), then it stays queued as
// turned away (admitted: false), so the batch clears whatever that request recorded. One
// transaction. → 'removed' | 'turned_away' | 'gone' (not in the queue any more: synced).
export async function unqueueScan(nonce, eventId, ticketId) {
  return tx(['queue', 'admitted'], 'readwrite', async ({queue, admitted}) => {
    const scan = await request(queue.get(nonce));
    if (!scan) return 'gone';
    if (ticketId) {
      const key = admittedKey(eventId, ticketId);
      const mark = await request(admitted.get(key));
      if (mark && mark.nonce === nonce) admitted.delete(key);
    }
    if (scan.sent_online) {
      queue.put({...scan, admitted: false, undone: true});
      return 'turned_away';
    }
    queue.delete(nonce);
    return 'removed';
  });
}

// Up to `limit` queued scans, oldest first: the server decides them in this order, so a
// refusal ("already checked in") must follow the admission it refers to (the queue's own
// order is by nonce, which is random).
export async function queuedScans(limit) {
  const all = await tx(['queue'], 'readonly', ({queue}) => request(queue.getAll()));
  all.sort((a, b) => (a.scanned_at < b.scanned_at ? -1 : a.scanned_at > b.scanned_at ? 1
    : (a.queued_ms || 0) - (b.queued_ms || 0)));
  return all.slice(0, limit);
}

export async function queueLength() {
  return tx(['queue'], 'readonly', ({queue}) => request(queue.count()));
}

export async function dropQueued(nonces) {
  return tx(['queue'], 'readwrite', ({queue}) => { for (const n of nonces) queue.delete(n); });
}
