// Scanning with no server: the code's Ed25519 signature checked in the browser, then the
// event's revocation list and this device's own admitted list; every scan is queued in
// IndexedDB with a random nonce and its time, for POST /checkin/batch once the network returns.

import {verifyTicketCode, base64UrlEncode} from './offline_code.js';
import * as store from './offline_store.js';
import {holderOf} from './offline_names.js';

// Typed references (K7QX2M9A-2) and order codes name no signature: only the server knows them.
const kTyped = /^[A-Za-z0-9]{6,12}(-\d{1,3})?$/;

function newNonce() {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

// The revocation list the device keeps for `door`: the loaded one, else the one saved on the
// device (kept when the event was scanned before with no event chosen now); null when none.
async function revocationsFor(sync, door) {
  if (sync.revocations && sync.revocations.eventId === door) return sync.revocations;
  const saved = door ? await store.getMeta(`revocations:${door}`) : null;
  return saved ? sync.fromSaved(saved) : null;
}

// Decides one offline scan for the door of `eventId` ('' = any event) and queues it.
// → {result, nonce (null when not queued), ticketId, eventId, scannedAt, bySignature}; result is ok | invalid_code |
// wrong_event | ticket_void | already_checked_in | choose_event (no event chosen and no kept
// revocation list for the code's event) | no_revocations (the chosen event's list was never
// downloaded) — a code the device cannot check is never admitted; these two are not queued
// either (the device checked nothing, and nobody was let in) — (not queued:)
// needs_network | no_keys; holder is {name, type} when the device holds the event's
// encrypted names. bySignature is true when the signature decided the answer.
export async function decideOffline(sync, code, eventId) {
  const scannedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (!code.startsWith('L1') && kTyped.test(code)) return {result: 'needs_network', scannedAt, bySignature: false};
  if (!sync.keys.length) return {result: 'no_keys', scannedAt, bySignature: false};
  const claims = await verifyTicketCode(code, sync.keys);
  const door = eventId ? Number(eventId) : (claims ? claims.eventId : 0);
  let result;
  if (!claims) {
    result = 'invalid_code';
  } else if (claims.eventId !== door) {
    result = 'wrong_event';
  } else {
    const rev = await revocationsFor(sync, door);
    if (!rev) result = eventId ? 'no_revocations' : 'choose_event';
    else if (rev.void.has(claims.ticketId)) result = 'ticket_void';
    else if (rev.checkedIn.has(claims.ticketId) || await store.wasAdmitted(door, claims.ticketId)) result = 'already_checked_in';
    else result = 'ok';
  }
  const unchecked = result === 'choose_event' || result === 'no_revocations';
  const nonce = door && !unchecked ? newNonce() : null;
  if (nonce) {
    // Refusals are queued too: the server logs every scan, and re-decides each one.
    await store.queueScan({nonce, code, event_id: door, scanned_at: scannedAt,
      admitted: result === 'ok', local_result: result}, claims && result === 'ok' ? claims.ticketId : null);
  }
  const names = sync.names && sync.names.eventId === door ? sync.names.items : null;
  const holder = claims && result !== 'wrong_event' ? await holderOf(code, names) : null;
  return {result, nonce, ticketId: claims ? claims.ticketId : null, eventId: door, scannedAt, holder,
    bySignature: !unchecked};
}
