// Admin dashboard (/admin): one event's tiles, sales and check-in charts, ticket types.

import {h, replace} from '../../dom.js';
import {t, money, dateOnly, number, zoneHourKey, hourLabel, eventZone, zoneTitle} from '../../i18n.js';
import {get, getAll, hasRole} from '../../api.js';
import {loading, errorBox, table} from '../../ui.js';
import {dashboardEvents} from '../../cache.js';
import {barChart, fillDays} from '../../chart.js';
import {adminFrame} from '../admin_common.js';
import {scannerDevicesSection} from './scanner_devices.js';
import {loadSetupChecklist} from './setup_checks.js';

function tile(label, value, sub) {
  return h('div', {class: 'tile'}, h('p', {class: 'tile-label'}, label), h('p', {class: 'tile-value'}, value), sub ? h('p', {class: 'tile-sub'}, sub) : null);
}

// Check-ins per hour of the event's `zone` (eventZone(ev)): a 15:25 WITA scan counts under 15:00.
async function checkinsByHour(eventId, stats, zone) {
  const given = stats.checkins_by_hour || stats.checkins_over_time;
  let points;  // [{at (an instant of that hour), count}], oldest first
  if (Array.isArray(given)) {
    points = given.map((r) => ({at: r.hour || r.time || r.at, count: r.count ?? r.checked_in ?? r.value ?? 0}));
  } else {
    // Not in the stats: count the attendees' check-in times per hour (in the event's zone).
    const rows = await getAll(`/events/${eventId}/attendees`, {}, 2000).catch(() => []);
    const buckets = new Map();  // 'YYYY-MM-DD HH' → {at (one check-in of that hour), count}
    for (const a of rows) {
      const key = a.checked_in_at ? zoneHourKey(a.checked_in_at, zone) : null;
      if (key) buckets.set(key, {at: a.checked_in_at, count: ((buckets.get(key) || {}).count || 0) + 1});
    }
    points = [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, b]) => b);
  }
  // Hours read as every other time on the pages: "16:00", "16.00" in Indonesian.
  return withEmptyHours(points, zone).map((p) => ({label: hourLabel(p.at, zone) || String(p.at), count: p.count}));
}

// Every hour from the first check-in's to the last one's, a quiet hour as 0: bars of the busy
// hours alone read as one continuous timeline (phone tester: 17.00 and 20.00 had vanished).
// A span over a week is left as it is (too many bars to read).
function withEmptyHours(points, zone) {
  const keyed = points.map((p) => ({key: zoneHourKey(p.at, zone), p}));
  if (keyed.length < 2 || keyed.some((k) => !k.key)) return points;
  const first = Date.parse(points[0].at);
  const lastKey = keyed[keyed.length - 1].key;
  if (Date.parse(points[points.length - 1].at) - first > 7 * 24 * 3600e3) return points;
  const byKey = new Map(keyed.map((k) => [k.key, k.p]));
  const out = [];
  const seen = new Set();
  for (let ms = first; out.length <= 24 * 7 + 1; ms += 3600e3) {
    const at = new Date(ms).toISOString();
    const key = zoneHourKey(at, zone);
    if (key > lastKey) break;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(byKey.get(key) || {at, count: 0});
  }
  return out;
}

