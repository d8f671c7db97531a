// The one entry point the scanner page uses for offline scanning (pages/scanner.js stays about
// the camera, the field and the answer screen): installs the service worker and manifest, keeps
// the device's data fresh (DoorSync), shows the status panel, and answers a scan without the
// server.

import {t, timeOnly} from '../i18n.js';
import {DoorSync} from './offline_sync.js';
import {decideOffline, newNonce} from './offline_door.js';
import {statusPanel} from './offline_status.js';
import {reasonText} from './offline_reports.js';
import {installOfflineScanner} from './offline_install.js';
import {rememberAdmitted, queueLength, getMeta, setMeta, deviceId} from './offline_store.js';

const kOwnReasons = ['needs_network', 'no_keys', 'choose_event', 'no_revocations', 'unknown_reference',
  'no_references', 'choose_event_typed'];
const kRecentKey = 'recent_scans';

// The sentence for an offline result or a server code.
function reason(result) {
  if (kOwnReasons.includes(result)) return t(`scan_offline.reason_${result}`);
  return reasonText(result);
}

// `zoneFor(eventId)`: the zone an event's door times are shown in (its own, else the site's).
export function offlineScanner(zoneFor = () => undefined) {
  installOfflineScanner();
  const panel = statusPanel(() => sync.refresh(), zoneFor, () => sync.reportIn());
  let onQueue = null;  // fn(queued): the page's counter adds what has not reached the server
  // Every drawing of the state (the sync's changes and an offline answer's queue) tells the page.
  const show = (s) => {
    panel.render(s);
    if (onQueue) { try { onQueue(s.queued || 0); } catch (e) { console.error(e); } }
  };
  const sync = new DoorSync(show);
  return {
    el: panel.el,
    duplicatesEl: panel.dupes,
    start(eventId) { sync.start(eventId).catch((e) => console.warn('offline scanning unavailable', e)); },
    setEvent(eventId) { sync.setEvent(eventId).catch((e) => console.warn(e)); },
    stop() { sync.stop(); panel.stop(); },
    // Draws the status box again (its times read the door's zone, known once the events are).
    redrawStatus() { panel.redraw(); },
    // True when the browser knows it has no network, or the server stopped answering: scans go
    // straight to the offline check (no volunteer waits for a timeout per scan).
    isOffline() { return !navigator.onLine || sync.serverDown; },
    // A scan request got no answer in time (or no connection) with the network up: "Server not
    // answering — scanning offline" until a round of requests succeeds again.
    serverNotAnswering() { sync.serverNotAnswering(); },
    // What an online scan sends so that its timed-out request and its queued copy are one scan:
    // {nonce, device_id, scanned_at} (core/checkin/scan_nonce.h): the scan's time, so a request
    // the server answers late (it was frozen) is stamped when it was scanned, as its queued copy.
    async scanIdentity() {
      sync.markInUse().catch(() => {});
      return {nonce: newNonce(), device_id: await deviceId(),
        scanned_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z')};
    },
    // An admission the server confirmed: this device then refuses that ticket while offline too.
    admitted(eventId, ticketId, at) {
      // The first admission of a phone that never reported in: it reports now, so /admin and
      // the door lists know it (by name) before the next round.
      if (!sync.lastSyncAt) sync.reportIn(); else sync.markInUse().catch(() => {});
      if (eventId && ticketId) rememberAdmitted(Number(eventId), ticketId, at).catch(() => {});
    },
    // The Recent scans list kept on the device ([{ok, at, name, type, reason, ticketId}]).
    async recent() { try { return (await getMeta(kRecentKey)) || []; } catch (e) { return []; } },
    saveRecent(list) { setMeta(kRecentKey, list).catch(() => {}); },
    // fn(nonce, answer) is called when the server refuses, at sync, a scan this device admitted
    // (answer: the batch's per-scan result, scanner/offline_sync.js).
    onRefusedAfterAdmit(fn) { sync.onRefusedAfterAdmit = fn; },
    // fn(nonce, answer) for every queued scan the server answered (ok: answer.checked_in_at is
    // the check-in an Undo names).
    onScanSynced(fn) { sync.onScanSynced = fn; },
    // fn(synced) after every sync round that reached the server (synced: how many queued scans
    // it uploaded), e.g. to refresh the door's counter at once.
    onRoundDone(fn) { sync.onRoundDone = fn; },
    // fn(n) whenever the sync state changes: n scans of this phone wait to reach the server.
    onQueueChange(fn) { onQueue = fn; },
    queued() { return sync.queued || 0; },
    // Undo of a queued scan → 'removed' | 'turned_away' (kept queued as turned away: its
    // request may have reached the server) | 'gone' (synced meanwhile: undo it on the server).
    unqueue(nonce, eventId, ticketId) { return sync.unqueue(nonce, eventId, ticketId); },
    // A check-in undone on the server: the phone forgets it admitted the ticket.
    undone(eventId, ticketId) {
      if (eventId && ticketId) sync.forgetAdmission(eventId, ticketId).catch(() => {});
    },
    // The sentence for a result code of an offline or online scan (Recent scans draws rows
    // from codes, in the page's language of the moment).
    reasonText: reason,
    // The names the other phones have now, by device id, from the lists last pulled.
    deviceLabels() {
      const names = new Map();
      const add = (id, label) => { if (id && label) names.set(id, label); };
      for (const d of sync.duplicates) {
        add(d.first && d.first.device_id, d.first && d.first.device_label);
        add(d.second && d.second.device_id, d.second && d.second.device_label);
      }
      for (const r of sync.refusedAdmissions || []) add(r.device_id, r.device_label);
      return names;
    },
    // This phone's device id (for "this phone" in the lists), once known.
    deviceId() { return sync.deviceId || ''; },
    // Decides a scan without the server and queues it → {ok, title, lines, note, at, name, type,
    // reason, nonce, typed, ticketId, eventId}, or {choose: {orderCode, tickets}} for a typed
    // order code. `sentNonce`: the nonce its online request carried (queued under it), `sentAt`
    // its scanned_at (queued with it).
    async check(code, eventId, sentNonce = null, sentAt = null) {
      const r = await decideOffline(sync, code, eventId, sentNonce, sentAt);
      sync.markInUse().catch(() => {});
      if (r.result === 'choose') return {choose: {orderCode: r.orderCode, tickets: r.tickets}};
      sync.queued = await queueLength();
      sync.online = false;
      show(sync);
      const ticket = r.ticketId ? t('scan_offline.ticket_number', {id: r.ticketId}) : '';
      const name = r.holder ? r.holder.name : (r.typed ? r.ref || '' : ticket);
      const type = r.holder ? r.holder.type : '';
      const detail = r.holder ? [type, r.typed ? r.ref : ticket].filter(Boolean).join(' · ') : '';
      // How the phone decided, shown as a note under the verdict (its colour stays the verdict's).
      const how = r.typed ? t('scan_offline.typed_reference') : r.bySignature ? t('scan_offline.checked_by_signature') : '';
      const note = how ? {text: how, kind: r.typed ? 'typed' : 'signature'} : null;
      const common = {at: r.scannedAt, name, type, nonce: r.nonce, typed: !!r.typed, note,
        ticketId: r.ticketId || null, eventId: r.eventId || null};
      if (r.result === 'ok') {
        return {...common, ok: true, title: t('scan_offline.welcome'),
          lines: [name, detail, r.typed ? t('scan_offline.typed_check_name') : '',
            t('scan.checked_in_at', {time: timeOnly(r.scannedAt, zoneFor(r.eventId || sync.eventId))})]};
      }
      return {...common, ok: false, title: t('scan.refused'), reason: reason(r.result), reasonCode: r.result,
        lines: [name, detail, reason(r.result)]};
    },
  };
}
