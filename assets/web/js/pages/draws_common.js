// Pieces shared by the prize-draw pages (draws.js, draws_admin.js, draws_live.js,
// draws_verify.js): loading a draw and its event, who the caller is for it, the facts of a draw,
// its winners, and the draw pages' own stylesheet. Every user value goes in as text (h()).

import {h} from '../dom.js';
import {t, dateTime, eventZone} from '../i18n.js';
import {get, currentUser} from '../api.js';
import {badge, definitionList} from '../ui.js';

// The draw pages' styles live in their own file; added once, on first use (CSP: 'self' only).
export function useDrawStyles() {
  if (document.getElementById('draw-styles')) return;
  document.head.append(h('link', {id: 'draw-styles', rel: 'stylesheet', href: '/assets/css/draws.css'}));
}

export function getDraw(id) {
  return get(`/draws/${encodeURIComponent(id)}`);
}

// The draw with its event (null when the event cannot be read).
export async function loadDrawAndEvent(id) {
  const draw = await getDraw(id);
  const event = await get(`/events/${draw.event_id}`).catch(() => null);
  return {draw, event};
}

// What the signed-in caller may do on the draw's event (the server checks again).
export function rolesFor(event) {
  const user = currentUser();
  if (!user || !event) return {manage: false, desk: false, user};
  const admin = user.role === 'admin';
  const owner = user.role === 'organizer' && user.id === event.organizer_id;
  return {manage: admin || owner, desk: admin || owner || user.role === 'staff', user};
}

export function prizeSummary(draw) {
  return (draw.prizes || []).map((p) => (p.quantity > 1 ? `${p.quantity}× ${p.name}` : p.name)).join(', ');
}

export function eligibilityText(draw) {
  if (draw.eligibility === 'opt_in' && draw.entry_requires_check_in) return t('draws.eligibility_opt_in_checked');
  return t(`draws.eligibility_${draw.eligibility}`);
}

// Long hashes in groups of eight, so they can be read aloud and compared on a projector.
export function groupedHex(hex) {
  return String(hex || '').replace(/(.{8})(?=.)/g, '$1 ');
}

export function hashCode(hex, extraClass = '') {
  return h('code', {class: `draw-hash ${extraClass}`}, groupedHex(hex));
}

export function drawFacts(draw) {
  return definitionList([
    [t('common.status'), badge(draw.status, 'draw_status')],
    [t('draws.prizes'), prizeSummary(draw)],
    [t('draws.eligibility'), eligibilityText(draw)],
    [t('draws.entrant_count'), String(draw.entrant_count ?? 0)],
    [t('draws.claim_window'), t('draws.claim_window_minutes', {minutes: draw.claim_window_minutes})],
    [t('draws.commitment'), hashCode(draw.commitment)],
    draw.seed ? [t('draws.seed'), hashCode(draw.seed)] : null,
    draw.entrants_hash ? [t('draws.entrants_hash'), hashCode(draw.entrants_hash)] : null,
    draw.drawn_at ? [t('draws.drawn_at'), dateTime(draw.drawn_at, eventZone(draw))] : null,
  ]);
}

// A winner's claim state; deadlines in the draw's event's `zone`.
export function winnerState(w, zone) {
  if (w.claimed) return h('span', {class: 'badge badge-approved'}, t('draws.claimed'));
  if (Date.parse(w.claim_deadline) <= Date.now()) return h('span', {class: 'badge badge-expired'}, t('draws.unclaimed'));
  return h('span', {class: 'badge badge-pending'}, t('draws.claim_until', {time: dateTime(w.claim_deadline, zone)}));
}

// The winners as a list: prize, display name, state; `extra(w)` adds controls per winner.
export function winnersList(draw, extra) {
  const list = draw.winners || [];
  if (!list.length) return null;
  return h('ol', {class: 'draw-winners'}, list.map((w) => h('li', {class: 'draw-winner', dataset: {slot: String(w.slot)}},
    h('span', {class: 'draw-winner-prize'}, w.prize),
    h('span', {class: 'draw-winner-name'}, w.display_name),
    w.name ? h('span', {class: 'meta'}, `${w.name} · ${w.email}`) : null,
    w.redrawn ? h('span', {class: 'chip'}, t('draws.redrawn')) : null,
    w.mine ? h('span', {class: 'chip'}, t('draws.you')) : null,
    winnerState(w, eventZone(draw)),
    extra ? extra(w) : null)));
}

export function redrawsList(draw) {
  const list = draw.redraws || [];
  if (!list.length) return null;
  return h('section', {class: 'section'}, h('h2', null, t('draws.redraws')),
    h('ul', {class: 'list'}, list.map((r) => h('li', null,
      t('draws.redraw_line', {prize: r.prize, from: r.replaced_display_name || '?', to: r.display_name, position: r.position})))));
}
