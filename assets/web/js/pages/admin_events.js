// Organizer pages for events: the list, create and edit (image, submit, review, cancel,
// delete), ticket types, an event's orders (cancel, refund) and attendees (with CSV download).

import {h, replace} from '../dom.js';
import {t, money, parseMoney, moneyInput, dateTime, toLocalInput, fromLocalInput, siteTimeZone} from '../i18n.js';
import {get, post, patch, del, upload, apiBlob, hasRole, ApiError} from '../api.js';
import {field, form, loading, errorBox, notice, invalid, toast, badge, actionButton, table, pager, confirmDialog, modal, downloadBlob, definitionList} from '../ui.js';
import {forget} from '../cache.js';
import {adminFrame as frame, listItems as items, eventLinks} from './admin_common.js';
import {buyerName, buyerEmail} from './staff.js';

export async function eventList(ctx) {
  const offset = Number(ctx.query.get('offset') || 0);
  frame(ctx, t('admin.events'), loading());
  try {
    const page = await get('/events', {mine: 'true', include_past: 'true', sort: '-starts_at', limit: 50, offset});
    if (!ctx.current) return;
    frame(ctx, t('admin.events'),
      h('p', null, h('a', {class: 'btn btn-primary', href: '/admin/events/new'}, t('admin.new_event'))),
      table([t('events.event'), t('events.starts'), t('common.status'), ''], items(page).map((ev) => [
        h('a', {href: `/admin/events/${ev.id}`}, ev.title),
        dateTime(ev.starts_at),
        badge(ev.status, 'event_status'),
        h('span', {class: 'actions'},
          h('a', {href: `/admin?event=${ev.id}`}, t('admin.dashboard')), ' · ',
          h('a', {href: `/admin/events/${ev.id}/orders`}, t('admin.orders')), ' · ',
          h('a', {href: `/admin/events/${ev.id}/attendees`}, t('admin.attendees')), ' · ',
          h('a', {href: `/admin/events/${ev.id}/competitions`}, t('competitions.title'))),
      ]), {empty: t('admin.no_events')}),
      pager(page, (next) => ctx.navigate(`/admin/events?offset=${next}`)));
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.events'), errorBox(err));
  }
}

function eventFields(ev = {}) {
  return [
    field({name: 'title', label: t('eventform.title'), value: ev.title || '', required: true, maxlength: 200}),
    field({name: 'description', label: t('eventform.description'), type: 'textarea', rows: 6, value: ev.description || ''}),
    h('div', {class: 'grid-2'},
      field({name: 'category', label: t('events.category'), value: ev.category || ''}),
      field({name: 'city', label: t('events.city'), value: ev.city || ''}),
      field({name: 'venue', label: t('eventform.venue'), value: ev.venue || ''}),
      field({name: 'address', label: t('eventform.address'), value: ev.address || ''}),
      field({name: 'starts_at', label: t('eventform.starts_at'), type: 'datetime-local', value: toLocalInput(ev.starts_at), required: true, hint: t('eventform.zone', {zone: siteTimeZone()})}),
      field({name: 'ends_at', label: t('eventform.ends_at'), type: 'datetime-local', value: toLocalInput(ev.ends_at), required: true, hint: t('eventform.zone', {zone: siteTimeZone()})})),
    field({name: 'online', label: t('eventform.online'), type: 'checkbox', value: !!ev.online}),
  ];
}

function eventBody(values) {
  const body = {
    title: values.title.trim(), description: values.description, category: values.category.trim(),
    venue: values.venue.trim(), city: values.city.trim(), address: values.address.trim(), online: values.online,
    starts_at: fromLocalInput(values.starts_at), ends_at: fromLocalInput(values.ends_at),
  };
  const errors = {};
  if (!body.title) errors.title = t('error.required');
  if (!body.starts_at) errors.starts_at = t('error.required');
  if (!body.ends_at) errors.ends_at = t('error.required');
  if (Object.keys(errors).length) throw invalid(errors);
  return body;
}

