// Wall-clock fields for event-bound times (start and end, sale windows, sessions, nomination
// windows, campaign schedules, competition deadlines). An organizer types the time at the
// venue: the field is read and filled in the event's zone (i18n.js toLocalInput/fromLocalInput),
// its hint names the zone ("Times at the venue, in WITA (Asia/Makassar)"), and since browsers
// draw <input type=datetime-local> in their own locale (US on many phones), the typed time is
// repeated under it in the page's language: "Sabtu, 16 Januari 2027 09.00 WITA".

import {h} from './dom.js';
import {t, dateTime, toLocalInput, fromLocalInput, zoneTitle, currentLanguage} from './i18n.js';
import {field} from './ui.js';

// A datetime-local field. opts: those of ui.js field() (name, label, required, ...) plus
// `iso` (the current value, RFC 3339 UTC, or empty), `zone` (the IANA name it is read in) and
// `zoneOf` (optional: a function of the input returning the zone now, for a form whose zone can
// change; see zoneChanged). `hint` is added after the zone's sentence.
export function wallTimeField(opts) {
  const zoneNow = (input) => (opts.zoneOf && opts.zoneOf(input)) || opts.zone;
  const zoneHint = t('eventform.zone', {zone: zoneTitle(opts.zone, opts.iso)});
  const el = field({...opts, type: 'datetime-local', value: toLocalInput(opts.iso, opts.zone),
    hint: opts.hint ? `${zoneHint}. ${opts.hint}` : zoneHint});
  const input = el.querySelector('input');
  input.lang = currentLanguage();  // honoured by the browsers that draw the field themselves
  input.dataset.wallTime = '';
  const hint = el.querySelector('.hint');
  const preview = h('p', {class: 'hint wall-time-preview', 'aria-live': 'polite'});
  el.insertBefore(preview, el.querySelector('.field-error'));
  // The zone sentence and the typed time in the page's words, again after every change (and
  // when the form's zone changes: the form dispatches 'zonechange' on its wall-time inputs).
  const sync = () => {
    const zone = zoneNow(input);
    if (hint) {
      const text = t('eventform.zone', {zone: zoneTitle(zone)});
      hint.textContent = opts.hint ? `${text}. ${opts.hint}` : text;
    }
    const iso = fromLocalInput(input.value, zone);
    preview.textContent = iso ? dateTime(iso, zone) : '';
  };
  input.addEventListener('input', sync);
  input.addEventListener('change', sync);
  input.addEventListener('zonechange', sync);
  sync();
  return el;
}

// Tells every wall-time input in `root` that the zone they are read in changed.
export function zoneChanged(root) {
  for (const input of root.querySelectorAll('input[data-wall-time]')) input.dispatchEvent(new Event('zonechange'));
}
