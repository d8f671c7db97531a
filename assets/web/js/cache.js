// Small per-page-load caches of events and ticket types, so lists of orders or tickets can show
// titles and type names without asking the server once per row.

import {get, hasRole} from './api.js';

const events = new Map();
const types = new Map();

export function eventById(id) {
  if (!events.has(id)) events.set(id, get(`/events/${id}`).catch(() => null));
  return events.get(id);
}

export function ticketTypesOf(eventId) {
  if (!types.has(eventId)) {
    types.set(eventId, get(`/events/${eventId}/ticket-types`)
      .then((r) => (Array.isArray(r) ? r : r.items || []))
      .catch(() => []));
  }
  return types.get(eventId);
}

export async function ticketTypeName(eventId, typeId) {
  const list = await ticketTypesOf(eventId);
  const found = list.find((x) => x.id === typeId);
  return found ? found.name : `#${typeId}`;
}

export function forget(eventId) {
  events.delete(eventId);
  types.delete(eventId);
}

// The events whose figures a user may see: an organizer (not an admin) only their own, in any
// status (GET /events/{id}/stats refuses them another organizer's event); staff and admins
// every event staffEvents lists.
export async function dashboardEvents(opts = {}) {
  if (!hasRole('organizer') || hasRole('admin')) return staffEvents(opts);
  const page = await get('/events', {limit: 100, mine: 'true', include_past: 'true', sort: '-starts_at'}, opts).catch(() => ({items: []}));
  return [...(Array.isArray(page) ? page : page.items || [])].sort((a, b) => String(b.starts_at).localeCompare(String(a.starts_at)));
}

// The events a staff member works on: upcoming published ones, plus (organizer and up) their
// own in any status. Sorted by start. `opts` go to each request (e.g. {timeoutMs}); a list that
// fails or times out counts as empty.
export async function staffEvents(opts = {}) {
  const lists = [get('/events', {limit: 100, include_past: 'true', sort: '-starts_at'}, opts).catch(() => ({items: []}))];
  if (hasRole('organizer')) lists.push(get('/events', {limit: 100, mine: 'true', include_past: 'true', sort: '-starts_at'}, opts).catch(() => ({items: []})));
  const seen = new Map();
  for (const page of await Promise.all(lists)) {
    for (const ev of (Array.isArray(page) ? page : page.items || [])) seen.set(ev.id, ev);
  }
  return [...seen.values()].sort((a, b) => String(b.starts_at).localeCompare(String(a.starts_at)));
}