export async function newEvent(ctx) {
  frame(ctx, t('admin.new_event'), form({
    submit: t('eventform.create'),
    fields: eventFields(),
    onSubmit: async (values) => {
      const ev = await post('/events', eventBody(values));
      toast(t('eventform.created'));
      ctx.navigate(`/admin/events/${ev.id}`, {replace: true});
    },
  }));
}

const kKinds = ['paid', 'free', 'pay_what_you_want'];

function ticketTypeForm(eventId, tt, done) {
  const isNew = !tt;
  tt = tt || {kind: 'paid', max_per_order: 10, active: true};
  return form({
    submit: isNew ? t('tt.add') : t('common.save'),
    fields: [
      field({name: 'name', label: t('tt.name'), value: tt.name || '', required: true}),
      field({name: 'description', label: t('tt.description'), type: 'textarea', rows: 2, value: tt.description || ''}),
      h('div', {class: 'grid-2'},
        field({name: 'kind', label: t('tt.kind'), type: 'select', value: tt.kind, options: kKinds.map((k) => ({value: k, label: t(`tt.kind_${k}`)}))}),
        field({name: 'price', label: t('tt.price'), inputmode: 'decimal', value: tt.price != null ? moneyInput(tt.price) : '', hint: t('tt.price_hint')}),
        field({name: 'quota', label: t('tt.quota'), type: 'number', min: 0, step: 1, value: tt.quota ?? '', hint: t('tt.quota_hint')}),
        field({name: 'max_per_order', label: t('tt.max_per_order'), type: 'number', min: 1, step: 1, value: tt.max_per_order ?? 10}),
        field({name: 'sales_start', label: t('tt.sales_start'), type: 'datetime-local', value: toLocalInput(tt.sales_start)}),
        field({name: 'sales_end', label: t('tt.sales_end'), type: 'datetime-local', value: toLocalInput(tt.sales_end)})),
      field({name: 'active', label: t('tt.active'), type: 'checkbox', value: tt.active !== false}),
    ],
    onSubmit: async (values, el) => {
      const body = {
        name: values.name.trim(), description: values.description, kind: values.kind,
        active: values.active, max_per_order: values.max_per_order === '' ? 10 : Number(values.max_per_order),
        quota: values.quota === '' ? null : Number(values.quota),
        sales_start: fromLocalInput(values.sales_start), sales_end: fromLocalInput(values.sales_end),
      };
      if (values.kind === 'free') body.price = 0;
      else {
        const price = parseMoney(values.price || '0');
        if (Number.isNaN(price)) throw invalid({price: t('error.amount_invalid')});
        body.price = price;
      }
      if (isNew) await post(`/events/${eventId}/ticket-types`, body);
      else await patch(`/ticket-types/${tt.id}`, body);
      forget(Number(eventId));
      if (isNew) el.reset();
      toast(t('common.saved'));
      done();
    },
  });
}

function ticketTypesSection(ctx, ev) {
  const box = h('div', null, loading());
  const refresh = async () => {
    try {
      const list = items(await get(`/events/${ev.id}/ticket-types`));
      if (!ctx.current) return;
      replace(box, table([t('tt.name'), t('tt.kind'), t('tt.price'), t('tt.quota'), t('stats.sold'), t('tt.available'), t('tt.active'), ''],
        list.map((tt) => [
          tt.name, t(`tt.kind_${tt.kind}`), tt.kind === 'free' ? t('tickets.free') : money(tt.price),
          tt.quota ?? '∞', String(tt.sold ?? 0), tt.available ?? '∞', tt.active === false ? t('common.no') : t('common.yes'),
          h('span', {class: 'actions'},
            h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
              const m = modal(t('tt.edit', {name: tt.name}), ticketTypeForm(ev.id, tt, () => { m.close(); refresh(); }));
            }}, t('common.edit')), ' ',
            actionButton(t('common.delete'), async () => {
              const ok = await confirmDialog({title: t('common.delete'), text: t('tt.delete_confirm', {name: tt.name}), confirm: t('common.delete'), danger: true});
              if (ok === null) return;
              await del(`/ticket-types/${tt.id}`);
              forget(ev.id);
              toast(t('common.deleted'));
              refresh();
            }, 'btn btn-small btn-danger')),
        ]), {empty: t('tt.none')}));
    } catch (err) {
      if (ctx.current) replace(box, errorBox(err));
    }
  };
  refresh();
  return h('section', {class: 'section', id: 'ticket-types'}, h('h2', null, t('tt.title')), box,
    h('details', {class: 'add-box'}, h('summary', {class: 'btn'}, t('tt.add')), ticketTypeForm(ev.id, null, refresh)));
}

