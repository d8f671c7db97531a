// What the door team sees of offline scanning: online or offline, how old the revocation list
// is, how many scans wait to sync ("all synced"), and the lists to act on (scanner/
// offline_reports.js: admitted twice, let in offline but refused at sync).

import {h, replace} from '../dom.js';
import {t, plural, timeOnly, number, siteTimeZone} from '../i18n.js';
import {deviceLabel, setDeviceLabel} from './offline_sync.js';
import {reportsPanel, deviceName} from './offline_reports.js';

function age(iso) {
  const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  if (minutes < 1) return t('scan_offline.age_now');
  if (minutes < 120) return t('scan_offline.age_minutes', {n: number(minutes)});
  return t('scan_offline.age_hours', {n: number(Math.floor(minutes / 60))});
}

// The network badge: online, offline, or up but the server did not answer (with `retry`, the
// button to try again now rather than wait for the next try).
function badge(sync, retry) {
  // Not known yet: no green "Online" before the server has answered once.
  if (!sync.checked && !sync.serverDown && navigator.onLine) {
    return h('span', {class: 'door-badge door-checking', id: 'door-network'}, t('scan_offline.connecting'));
  }
  if (sync.online) return h('span', {class: 'door-badge door-online', id: 'door-network'}, t('scan_offline.online'));
  if (sync.serverDown) {
    return [h('span', {class: 'door-badge door-offline', id: 'door-network'}, t('scan_offline.server_down')),
      ' ', t('scan_offline.server_down_hint'), ' ', retry];
  }
  return [h('span', {class: 'door-badge door-offline', id: 'door-network'}, t('scan_offline.offline')),
    ' ', t('scan_offline.offline_hint')];
}

// A status box for the scanner; render(sync) redraws it from a DoorSync; retry() is called when
// staff ask to try the server again; zoneFor(eventId) is the zone of the event's door times;
// named() when staff give the phone a name (the explicit "this phone is a scanner").
export function statusPanel(retry, zoneFor, named = () => {}) {
  const status = h('div', {'aria-live': 'polite'});
  // One button for every redraw: a tap is not lost to a redraw in between (the box redraws on
  // every change of the sync state).
  const retryButton = h('button', {type: 'button', class: 'btn btn-small', id: 'door-retry', onclick: retry}, t('scan_offline.retry_now'));
  const reports = reportsPanel(zoneFor);
  let last = null;
  // The phone's name for /admin, kept in this browser.
  const labelInput = h('input', {id: 'door-device-label', type: 'text', maxlength: 60, value: deviceLabel(),
    autocomplete: 'off', placeholder: t('scan_offline.device_label_example')});
  labelInput.addEventListener('change', () => {
    setDeviceLabel(labelInput.value);
    labelInput.value = deviceLabel();
    if (labelInput.value) named();
    if (last) render(last);
  });
  const device = h('details', {class: 'door-device'},
    h('summary', null, t('scan_offline.device_summary')),
    h('p', {class: 'door-line', id: 'door-device-id'}),
    h('label', {for: 'door-device-label'}, t('scan_offline.device_label')), labelInput);
  const el = h('section', {class: 'door-status', id: 'door-status'}, status, device);
  const render = (sync) => {
    last = sync;
    const rev = sync.revocations;
    const lines = [
      h('p', {class: 'door-line'}, badge(sync, retryButton)),
      h('p', {class: 'door-line', id: 'door-revocations'}, !sync.eventId ? t('scan_offline.pick_event')
        : rev ? plural('scan_offline.revocations_age', rev.void.size + rev.checkedIn.size, {age: age(rev.fetchedAt)})
          : t('scan_offline.revocations_missing')),
      h('p', {class: 'door-line', id: 'door-queue'}, sync.queued
        ? plural('scan_offline.queued', sync.queued)
        : t('scan_offline.all_synced'),
      // In the door's zone, as Recent scans below it (the site's until the event is known).
      sync.lastSyncAt ? ` · ${t('scan_offline.last_sync', {time: timeOnly(sync.lastSyncAt, (sync.eventId && zoneFor(sync.eventId)) || siteTimeZone())})}` : ''),
    ];
    if (sync.signedOut) {
      const next = encodeURIComponent(location.pathname + location.search);
      lines.push(h('p', {class: 'door-line door-warn', id: 'door-signed-out', role: 'alert'},
        t('scan_offline.signed_out'), ' ', h('a', {href: `/account/login?next=${next}`}, t('scan_offline.sign_in_again'))));
    }
    if (sync.keysError === 'unsupported') lines.push(h('p', {class: 'door-line door-warn'}, t('scan_offline.no_webcrypto')));
    else if (!sync.keys.length) lines.push(h('p', {class: 'door-line door-warn'}, t('scan_offline.no_keys')));
    // An unnamed phone shows as "Phone a1b2c3" in every list: say so, and how to name it.
    if (sync.deviceId && !deviceLabel()) {
      lines.push(h('p', {class: 'door-line door-name-hint', id: 'door-name-hint'},
        t('scan_offline.name_hint', {name: deviceName(sync.deviceId)})));
    }
    device.querySelector('#door-device-id').textContent = sync.deviceId && !deviceLabel()
      ? t('scan_offline.device_id', {id: deviceName(sync.deviceId)}) : '';
    replace(status, lines);
    reports.render(sync);
  };
  // The age of the list grows while nothing else changes.
  const timer = setInterval(() => { if (last) render(last); }, 15000);
  // redraw(): the same state again, e.g. once the event list (and so the door's zone) is known.
  return {el, dupes: reports.el, render, redraw: () => { if (last) render(last); }, stop: () => clearInterval(timer)};
}
