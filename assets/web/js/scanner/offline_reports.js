// What offline scanning leaves for the door team to act on, below the scanner: the tickets
// admitted twice while scanners were offline (GET /events/{id}/offline-duplicates) and the
// people a phone let in offline whom the server refused at sync (GET
// /events/{id}/offline-refused-admissions: void or refunded ticket, another event's ticket, a
// forged or unknown code). Each list is hidden while empty.

import {h, replace} from '../dom.js';
import {t, dateTimeSeconds} from '../i18n.js';

// The first six characters of a device id: what tells two unnamed phones apart.
export function shortDeviceId(id) { return String(id || '').replace(/^dev-/, '').slice(0, 6); }

// A phone with no name ("Phone a1b2c3"), or 'an online scan' for none.
export function deviceName(id) { return id ? t('scan_offline.phone_short', {id: shortDeviceId(id)}) : t('scan_offline.online_scan'); }

// How the door team knows a phone: the name staff gave it ("Door A"), else "Phone a1b2c3";
// this phone says so ("Door A (this phone)"); an online scan names who scanned.
export function deviceText(id, label, ownId, by) {
  if (!id) return by ? t('scan_offline.online_scanner', {by}) : t('scan_offline.online_scan');
  const name = label || deviceName(id);
  return ownId && id === ownId ? t('scan_offline.this_phone_named', {label: name}) : name;
}

// The sentence for a scan result or error code (scan.reason_<code>, else a general one).
export function reasonText(code) {
  const key = `scan.reason_${code}`;
  const text = t(key);
  return text === key ? t('scan.reason_other') : text;
}

function duplicateItem(d, ownId, zone) {
  const first = d.first || {};
  return h('li', null,
    h('strong', null, d.holder_name), ` · ${d.ticket_type}: `,
    t('scan_offline.duplicate_line', {
      first_by: first.scanned_by || '?', first_device: deviceText(first.device_id, first.device_label, ownId),
      first_time: first.scanned_at ? dateTimeSeconds(first.scanned_at, zone) : '?',
      second_by: d.second.scanned_by, second_device: deviceText(d.second.device_id, d.second.device_label, ownId),
      second_time: dateTimeSeconds(d.second.scanned_at, zone)}));
}

// One person let in offline and refused at sync: who (when the ticket is this event's), why,
// and which phone let them in when.
function refusedItem(r, ownId, zone) {
  const who = r.holder_name
    ? [h('strong', null, r.holder_name), r.ticket_type ? ` · ${r.ticket_type}` : '']
    : [h('strong', null, r.ticket_id ? t('scan_offline.ticket_number', {id: r.ticket_id}) : t('scan_offline.refused_unknown_person'))];
  return h('li', {class: 'card door-refused-item'},
    h('p', null, who),
    h('p', {class: 'door-refused-reason'}, reasonText(r.result)),
    h('p', {class: 'meta'}, t('scan_offline.refused_line', {
      by: r.scanned_by, device: deviceText(r.device_id, r.device_label, ownId), time: dateTimeSeconds(r.scanned_at, zone)})));
}

// The two lists; render(state) redraws them from a DoorSync or anything with its fields
// {duplicates, refusedAdmissions, deviceId ('' on /admin: no "this phone")}. `zone`: the event's
// zone the times lead with (eventZone(ev)), or a function of the state's eventId giving it (the
// scanner, whose event can change); none = the site's.
export function reportsPanel(zone) {
  const zoneOf = typeof zone === 'function' ? zone : () => zone;
  const dupes = h('section', {class: 'section door-duplicates', id: 'door-duplicates', hidden: true});
  const refused = h('section', {class: 'section door-refused', id: 'door-refused', hidden: true});
  const el = h('div', {class: 'door-reports'}, refused, dupes);
  const render = (sync) => {
    const at = zoneOf(sync.eventId);
    dupes.hidden = !sync.duplicates.length;
    replace(dupes, h('h2', null, t('scan_offline.duplicates_title')),
      h('ul', {class: 'door-duplicate-list'}, sync.duplicates.map((d) => duplicateItem(d, sync.deviceId, at))));
    const list = sync.refusedAdmissions || [];
    refused.hidden = !list.length;
    replace(refused, h('h2', null, t('scan_offline.refused_title')),
      h('p', {class: 'hint'}, t('scan_offline.refused_hint')),
      h('ul', {class: 'cards door-refused-list'}, list.map((r) => refusedItem(r, sync.deviceId, at))));
  };
  return {el, render};
}
