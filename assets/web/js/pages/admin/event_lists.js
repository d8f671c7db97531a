// An event's orders (cancel, refund) and attendees (with CSV download), for staff and the
// organizer. Both pages name their event (with a link back to it) and link every order code to
// that order's page.

import {h, replace} from '../../dom.js';
import {t, money, dateTime, dateTimeSeconds, eventZone} from '../../i18n.js';
import {get, post, apiBlob, hasRole} from '../../api.js';
import {field, form, loading, errorBox, toast, orderBadge, isFreeOrder, actionButton, table, pager, confirmDialog, downloadBlob} from '../../ui.js';
import {eventById} from '../../cache.js';
import {adminFrame as frame, listItems as items} from '../admin_common.js';
import {buyerName, buyerEmail} from '../staff.js';

// "Orders · Festival Kopi Nusantara" with the event's title linking to its admin page.
function eventTitle(ev, key) {
  return ev ? t(key, {title: ev.title}) : t(key.replace('_of', ''));
}

function eventLine(ev) {
  return ev ? h('p', {class: 'meta event-of-list'}, h('a', {href: `/admin/events/${ev.id}`}, ev.title)) : null;
}

// The pager's move: the same page and filters at another offset.
function goToOffset(ctx) {
  return (next) => {
    const p = new URLSearchParams(location.search);
    p.set('offset', String(next));
    ctx.navigate(`${location.pathname}?${p}`);
  };
}

// An order code as a link to the order's page.
function orderLink(id, code) {
  return id ? h('a', {class: 'mono', href: `/account/orders/${id}`}, code || '') : h('span', {class: 'mono'}, code || '');
}

// The status as people say it: a closed free order reads as cancelled (orderBadge: nothing was
// paid, nothing refunded), with a note that the list's filter finds it under Refunded (its
// status in the API).
function statusCell(o) {
  const freeClosed = o.status === 'refunded' && isFreeOrder(o);
  return h('span', null, orderBadge(o),
    freeClosed ? h('span', {class: 'meta free-cancelled'}, h('br'), t('orders.free_cancelled_note')) : null);
}

export async function orders(ctx) {
  const id = ctx.params.id;
  const status = ctx.query.get('status') || '';
  const q = ctx.query.get('q') || '';
  const offset = Number(ctx.query.get('offset') || 0);
  const list = h('div', null, loading());
  const filter = form({
    class: 'inline-form', submit: t('events.search'),
    fields: [
      field({name: 'q', label: t('desk.search'), type: 'search', value: q}),
      field({name: 'status', label: t('common.status'), type: 'select', value: status, options: [{value: '', label: t('common.all')},
        ...['pending', 'paid', 'expired', 'cancelled', 'refunded'].map((s) => ({value: s, label: t(`order_status.${s}`)}))]}),
    ],
    onSubmit: async (values) => {
      const p = new URLSearchParams();
      if (values.q) p.set('q', values.q);
      if (values.status) p.set('status', values.status);
      ctx.navigate(`/admin/events/${id}/orders${p.toString() ? `?${p}` : ''}`);
    },
  });
  const ev = await eventById(Number(id)).catch(() => null);
  if (!ctx.current) return;
  frame(ctx, eventTitle(ev, 'admin.orders_of'), eventLine(ev), filter, list);
  const reload = () => ctx.navigate(location.pathname + location.search, {replace: true});
  try {
    const page = await get(`/events/${encodeURIComponent(id)}/orders`, {status, q, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('orders.code'), t('desk.buyer'), t('orders.total'), t('common.status'), t('orders.placed'), ''],
      items(page).map((o) => [
        orderLink(o.id, o.code),
        h('span', null, buyerName(o), h('br'), h('span', {class: 'meta'}, buyerEmail(o))),
        money(o.total, o.currency), statusCell(o), dateTime(o.created_at, eventZone(o.event_time_zone ? o : ev)),
        h('span', {class: 'actions'},
          o.status === 'pending' || o.status === 'expired' ? h('a', {class: 'btn btn-small', href: `/staff/payments?event=${id}&order=${o.id}`}, t('desk.review')) : null, ' ',
          o.status === 'pending' ? actionButton(t('orders.cancel'), async () => {
            const ok = await confirmDialog({title: t('orders.cancel'), text: t('orders.cancel_staff', {code: o.code}), confirm: t('orders.cancel'), dismiss: t('orders.keep'), danger: true});
            if (ok === null) return;
            await post(`/orders/${o.id}/cancel`, {});
            reload();
          }, 'btn btn-small btn-danger') : null,
          o.status === 'paid' && hasRole('organizer') ? actionButton(isFreeOrder(o) ? t('orders.cancel') : t('orders.refund'), async () => {
            // A free order has nothing to refund: closing it is a cancellation (same request).
            const free = isFreeOrder(o);
            // A refund returns what the order received (an overpayment included), not its total.
            const text = free ? t('orders.cancel_free_confirm', {code: o.code}) : t('orders.refund_confirm', {code: o.code, amount: money(o.amount_paid ?? o.total, o.currency)});
            // "Cancel order" / "Keep order": a "Cancel" beside "Confirm" in a cancellation reads as the action.
            const reason = await confirmDialog({title: free ? t('orders.cancel') : t('orders.refund'), text, reason: true, reasonRequired: true, danger: true,
              ...(free ? {confirm: t('orders.cancel'), dismiss: t('orders.keep')} : {})});
            if (reason === null) return;
            await post(`/orders/${o.id}/refund`, {reason});
            reload();
          }, 'btn btn-small btn-danger') : null),
      ]), {empty: t('orders.none_event'), stack: true}),
    pager(page, goToOffset(ctx)));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

export async function attendees(ctx) {
  const id = ctx.params.id;
  const q = ctx.query.get('q') || '';
  const offset = Number(ctx.query.get('offset') || 0);
  const list = h('div', null, loading());
  const filter = form({
    class: 'inline-form', submit: t('events.search'),
    fields: [field({name: 'q', label: t('lookup.search'), type: 'search', value: q})],
    onSubmit: async (values) => ctx.navigate(`/admin/events/${id}/attendees${values.q ? `?q=${encodeURIComponent(values.q)}` : ''}`),
  });
  const csv = actionButton(t('attendees.csv'), async () => {
    const blob = await apiBlob(`/events/${encodeURIComponent(id)}/attendees`, {query: {format: 'csv', q}});
    downloadBlob(blob, `attendees-event-${id}.csv`);
  }, 'btn');
  const ev = await eventById(Number(id)).catch(() => null);
  if (!ctx.current) return;
  frame(ctx, eventTitle(ev, 'admin.attendees_of'), eventLine(ev), h('div', {class: 'toolbar'}, filter, csv), list);
  try {
    const page = await get(`/events/${encodeURIComponent(id)}/attendees`, {q, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('tickets.holder_name'), t('auth.email'), t('tickets.type'), t('tickets.ref'), t('lookup.checked_in')],
      items(page).map((a) => [a.holder_name || '', a.holder_email || '',
        typeof a.ticket_type === 'string' ? a.ticket_type : (a.ticket_type && a.ticket_type.name) || a.ticket_type_name || '',
        // Seconds, in the event's zone: disputes at the door are about who came in first.
        orderLink(a.order_id, a.ref || a.order_code), a.checked_in_at ? dateTimeSeconds(a.checked_in_at, ev ? eventZone(ev) : undefined) : '—']),
      {empty: t('lookup.none'), stack: true}),
    pager(page, goToOffset(ctx)));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}
