// The dashboard's list of door scanner devices and when each last synced (GET /checkin/devices):
// a device that has not synced for a while may hold offline scans that nobody has seen yet.
// One card per device (phone first: "Last sync" is visible without sideways scrolling).

import {h, replace} from '../../dom.js';
import {t, dateTimeSeconds, number, siteTimeZone} from '../../i18n.js';
import {get} from '../../api.js';
import {errorBox} from '../../ui.js';
import {deviceName, shortDeviceId} from '../../scanner/offline_reports.js';

// A section that fills itself once the list arrives.
export function scannerDevicesSection() {
  const body = h('div', null, h('p', {class: 'loading'}, '…'));
  const section = h('section', {class: 'section', id: 'scanner-devices'},
    h('h2', null, t('scanner_devices.title')), h('p', {class: 'hint'}, t('scanner_devices.hint')), body);
  get('/checkin/devices', {limit: 50}).then((page) => {
    if (!page.items.length) { replace(body, h('p', {class: 'empty'}, t('scanner_devices.none'))); return; }
    const field = (label, value, cls) => h('p', {class: cls || 'meta'}, h('span', {class: 'label'}, `${label}: `), value);
    replace(body, h('ul', {class: 'cards scanner-device-cards'}, page.items.map((d) => {
      return h('li', {class: 'card scanner-device'},
        h('p', null, h('strong', {class: 'device-name'}, d.label ? `${d.label} (${shortDeviceId(d.device_id)})` : deviceName(d.device_id))),
        d.label ? null : h('p', {class: 'hint device-unnamed'}, t('scanner_devices.unnamed_hint')),
        field(t('scanner_devices.last_sync'), dateTimeSeconds(d.last_sync_at, siteTimeZone()), 'device-last-sync'),
        field(t('scanner_devices.user'), d.user.name),
        field(t('scan.event'), d.event_title || '—'),
        field(t('scanner_devices.scans'), number(d.scans_synced)));
    })));
  }).catch((err) => replace(body, errorBox(err)));
  return section;
}
