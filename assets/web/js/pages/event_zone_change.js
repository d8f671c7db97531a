// The event form's question when a saved event moves to another time zone: keep the clock times
// (09:00 stays 09:00 in the new zone: every event-bound time moves with it) or keep the moments
// (09:00 WIB is shown as 10:00 WITA), and whether to mail the ticket holders. The server does
// the moving (PATCH /events/{id} zone_change, notify_holders); this box asks and shows the start
// and end fields as they will be.

import {h} from '../dom.js';
import {t, timeShort, toLocalInput, fromLocalInput, siteTimeZone, eventZone} from '../i18n.js';

const kModes = ['keep_wall_times', 'keep_instants'];

// The zone the form's times are read in: the chosen one, else the site's.
export function formZone(values) { return values.time_zone || siteTimeZone(); }

// The box, hidden until the zone select names another zone than the saved event's. `ev` is the
// saved event (read again on every change, so it may be updated after saving).
export function zoneChangeBox(ev) {
  const radios = kModes.map((mode) => h('input', {type: 'radio', name: 'zone_change', value: mode,
    checked: mode === 'keep_wall_times', id: `zone-change-${mode}`}));
  const labels = radios.map(() => h('span', null));
  const notify = h('input', {type: 'checkbox', name: 'notify_holders', id: 'zone-change-notify', checked: true});
  return h('fieldset', {class: 'fieldset zone-change', hidden: true, 'data-field': 'zone_change'},
    h('legend', null, t('eventform.zone_change')),
    radios.map((radio, i) => h('div', {class: 'field field-check'}, h('label', {for: radio.id}, radio, ' ', labels[i]))),
    h('p', {class: 'hint'}, t('eventform.zone_change_hint')),
    ev.status === 'published'
      ? h('div', {class: 'field field-check'},
        h('label', {for: notify.id}, notify, ' ', t('eventform.zone_notify')),
        h('p', {class: 'hint'}, t('eventform.zone_notify_hint')))
      : null);
}

// Keeps the box and the start and end fields in step with the zone select and the chosen mode.
// Start and end show the saved wall times (keep the clock times) or the saved moments read in
// the new zone (keep the moments), unless the organizer typed other times.
export function followZoneChange(f, ev) {
  const box = f.querySelector('fieldset.zone-change');
  const select = f.querySelector('select[name=time_zone]');
  if (!box || !select) return;
  const inputs = ['starts_at', 'ends_at'].map((name) => f.elements[name]);
  for (const input of inputs) input.dataset.filled = input.value;
  const sync = () => {
    const from = eventZone(ev);
    const to = formZone({time_zone: select.value});
    const moving = to !== from;
    box.hidden = !moving;
    const mode = (f.querySelector('input[name=zone_change]:checked') || {}).value || 'keep_wall_times';
    if (moving) {
      const sameWall = fromLocalInput(toLocalInput(ev.starts_at, from), to);
      const spans = box.querySelectorAll('label span');
      spans[0].textContent = t('eventform.zone_keep_wall_times', {old: timeShort(ev.starts_at, from), new: timeShort(sameWall, to)});
      spans[1].textContent = t('eventform.zone_keep_instants', {old: timeShort(ev.starts_at, from), new: timeShort(ev.starts_at, to)});
    }
    for (const input of inputs) {
      if (input.value !== input.dataset.filled) continue;  // typed by hand: keep it
      const iso = ev[input.name];
      const value = moving && mode === 'keep_instants' ? toLocalInput(iso, to) : toLocalInput(iso, from);
      if (value === input.value) continue;
      input.value = value;
      input.dataset.filled = value;
      input.dispatchEvent(new Event('change'));
    }
  };
  select.addEventListener('change', sync);
  for (const radio of box.querySelectorAll('input[name=zone_change]')) radio.addEventListener('change', sync);
  sync();
}

// The body's zone_change and notify_holders when the zone in effect changes (nothing else).
export function zoneChangeFields(values, ev) {
  if (formZone(values) === eventZone(ev)) return {};
  return {zone_change: values.zone_change || 'keep_wall_times', notify_holders: !!values.notify_holders};
}