function imageSection(ctx, ev) {
  const preview = h('div', {class: 'image-preview'},
    ev.image_url ? h('img', {src: `${ev.image_url}${ev.image_url.includes('?') ? '&' : '?'}v=${Date.now()}`, alt: t('eventform.current_image')}) : h('p', {class: 'empty'}, t('eventform.no_image')));
  return h('section', {class: 'section'}, h('h2', null, t('eventform.image')), preview, form({
    submit: t('eventform.upload_image'),
    fields: [field({name: 'file', label: t('eventform.image_file'), type: 'file', accept: 'image/png,image/jpeg,image/webp', required: true, hint: t('eventform.image_hint')})],
    onSubmit: async (values) => {
      if (!values.file) throw invalid({file: t('error.required')});
      const data = new FormData();
      data.append('file', values.file);
      await upload('PUT', `/events/${ev.id}/image`, data);
      toast(t('common.saved'));
      ctx.navigate(location.pathname, {replace: true});
    },
  }));
}

function eventActions(ctx, ev) {
  const reload = () => { forget(ev.id); ctx.navigate(location.pathname, {replace: true}); };
  const out = [h('a', {class: 'btn', href: `/events/${ev.id}`}, t('eventform.view_public'))];
  if (ev.status === 'draft' || ev.status === 'rejected') {
    out.push(actionButton(t('eventform.submit'), async () => {
      const r = await post(`/events/${ev.id}/submit`, {});
      toast(r && r.status === 'published' ? t('eventform.published') : t('eventform.submitted'));
      reload();
    }, 'btn btn-primary'));
  }
  if (hasRole('admin') && ev.status === 'pending_review') {
    for (const decision of ['approve', 'reject']) {
      out.push(actionButton(t(`eventform.review_${decision}`), async () => {
        const message = await confirmDialog({title: t(`eventform.review_${decision}`), reason: true, reasonLabel: t('applications.message'), reasonRequired: decision === 'reject', danger: decision === 'reject'});
        if (message === null) return;
        await post(`/events/${ev.id}/review`, {decision, message});
        reload();
      }, decision === 'approve' ? 'btn btn-ok' : 'btn btn-danger'));
    }
  }
  if (ev.status !== 'cancelled') {
    out.push(actionButton(t('eventform.cancel_event'), async () => {
      const message = await confirmDialog({title: t('eventform.cancel_event'), text: t('eventform.cancel_warning'), reason: true, reasonLabel: t('eventform.cancel_message'), reasonRequired: true, confirm: t('eventform.cancel_event'), danger: true});
      if (message === null) return;
      await post(`/events/${ev.id}/cancel`, {message});
      reload();
    }, 'btn btn-danger'));
  }
  out.push(actionButton(t('common.delete'), async () => {
    const ok = await confirmDialog({title: t('common.delete'), text: t('eventform.delete_confirm', {title: ev.title}), confirm: t('common.delete'), danger: true});
    if (ok === null) return;
    await del(`/events/${ev.id}`);
    forget(ev.id);
    toast(t('common.deleted'));
    ctx.navigate('/admin/events', {replace: true});
  }, 'btn btn-danger'));
  return h('div', {class: 'actions toolbar'}, out.map((b) => [b, ' ']));
}

