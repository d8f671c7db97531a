// Organizer pages for events: the list, create and edit (image, submit, review, cancel,
// delete) and ticket types. An event's orders and attendees are in admin/event_lists.js.

import {h, replace} from '../dom.js';
import {t, money, parseMoney, moneyInput, dateTime, fromLocalInput, siteTimeZone, siteSettings, eventZone} from '../i18n.js';
import {wallTimeField, zoneChanged} from '../wall_time.js';
import {get, post, patch, del, upload, hasRole, ApiError} from '../api.js';
import {field, form, loading, errorBox, notice, invalid, toast, badge, actionButton, table, pager, confirmDialog, modal, definitionList} from '../ui.js';
import {forget} from '../cache.js';
import {zoneOptions} from '../zone_picker.js';
import {formZone, zoneChangeBox, followZoneChange, zoneChangeFields} from './event_zone_change.js';
import {doorReportsSection} from './admin/door_reports.js';
import {publishChecksBox, confirmPublish, kTicketTypesChanged} from './publish_checks.js';
import {adminFrame as frame, listItems as items, eventLinks} from './admin_common.js';

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
        dateTime(ev.starts_at, eventZone(ev)),
        badge(ev.status, 'event_status'),
        // Every page of the event (orders, attendees, programme, nominations, campaigns...),
        // the same links as on the event's own admin page.
        h('span', {class: 'actions event-links'},
          h('a', {href: `/admin?event=${ev.id}`}, t('admin.dashboard')), ' · ', ...eventLinks(ev.id)),
      ]), {empty: t('admin.no_events')}),
      pager(page, (next) => ctx.navigate(`/admin/events?offset=${next}`)));
  } catch (err) {
    if (ctx.current) frame(ctx, t('admin.events'), errorBox(err));
  }
}

// The server's zone picker list for the event's own zone (empty when it cannot be read: the
// select then offers only the site's zone).
async function zoneNames() {
  try {
    return await get('/time-zones');
  } catch (err) {
    return {};
  }
}

const kHolderDetails = ['off', 'optional', 'required'];

// Start and end are wall-clock times at the venue: read and shown in the event's zone (the
// site's while none is chosen), so the zone comes first. On a new event, changing the zone reads
// what was typed in the new zone (an organizer who picks WITA after typing 09:00 means 09:00
// WITA). On a saved event it asks whether the clock times or the moments stay
// (event_zone_change.js).
function eventFields(ev = {}, zones = {}) {
  const zone = ev.time_zone || '';
  const shown = eventZone(ev);
  const zoneOf = (input) => (input.form ? formZone({time_zone: input.form.elements.time_zone.value}) : shown);
  return [
    field({name: 'title', label: t('eventform.title'), value: ev.title || '', required: true, maxlength: 200}),
    field({name: 'description', label: t('eventform.description'), type: 'textarea', rows: 6, value: ev.description || ''}),
    h('div', {class: 'grid-2'},
      field({name: 'category', label: t('events.category'), value: ev.category || ''}),
      field({name: 'city', label: t('events.city'), value: ev.city || ''}),
      field({name: 'venue', label: t('eventform.venue'), value: ev.venue || ''}),
      field({name: 'address', label: t('eventform.address'), value: ev.address || ''})),
    field({name: 'time_zone', label: t('eventform.time_zone'), type: 'select', value: zone, hint: t('eventform.time_zone_hint'),
      options: zoneOptions(zones, zone, {value: '', label: t('eventform.time_zone_site', {zone: siteTimeZone()})})}),
    ev.id ? zoneChangeBox(ev) : null,
    h('div', {class: 'grid-2'},
      wallTimeField({name: 'starts_at', label: t('eventform.starts_at'), iso: ev.starts_at, zone: shown, zoneOf, required: true}),
      wallTimeField({name: 'ends_at', label: t('eventform.ends_at'), iso: ev.ends_at, zone: shown, zoneOf, required: true})),
    field({name: 'online', label: t('eventform.online'), type: 'checkbox', value: !!ev.online}),
    field({name: 'holder_details', label: t('eventform.holder_details'), type: 'select', value: ev.holder_details || 'off', hint: t('eventform.holder_details_hint'),
      options: kHolderDetails.map((v) => ({value: v, label: t(`eventform.holders_${v}`)}))}),
  ].filter(Boolean);
}

// Keeps the "Times at the venue, in WITA (Asia/Makassar)" hints of start and end in step with
// the zone select; the typed times stay as they are (they are read in the chosen zone on saving).
function followZone(f) {
  f.querySelector('select[name=time_zone]').addEventListener('change', () => zoneChanged(f));
  return f;
}

