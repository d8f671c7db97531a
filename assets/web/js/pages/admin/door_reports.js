// The offline door's lists on an organizer's event page, read-only: tickets admitted twice while
// scanners were offline (GET /events/{id}/offline-duplicates) and people a phone let in offline
// whom the server refused at sync (GET /events/{id}/offline-refused-admissions). The same data
// and labels as below the door scanner (scanner/offline_reports.js), times in the event's zone.

import {h, replace} from '../../dom.js';
import {t, eventZone} from '../../i18n.js';
import {get} from '../../api.js';
import {errorBox} from '../../ui.js';
import {reportsPanel} from '../../scanner/offline_reports.js';

// A section for event `ev` ({id, time_zone}) that fills itself once both lists arrive.
export function doorReportsSection(ev) {
  const panel = reportsPanel(eventZone(ev));
  const status = h('p', {class: 'loading'}, '…');
  const section = h('section', {class: 'section', id: 'event-door-reports'},
    h('h2', null, t('scan_offline.admin_title')), h('p', {class: 'hint'}, t('scan_offline.admin_hint')),
    status, panel.el);
  const id = encodeURIComponent(ev.id);
  Promise.all([get(`/events/${id}/offline-duplicates`, {limit: 100}), get(`/events/${id}/offline-refused-admissions`, {limit: 100})])
    .then(([dupes, refused]) => {
      panel.render({duplicates: dupes.items, refusedAdmissions: refused.items, deviceId: ''});
      if (dupes.items.length || refused.items.length) status.remove();
      else replace(status, t('scan_offline.admin_none'));
      status.className = 'empty';
    })
    .catch((err) => replace(status, errorBox(err)));
  return section;
}
