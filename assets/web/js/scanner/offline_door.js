// Scanning with no server: the code's Ed25519 signature checked in the browser, then the
// event's revocation list and this device's own admitted list; every scan is queued in
// IndexedDB with a random nonce and its time, for POST /checkin/batch once the network returns.
// A typed reference (K7QX2M9A-2) or order code is resolved on the device from the event's
// order entries (scanner/offline_refs.js): it has no signature, so staff check the name.

import {verifyTicketCode, base64UrlEncode} from './offline_code.js';
import * as store from './offline_store.js';
import {holderOf} from './offline_names.js';
import {parseTyped, openOrder, formatRef} from './offline_refs.js';

// 128 random bits, base64url: the scan's nonce, sent with the online request too
// (core/checkin/scan_nonce.h), so the server can tell a queued scan from the same scan's
// timed-out request.
export function newNonce() {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

function nowIso() { return new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }

// The revocation list the device keeps for `door`: the loaded one, else the one saved on the
// device (kept when the event was scanned before with no event chosen now); null when none.
async function revocationsFor(sync, door) {
  if (sync.revocations && sync.revocations.eventId === door) return sync.revocations;
  const saved = door ? await store.getMeta(`revocations:${door}`) : null;
  return saved ? sync.fromSaved(saved) : null;
}

// What the device knows of ticket `ticketId` at `door`: ticket_void, already_checked_in or ok.
async function stateOf(rev, door, ticketId) {
  if (rev.void.has(ticketId)) return 'ticket_void';
  if (rev.checkedIn.has(ticketId) || await store.wasAdmitted(door, ticketId)) return 'already_checked_in';
  return 'ok';
}

// A typed reference or order code (see decideOffline). The event's order entries come with its
// holder names (sync.names.orders); without them the device cannot resolve anything typed.
async function decideTyped(sync, typed, eventId, sentNonce, sentAt) {
  const scannedAt = sentAt || nowIso();
  const door = eventId ? Number(eventId) : 0;
  const base = {scannedAt, nonce: null, eventId: door, bySignature: false, typed: true};
  if (!door) return {...base, result: 'choose_event_typed'};
  const rev = await revocationsFor(sync, door);
  const orders = sync.names && sync.names.eventId === door ? sync.names.orders : null;
  if (!rev || !orders) {
    // Nothing to check against, nobody let in; a request that went out is settled as such.
    if (sentNonce && typed.number !== null) {
      await store.queueScan({nonce: sentNonce, ref: formatRef(typed.orderCode, typed.number), event_id: door,
        scanned_at: scannedAt, admitted: false, local_result: 'no_references', sent_online: true}, null);
      return {...base, result: 'no_references', nonce: sentNonce};
    }
    return {...base, result: 'no_references'};
  }
  const entry = await openOrder(typed.orderCode, orders);
  if (typed.number === null) {
    if (!entry) return {...base, result: 'unknown_reference'};
    const tickets = [];
    for (const tk of entry.tickets) {
      tickets.push({ref: formatRef(entry.order, tk.n), ticketId: tk.id, name: tk.name, type: tk.type,
        state: await stateOf(rev, door, tk.id)});
    }
    return {...base, result: 'choose', orderCode: entry.order, tickets};
  }
  const ref = formatRef(typed.orderCode, typed.number);
  const ticket = entry ? entry.tickets.find((tk) => tk.n === typed.number) : null;
  const result = ticket ? await stateOf(rev, door, ticket.id) : 'unknown_reference';
  const nonce = sentNonce || newNonce();
  // Queued with the reference (never a code): the server resolves it and re-decides the scan.
  await store.queueScan({nonce, ref, event_id: door, scanned_at: scannedAt,
    admitted: result === 'ok', local_result: result, sent_online: !!sentNonce}, ticket && result === 'ok' ? ticket.id : null);
  return {...base, result, nonce, ref, ticketId: ticket ? ticket.id : null,
    holder: ticket ? {name: ticket.name, type: ticket.type} : null};
}

// Decides one offline scan for the door of `eventId` ('' = any event) and queues it.
// `sentAt`: the scanned_at that request carried (the scan's time; now when null).
// `sentNonce`: the nonce of this scan's online request, which got no answer (it may have reached
// the server): the scan is queued under it, and also when the device could check nothing (as
// not admitted), so that the batch settles whatever that request recorded.
// → {result, nonce (null when not queued), ticketId, eventId, scannedAt, bySignature, typed,
// holder}. For a scanned code result is ok | invalid_code | wrong_event | ticket_void |
// already_checked_in | choose_event (no event chosen and no kept revocation list for the code's
// event) | no_revocations (the chosen event's list was never downloaded) — a code the device
// cannot check is never admitted; these two are not queued either (the device checked nothing,
// and nobody was let in) — (not queued:) no_keys. For typed text (typed: true, bySignature:
// false): ok | ticket_void | already_checked_in | unknown_reference (queued as not admitted) |
// choose (a bare order code: {orderCode, tickets:[{ref, ticketId, name, type, state}]}, not
// queued) | choose_event_typed | no_references (not queued). holder is {name, type} when the
// device holds the event's encrypted names. bySignature is true when the signature decided.
export async function decideOffline(sync, code, eventId, sentNonce = null, sentAt = null) {
  const typed = code.startsWith('L1') ? null : parseTyped(code);
  if (typed) return decideTyped(sync, typed, eventId, sentNonce, sentAt);
  const scannedAt = sentAt || nowIso();
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
    else result = await stateOf(rev, door, claims.ticketId);
  }
  const unchecked = result === 'choose_event' || result === 'no_revocations';
  const nonce = door && (!unchecked || sentNonce) ? sentNonce || newNonce() : null;
  if (nonce) {
    // Refusals are queued too: the server logs every scan, and re-decides each one.
    // sent_online: its request may have reached the server (scanner/offline_store.js unqueueScan).
    await store.queueScan({nonce, code, event_id: door, scanned_at: scannedAt,
      admitted: result === 'ok', local_result: result, sent_online: !!sentNonce}, claims && result === 'ok' ? claims.ticketId : null);
  }
  const names = sync.names && sync.names.eventId === door ? sync.names.items : null;
  const holder = claims && result !== 'wrong_event' ? await holderOf(code, names) : null;
  return {result, nonce, ticketId: claims ? claims.ticketId : null, eventId: door, scannedAt, holder,
    bySignature: !unchecked, typed: false};
}