function eventBody(values) {
  const zone = formZone(values);
  const body = {
    title: values.title.trim(), description: values.description, category: values.category.trim(),
    venue: values.venue.trim(), city: values.city.trim(), address: values.address.trim(), online: values.online,
    starts_at: fromLocalInput(values.starts_at, zone), ends_at: fromLocalInput(values.ends_at, zone),
    time_zone: values.time_zone || '', holder_details: values.holder_details || 'off',
  };
  const errors = {};
  if (!body.title) errors.title = t('error.required');
  if (!body.starts_at) errors.starts_at = t('error.required');
  if (!body.ends_at) errors.ends_at = t('error.required');
  if (body.starts_at && body.ends_at && Date.parse(body.ends_at) < Date.parse(body.starts_at)) {
    errors.ends_at = t('eventform.ends_before_start');
  }
  if (Object.keys(errors).length) throw invalid(errors);
  return body;
}

// An event starting in the past is usually a typo in the date: ask before saving it (an admin
// entering a past event on purpose says so). True when saving should go on.
async function confirmPastStart(body, previous) {
  const starts = Date.parse(body.starts_at);
  if (starts >= Date.now() || body.starts_at === previous) return true;
  const ok = await confirmDialog({title: t('eventform.past_title'), text: t('eventform.past_text', {when: dateTime(body.starts_at, body.time_zone || siteTimeZone())}), confirm: t('eventform.past_confirm')});
  return ok !== null;
}

export async function newEvent(ctx) {
  const zones = await zoneNames();
  if (!ctx.current) return;
  frame(ctx, t('admin.new_event'), followZone(form({
    submit: t('eventform.create'),
    fields: eventFields({}, zones),
    onSubmit: async (values) => {
      const body = eventBody(values);
      if (!await confirmPastStart(body)) return;
      const ev = await post('/events', body);
      toast(t('eventform.created'));
      ctx.navigate(`/admin/events/${ev.id}`, {replace: true});
    },
  })));
}

const kKinds = ['paid', 'free', 'pay_what_you_want'];

// Shows only the fields that apply to the chosen kind: no price for a free type, and the price
// reads as the minimum for pay what you want.
function followKind(f) {
  const kind = f.querySelector('select[name=kind]');
  const price = f.querySelector('[name=price]').closest('.field');
  const hint = price.querySelector('.hint');
  const sync = () => {
    price.style.display = kind.value === 'free' ? 'none' : '';
    if (hint) hint.textContent = t(kind.value === 'pay_what_you_want' ? 'tt.price_hint' : 'tt.price_hint_paid');
  };
  kind.addEventListener('change', sync);
  sync();
  return f;
}

