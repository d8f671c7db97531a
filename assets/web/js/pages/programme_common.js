// Pieces shared by the programme pages (programme.js, admin/sessions.js): the stylesheet, a
// session's time and seats, the caller's place, and the register / cancel button. Every user
// value goes in as text (h()).

import {h} from '../dom.js';
import {t, plural, timeRange as clockRange, dateOnly, number, eventZone} from '../i18n.js';
import {post, del, currentUser} from '../api.js';
import {badge, actionButton, toast, confirmDialog} from '../ui.js';
import {loginUrl} from '../router.js';
import {mayOfferPlace, accessNote} from './session_access.js';

export function useProgrammeStyles() {
  if (document.getElementById('programme-styles')) return;
  document.head.append(h('link', {id: 'programme-styles', rel: 'stylesheet', href: '/assets/css/programme.css'}));
}

export function sessionUrl(s) { return `/events/${s.event_id}/sessions/${s.id}`; }

// "09.00–10.30 WITA": the zone once, at the end; in the event's zone (the session JSON carries
// it as event_time_zone), the site's added in brackets when it differs.
export function timeRange(s) { return clockRange(s.starts_at, s.ends_at, eventZone(s)); }

// The day of a session in the event's zone, for grouping: its formatted date.
export function dayOf(s) { return dateOnly(s.starts_at, eventZone(s)); }

export function seatsText(s) {
  if (s.capacity === null || s.capacity === undefined) return h('span', {class: 'seats'}, t('programme.unlimited'));
  if (s.full) {
    return h('span', {class: 'seats seats-full'}, s.waitlisted ? t('programme.full_waitlist', {n: number(s.waitlisted)}) : t('programme.full'));
  }
  const few = s.seats_left <= Math.max(2, Math.floor(s.capacity / 5));
  return h('span', {class: `seats${few ? ' seats-few' : ''}`}, plural('programme.seats_left', s.seats_left, {capacity: number(s.capacity)}));
}

export function myPlace(s) {
  const my = s.my;
  if (!my) return null;
  if (my.status === 'registered') return h('span', {class: 'my-place'}, badge('registered', 'programme.status'));
  return h('span', {class: 'my-place'}, badge('waitlisted', 'programme.status'), ' ', t('programme.position', {n: number(my.position)}));
}

// The in-page question before a seat or a place in line is given up: it says who gets the seat.
// Resolves true when the attendee confirms.
async function confirmLeaving(s) {
  const seat = s.my.status === 'registered';
  const text = seat
    ? `${t('programme.cancel_confirm', {title: s.title})} ${s.waitlisted ? t('programme.cancel_next') : t('programme.cancel_free')}`
    : t('programme.leave_confirm', {title: s.title, n: number(s.my.position)});
  const answer = await confirmDialog({
    title: seat ? t('programme.cancel_title') : t('programme.leave_title'), text, danger: true,
    confirm: seat ? t('programme.cancel') : t('programme.leave_waitlist'),
    dismiss: seat ? t('programme.keep_seat') : t('programme.stay_in_line'),
  });
  return answer !== null;
}

// Register, join the waitlist, or leave (after an in-page confirmation): what the caller can do
// now; nothing when the session needs a ticket `holdings` (session_access.js loadHoldings) do
// not admit. `after` re-renders.
export function placeButton(s, after, holdings) {
  if (!currentUser()) return h('a', {class: 'btn', href: loginUrl()}, t('programme.sign_in_to_register'));
  if (new Date(s.ends_at).getTime() <= Date.now()) return null;
  if (!mayOfferPlace(s, holdings)) return null;
  if (s.my) {
    const label = s.my.status === 'registered' ? t('programme.cancel') : t('programme.leave_waitlist');
    return actionButton(label, async () => {
      if (!await confirmLeaving(s)) return;
      await del(`/sessions/${s.id}/registrations/me`);
      toast(t('programme.cancelled'));
      after();
    }, 'btn btn-danger');
  }
  const label = s.full ? t('programme.join_waitlist') : t('programme.register');
  return actionButton(label, async () => {
    const r = await post(`/sessions/${s.id}/registrations`, {});
    toast(r.status === 'registered' ? t('programme.registered_toast') : t('programme.waitlisted_toast', {n: number(r.position)}));
    after();
  }, 'btn btn-primary');
}

// A session as a card: time, kind, title (a link), speaker, room, seats, the ticket note, my
// place, the button (both by `holdings`, the caller's tickets and orders for the event).
export function sessionCard(s, after, {showRoom = true, showDay = false, holdings = null} = {}) {
  return h('article', {class: `session-card kind-${s.kind}`, 'data-session-id': s.id},
    h('p', {class: 'meta'}, h('span', {class: 'session-when'}, showDay ? `${dayOf(s)} · ` : '', timeRange(s)), ' ',
      badge(s.kind, 'programme.kind'), showRoom && s.room ? ` · ${s.room}` : ''),
    h('h3', null, h('a', {href: sessionUrl(s)}, s.title)),
    s.speaker_name ? h('p', {class: 'meta'}, s.speaker_name) : null,
    h('p', {class: 'meta'}, seatsText(s)),
    // The note only where it explains a missing button (the button speaks for itself).
    mayOfferPlace(s, holdings) ? null : accessNote(s, holdings),
    h('div', {class: 'session-actions'}, myPlace(s), placeButton(s, after, holdings)));
}

// The event page's sessions: the same cards as the programme (the caller's place, the cancel
// step and the ticket rule included), with the day, and a link to the whole programme. null
// without sessions.
export function eventSessionsSection(sessions, after, holdings) {
  if (!sessions.length) return null;
  useProgrammeStyles();
  return h('section', {class: 'section event-sessions', 'aria-labelledby': 'sessions-h'},
    h('h2', {id: 'sessions-h'}, t('sessions.title')),
    h('p', null, h('a', {class: 'btn', href: `/events/${sessions[0].event_id}/programme`}, t('programme.open'))),
    h('ul', {class: 'prog-list'}, sessions.map((s) => h('li', null, sessionCard(s, after, {showDay: true, holdings})))));
}