export async function eventEdit(ctx) {
  frame(ctx, t('admin.edit_event'), loading());
  let ev;
  try {
    ev = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.edit_event'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  frame(ctx, ev.title,
    h('p', null, badge(ev.status, 'event_status')),
    ev.review_message ? notice(ev.status === 'rejected' ? 'warn' : 'info', t('eventform.review_message'), ' ', ev.review_message) : null,
    eventActions(ctx, ev),
    h('p', {class: 'actions'},
      h('a', {href: `/admin?event=${ev.id}`}, t('admin.dashboard')), ' · ',
      ...eventLinks(ev.id), ' · ',
      h('a', {href: `/staff/scan?event=${ev.id}`}, t('scan.title'))),
    ticketTypesSection(ctx, ev),
    h('section', {class: 'section'}, h('h2', null, t('eventform.details')), form({
      submit: t('common.save'),
      fields: eventFields(ev),
      onSubmit: async (values) => {
        await patch(`/events/${ev.id}`, eventBody(values));
        forget(ev.id);
        toast(t('common.saved'));
      },
    })),
    imageSection(ctx, ev));
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
  frame(ctx, t('admin.orders'), filter, list);
  const reload = () => ctx.navigate(location.pathname + location.search, {replace: true});
  try {
    const page = await get(`/events/${encodeURIComponent(id)}/orders`, {status, q, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('orders.code'), t('desk.buyer'), t('orders.total'), t('common.status'), t('orders.placed'), ''],
      items(page).map((o) => [
        h('span', {class: 'mono'}, o.code),
        h('span', null, buyerName(o), h('br'), h('span', {class: 'meta'}, buyerEmail(o))),
        money(o.total, o.currency), badge(o.status, 'order_status'), dateTime(o.created_at),
        h('span', {class: 'actions'},
          o.status === 'pending' || o.status === 'expired' ? h('a', {class: 'btn btn-small', href: `/staff/payments?event=${id}&order=${o.id}`}, t('desk.review')) : null, ' ',
          o.status === 'pending' ? actionButton(t('orders.cancel'), async () => {
            const ok = await confirmDialog({title: t('orders.cancel'), text: t('orders.cancel_staff', {code: o.code}), danger: true});
            if (ok === null) return;
            await post(`/orders/${o.id}/cancel`, {});
            reload();
          }, 'btn btn-small btn-danger') : null,
          o.status === 'paid' && hasRole('organizer') ? actionButton(t('orders.refund'), async () => {
            const reason = await confirmDialog({title: t('orders.refund'), text: t('orders.refund_confirm', {code: o.code, amount: money(o.total, o.currency)}), reason: true, reasonRequired: true, danger: true});
            if (reason === null) return;
            await post(`/orders/${o.id}/refund`, {reason});
            reload();
          }, 'btn btn-small btn-danger') : null),
      ]), {empty: t('orders.none_event')}),
    pager(page, (next) => {
      const p = new URLSearchParams(location.search);
      p.set('offset', String(next));
      ctx.navigate(`${location.pathname}?${p}`);
    }));
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
  frame(ctx, t('admin.attendees'), h('div', {class: 'toolbar'}, filter, csv), list);
  try {
    const page = await get(`/events/${encodeURIComponent(id)}/attendees`, {q, limit: 50, offset});
    if (!ctx.current) return;
    replace(list, table([t('tickets.holder_name'), t('auth.email'), t('tickets.type'), t('orders.code'), t('lookup.checked_in')],
      items(page).map((a) => [a.holder_name || '', a.holder_email || '',
        typeof a.ticket_type === 'string' ? a.ticket_type : (a.ticket_type && a.ticket_type.name) || a.ticket_type_name || '',
        h('span', {class: 'mono'}, a.order_code || ''), a.checked_in_at ? dateTime(a.checked_in_at) : '—']),
      {empty: t('lookup.none')}),
    pager(page, (next) => {
      const p = new URLSearchParams(location.search);
      p.set('offset', String(next));
      ctx.navigate(`${location.pathname}?${p}`);
    }));
  } catch (err) {
    if (ctx.current) replace(list, errorBox(err));
  }
}

export {definitionList, ApiError};
