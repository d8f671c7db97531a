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

// Decides one offline scan for the door of `eventId` ('' = any event) and queues it.
// → {result, ticketId, eventId, scannedAt}; result is ok | invalid_code | wrong_event |
// ticket_void | already_checked_in (not queued:) needs_network | no_keys; holder is
// {name, type} when the device holds the event's encrypted names.
export async function decideOffline(sync, code, eventId) {
  const scannedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (!code.startsWith('L1') && kTyped.test(code)) return {result: 'needs_network', scannedAt};
  if (!sync.keys.length) return {result: 'no_keys', scannedAt};
  const claims = await verifyTicketCode(code, sync.keys);
  const door = eventId ? Number(eventId) : (claims ? claims.eventId : 0);
  let result;
  if (!claims) {
    result = 'invalid_code';
  } else if (claims.eventId !== door) {
    result = 'wrong_event';
  } else {
    const rev = sync.revocations && sync.revocations.eventId === door ? sync.revocations : null;
    if (rev && rev.void.has(claims.ticketId)) result = 'ticket_void';
    else if ((rev && rev.checkedIn.has(claims.ticketId)) || await store.wasAdmitted(door, claims.ticketId)) result = 'already_checked_in';
    else result = 'ok';
  }
  if (door) {
    // Refusals are queued too: the server logs every scan, and re-decides each one.
    await store.queueScan({nonce: newNonce(), code, event_id: door, scanned_at: scannedAt,
      admitted: result === 'ok', local_result: result}, claims && result === 'ok' ? claims.ticketId : null);
  }
  const names = sync.names && sync.names.eventId === door ? sync.names.items : null;
  const holder = claims && result !== 'wrong_event' ? await holderOf(code, names) : null;
  return {result, ticketId: claims ? claims.ticketId : null, eventId: door, scannedAt, holder};
}
