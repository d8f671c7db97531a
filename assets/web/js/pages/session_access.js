// Who may take a place in a session, one rule for every page that offers one (the session page,
// the programme's cards, the event page's cards): the server's rule (core/programme
// registrations: a session that requires a ticket admits any valid ticket of the event, or only
// its own ticket types when it names some), and the note that goes beside the button. Every
// user value goes in as text (h()).

import {h} from '../dom.js';
import {t} from '../i18n.js';
import {getAll, currentUser} from '../api.js';

// Whether registering for the session needs a ticket.
export function needsTicket(s) {
  return Boolean(s.requires_ticket || (s.ticket_type_ids || []).length);
}

// What the signed-in caller holds for an event, loaded once per page: {tickets (valid ones),
// pending (orders awaiting payment)}; null when signed out. Lists that fail to load count as
// empty (the server still refuses a registration it does not allow).
export async function loadHoldings(eventId) {
  if (!currentUser()) return null;
  const [tickets, orders] = await Promise.all([
    getAll('/tickets', {}, 1000).catch(() => []),
    getAll('/orders', {}, 1000).catch(() => []),
  ]);
  return {
    tickets: tickets.filter((tk) => tk.event_id === eventId && tk.status === 'valid'),
    pending: orders.filter((o) => o.event_id === eventId && o.status === 'pending'),
  };
}

// Whether `holdings` hold a valid ticket the session admits.
export function admits(s, holdings) {
  if (!holdings) return false;
  const types = s.ticket_type_ids || [];
  return holdings.tickets.some((tk) => !types.length || types.includes(tk.ticket_type_id));
}

// Whether a Register / Join the waitlist / leave button belongs beside the session: signed out
// (it leads to signing in), already in it, no ticket needed, or a ticket it admits.
export function mayOfferPlace(s, holdings) {
  return !currentUser() || Boolean(s.my) || !needsTicket(s) || admits(s, holdings);
}

// The note beside the button (null when none is needed: in the session already, or no ticket
// needed): may register or join the waiting list (the words match the button); an order for
// the event awaiting payment, with a link to it (no invitation to buy twice); else a ticket is
// needed, with a link to the event page to get one.
export function accessNote(s, holdings) {
  if (!currentUser() || s.my || !needsTicket(s)) return null;
  if (admits(s, holdings)) {
    return h('p', {class: 'meta', 'data-state': 'can-register'}, t(s.full ? 'programme.can_join_waitlist' : 'programme.can_register'));
  }
  const pending = holdings && holdings.pending[0];
  if (pending) {
    return h('p', {class: 'meta', 'data-state': 'order-pending'}, t('programme.order_pending', {code: pending.code}), ' ',
      h('a', {href: `/account/orders/${pending.id}`}, t('programme.open_order')));
  }
  return h('p', {class: 'meta', 'data-state': 'needs-ticket'}, t('programme.needs_ticket'), ' ',
    h('a', {href: `/events/${s.event_id}`}, t('programme.get_ticket')));
}