// Sale windows are wall-clock times in the event's zone, like its start and end.
function ticketTypeForm(ev, tt, done) {
  const eventId = ev.id;
  const zone = eventZone(ev);
  const isNew = !tt;
  tt = tt || {kind: 'paid', max_per_order: 10, active: true};
  return followKind(form({
    submit: isNew ? t('tt.add') : t('common.save'),
    fields: [
      field({name: 'name', label: t('tt.name'), value: tt.name || '', required: true}),
      field({name: 'description', label: t('tt.description'), type: 'textarea', rows: 2, value: tt.description || ''}),
      h('div', {class: 'grid-2'},
        field({name: 'kind', label: t('tt.kind'), type: 'select', value: tt.kind, options: kKinds.map((k) => ({value: k, label: t(`tt.kind_${k}`)}))}),
        field({name: 'price', label: t('tt.price'), inputmode: 'decimal', value: tt.price != null ? moneyInput(tt.price) : '', hint: t('tt.price_hint')}),
        field({name: 'quota', label: t('tt.quota'), type: 'number', min: 0, step: 1, value: tt.quota ?? '', hint: t('tt.quota_hint')}),
        field({name: 'max_per_order', label: t('tt.max_per_order'), type: 'number', min: 1, step: 1, value: tt.max_per_order ?? 10}),
        wallTimeField({name: 'sales_start', label: t('tt.sales_start'), iso: tt.sales_start, zone}),
        wallTimeField({name: 'sales_end', label: t('tt.sales_end'), iso: tt.sales_end, zone})),
      field({name: 'active', label: t('tt.active'), type: 'checkbox', value: tt.active !== false}),
    ],
    onSubmit: async (values, el) => {
      const body = {
        name: values.name.trim(), description: values.description, kind: values.kind,
        active: values.active, max_per_order: values.max_per_order === '' ? 10 : Number(values.max_per_order),
        quota: values.quota === '' ? null : Number(values.quota),
        sales_start: fromLocalInput(values.sales_start, zone), sales_end: fromLocalInput(values.sales_end, zone),
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
      document.dispatchEvent(new CustomEvent(kTicketTypesChanged, {detail: {eventId}}));
      // A fresh form for the next type, with the defaults again (reset() cleared them).
      if (isNew) el.replaceWith(ticketTypeForm(ev, null, done));
      toast(t('common.saved'));
      done();
    },
  }));
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
              const m = modal(t('tt.edit', {name: tt.name}), ticketTypeForm(ev, tt, () => { m.close(); refresh(); }));
            }}, t('common.edit')), ' ',
            actionButton(t('common.delete'), async () => {
              const ok = await confirmDialog({title: t('common.delete'), text: t('tt.delete_confirm', {name: tt.name}), confirm: t('common.delete'), danger: true});
              if (ok === null) return;
              await del(`/ticket-types/${tt.id}`);
              forget(ev.id);
              document.dispatchEvent(new CustomEvent(kTicketTypesChanged, {detail: {eventId: ev.id}}));
              toast(t('common.deleted'));
              refresh();
            }, 'btn btn-small btn-danger')),
        ]), {empty: t('tt.none'), stack: true}));
    } catch (err) {
      if (ctx.current) replace(box, errorBox(err));
    }
  };
  refresh();
  return h('section', {class: 'section', id: 'ticket-types'}, h('h2', null, t('tt.title')), box,
    h('details', {class: 'add-box'}, h('summary', {class: 'btn'}, t('tt.add')), ticketTypeForm(ev, null, refresh)));
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
    // Without a review step (approval off, or an admin) the button publishes: say so.
    const direct = hasRole('admin') || !siteSettings().require_event_approval;
    out.push(actionButton(direct ? t('eventform.publish') : t('eventform.submit'), async () => {
      if (direct && !await confirmPublish(ev)) return;
      const r = await post(`/events/${ev.id}/submit`, {});
      toast(r && r.status === 'published' ? t('eventform.published') : t('eventform.submitted'));
      reload();
    }, 'btn btn-primary'));
  }
  if (hasRole('admin') && ev.status === 'pending_review') {
    for (const decision of ['approve', 'reject']) {
      out.push(actionButton(t(`eventform.review_${decision}`), async () => {
        if (decision === 'approve' && !await confirmPublish(ev)) return;
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
  const toolbar = h('div', {class: 'actions toolbar'}, out.map((b) => [b, ' ']));
  // Where the event is published (or sent for review), say what buyers would miss.
  const publishing = ['draft', 'rejected', 'pending_review'].includes(ev.status);
  return publishing ? h('div', null, publishChecksBox(ev), toolbar) : toolbar;
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
  const zones = await zoneNames();
  if (!ctx.current) return;
  const details = followZone(form({
    submit: t('common.save'),
    fields: eventFields(ev, zones),
    onSubmit: async (values) => {
      const body = {...eventBody(values), ...zoneChangeFields(values, ev)};
      if (!await confirmPastStart(body, ev.starts_at)) return;
      // The saved event is the new baseline: its zone (ticket type forms opened from now on
      // read their times in it) and its times, moved by the server when the zone changed.
      Object.assign(ev, await patch(`/events/${ev.id}`, body));
      details.querySelector('select[name=time_zone]').dispatchEvent(new Event('change'));
      forget(ev.id);
      toast(t('common.saved'));
    },
  }));
  followZoneChange(details, ev);
  frame(ctx, ev.title,
    h('p', null, badge(ev.status, 'event_status')),
    ev.review_message ? notice(ev.status === 'rejected' ? 'warn' : 'info', t('eventform.review_message'), ' ', ev.review_message) : null,
    eventActions(ctx, ev),
    h('p', {class: 'actions'},
      h('a', {href: `/admin?event=${ev.id}`}, t('admin.dashboard')), ' · ',
      ...eventLinks(ev.id), ' · ',
      h('a', {href: `/staff/scan?event=${ev.id}`}, t('scan.title'))),
    ticketTypesSection(ctx, ev),
    h('section', {class: 'section'}, h('h2', null, t('eventform.details')), details),
    imageSection(ctx, ev),
    doorReportsSection(ev));
}

export {definitionList, ApiError};
