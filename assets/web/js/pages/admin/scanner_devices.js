// The dashboard's list of door scanner devices and when each last synced (GET /checkin/devices):
// a device that has not synced for a while may hold offline scans that nobody has seen yet.

import {h, replace} from '../../dom.js';
import {t, dateTime, number} from '../../i18n.js';
import {get} from '../../api.js';
import {table, errorBox} from '../../ui.js';

// A section that fills itself once the list arrives.
export function scannerDevicesSection() {
  const body = h('div', null, h('p', {class: 'loading'}, '…'));
  const section = h('section', {class: 'section', id: 'scanner-devices'},
    h('h2', null, t('scanner_devices.title')), h('p', {class: 'hint'}, t('scanner_devices.hint')), body);
  get('/checkin/devices', {limit: 50}).then((page) => {
    replace(body, table(
      [t('scanner_devices.device'), t('scanner_devices.user'), t('scan.event'), t('scanner_devices.last_sync'), t('scanner_devices.scans')],
      page.items.map((d) => [
        d.label ? `${d.label} (${d.device_id.replace(/^dev-/, '').slice(0, 6)})` : d.device_id.replace(/^dev-/, '').slice(0, 6),
        d.user.name, d.event_title || '—', dateTime(d.last_sync_at), number(d.scans_synced)]),
      {empty: t('scanner_devices.none')}));
  }).catch((err) => replace(body, errorBox(err)));
  return section;
}