export async function dashboard(ctx) {
  adminFrame(ctx, t('admin.dashboard'), loading());
  // The first-run checklist (admins): what to set before the first real event.
  const [events, checklist] = await Promise.all([dashboardEvents().catch(() => []), loadSetupChecklist()]);
  if (!ctx.current) return;
  if (!events.length) {
    adminFrame(ctx, t('admin.dashboard'), checklist, h('p', {class: 'empty'}, t('staff.no_events')),
      hasRole('organizer') ? h('p', null, h('a', {class: 'btn btn-primary', href: '/admin/events/new'}, t('admin.new_event'))) : null);
    return;
  }
  let eventId = ctx.query.get('event') || localStorage.getItem('lanyard.admin.event');
  if (!events.some((e) => String(e.id) === String(eventId))) eventId = String(events[0].id);
  const select = h('select', {id: 'dash-event'}, events.map((ev) => h('option', {value: ev.id, selected: String(ev.id) === String(eventId)}, `${ev.title} — ${dateOnly(ev.starts_at, eventZone(ev))}`)));
  select.addEventListener('change', () => {
    localStorage.setItem('lanyard.admin.event', select.value);
    ctx.navigate(`/admin?event=${select.value}`, {replace: true});
  });
  const body = h('div', null, loading());
  adminFrame(ctx, t('admin.dashboard'), checklist, h('div', {class: 'field'}, h('label', {for: 'dash-event'}, t('scan.event')), select), body);

  let stats;
  try {
    stats = await get(`/events/${eventId}/stats`);
  } catch (err) {
    if (ctx.current) replace(body, errorBox(err));
    return;
  }
  // The per-event charts count hours and days in the event's own zone and say which.
  const zone = eventZone({time_zone: stats.time_zone || eventZone(events.find((e) => String(e.id) === String(eventId)))});
  const zoneName = zoneTitle(zone);
  const checkins = await checkinsByHour(eventId, stats, zone);
  if (!ctx.current) return;
  const sales = fillDays((stats.sales_by_day || []).map((d) => ({
    date: d.date || d.day, tickets: d.tickets ?? d.tickets_sold ?? d.count ?? d.sold ?? 0, revenue: d.revenue ?? d.amount ?? 0,
  })));
  const sold = stats.tickets_sold || 0;
  const checked = stats.checked_in || 0;
  const types = stats.by_ticket_type || [];
  replace(body,
    h('div', {class: 'tiles'},
      tile(t('stats.tickets_sold'), number(sold)),
      // An event whose ticket types take no money says so, not "Rp 0".
      stats.free ? tile(t('stats.revenue'), t('stats.free_event'), t('stats.free_event_sub'))
        : tile(t('stats.revenue'), money(stats.revenue || 0)),
      tile(t('stats.orders_pending'), number(stats.orders_pending || 0), h('a', {href: `/staff/payments?event=${eventId}`}, t('nav.payments'))),
      tile(t('stats.checked_in'), number(checked), sold ? t('stats.of_sold', {pct: Math.round((checked / sold) * 100)}) : null)),
    h('div', {class: 'charts'},
      barChart(sales.map((d) => ({label: dateOnly(d.date, zone), value: d.tickets})), {title: t('stats.tickets_per_day', {zone: zoneName}), format: (v) => number(v)}),
      // No money axis when no money came in (a free event: no "Rp 1" scale).
      stats.revenue > 0 ? barChart(sales.map((d) => ({label: dateOnly(d.date, zone), value: d.revenue, display: money(d.revenue)})), {title: t('stats.revenue_per_day', {zone: zoneName}), format: (v) => money(v)}) : null,
      barChart(checkins.map((c) => ({label: c.label, value: c.count})), {title: t('stats.checkins_per_hour', {zone: zoneName}), format: (v) => number(v)})),
    h('section', {class: 'section'}, h('h2', null, t('stats.by_ticket_type')),
      table([t('tickets.type'), t('stats.sold'), t('stats.pending'), t('stats.quota')],
        types.map((x) => [x.name || x.ticket_type_name || `#${x.ticket_type_id}`, number(x.sold ?? x.tickets_sold ?? 0),
          number(x.pending ?? 0), x.quota === null || x.quota === undefined ? '∞' : number(x.quota)]),
        {stack: true})),  // labelled cards on a phone, nothing cut; a table from 720 px
    scannerDevicesSection(),
    h('p', {class: 'actions'},
      h('a', {class: 'btn', href: `/admin/events/${eventId}/orders`}, t('admin.orders')), ' ',
      h('a', {class: 'btn', href: `/admin/events/${eventId}/attendees`}, t('admin.attendees')), ' ',
      hasRole('organizer') ? h('a', {class: 'btn', href: `/admin/events/${eventId}`}, t('admin.edit_event')) : null, ' ',
      h('a', {class: 'btn', href: `/staff/scan?event=${eventId}`}, t('scan.title'))));
}
