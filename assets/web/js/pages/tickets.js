// An attendee's tickets: the list, and one ticket with a large QR to show at the door. The QR
// image is protected, so it is fetched with the bearer token and shown through a blob URL.

import {h, replace} from '../dom.js';
import {t, dateTime, eventZone} from '../i18n.js';
import {get, patch, apiBlob, currentUser} from '../api.js';
import {loginUrl} from '../router.js';
import {field, form, pageTitle, loading, errorBox, notice, toast, badge, pager} from '../ui.js';
import {eventById, ticketTypeName} from '../cache.js';
import {eventWhen, eventWhere} from './public.js';

function ticketState(tk) {
  if (tk.status === 'void') return badge('void', 'ticket_status');
  if (tk.checked_in_at) return h('span', {class: 'badge badge-checked'}, t('tickets.checked_in_at', {time: dateTime(tk.checked_in_at, eventZone(tk))}));
  return badge('valid', 'ticket_status');
}

export async function ticketList(ctx) {
  const offset = Number(ctx.query.get('offset') || 0);
  replace(ctx.main, pageTitle(t('tickets.my_tickets')), loading());
  let page;
  try {
    page = await get('/tickets', {limit: 50, offset});
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('tickets.my_tickets')), errorBox(err));
    return;
  }
  const items = Array.isArray(page) ? page : (page.items || []);
  const events = await Promise.all(items.map((tk) => eventById(tk.event_id)));
  const types = await Promise.all(items.map((tk) => tk.ticket_type || ticketTypeName(tk.event_id, tk.ticket_type_id)));
  if (!ctx.current) return;
  replace(ctx.main, pageTitle(t('tickets.my_tickets')),
    items.length ? h('ul', {class: 'cards cards-list'}, items.map((tk, i) => h('li', {class: 'card ticket-card'},
      h('div', {class: 'card-body'},
        h('h2', {class: 'card-title'}, h('a', {href: `/account/tickets/${tk.id}`}, events[i] ? events[i].title : `#${tk.event_id}`)),
        h('p', null, types[i], ' · ', tk.holder_name, tk.ref ? ' · ' : '', tk.ref ? h('span', {class: 'mono'}, tk.ref) : null),
        events[i] ? h('p', {class: 'meta'}, eventWhen(events[i])) : null,
        h('p', null, ticketState(tk)),
        // A void ticket has no QR: its page only says it is void.
        h('p', null, tk.status === 'void'
          ? h('a', {class: 'btn', href: `/account/tickets/${tk.id}`}, t('tickets.show_ticket'))
          : h('a', {class: 'btn btn-primary', href: `/account/tickets/${tk.id}`}, t('tickets.show_qr'))))))) :
      h('p', {class: 'empty'}, t('tickets.none'), ' ', h('a', {href: '/'}, t('orders.browse'))),
    Array.isArray(page) ? null : pager(page, (next) => ctx.navigate(`/account/tickets?offset=${next}`)));
}

// A usable ticket's reference (large, to say or show at the door), the door advice and the
// ticket's code as text.
function usableReference(tk) {
  return [
    tk.ref ? h('div', {class: 'ticket-ref-box center'},
      h('p', {class: 'meta'}, t('tickets.ref')),
      h('p', {class: 'ticket-ref mono', id: 'ticket-ref'}, tk.ref),
      h('p', {class: 'hint'}, t('tickets.ref_hint'))) : null,
    h('p', {class: 'hint center', id: 'door-hint'}, t('tickets.door_hint')),
    h('details', {class: 'section'}, h('summary', null, t('tickets.code_text')),
      h('p', {class: 'mono break'}, tk.code || '')),
  ];
}

// A void ticket's reference: a grey label for support, nothing that looks usable.
function voidReference(tk) {
  return tk.ref ? h('p', {class: 'meta center', id: 'ticket-ref-void'}, t('tickets.ref_void', {ref: tk.ref})) : null;
}

export async function ticketPage(ctx) {
  // A companion opens the link of their ticket_holder mail (?key=): no account needed.
  const key = ctx.query.get('key');
  if (!key && !currentUser()) { ctx.navigate(loginUrl(), {replace: true}); return; }
  const base = `/tickets/${encodeURIComponent(ctx.params.id)}`;
  replace(ctx.main, loading());
  let tk;
  try {
    tk = key ? await get(`${base}/shared`, {key}) : await get(base);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('tickets.ticket')), errorBox(err));
    return;
  }
  const [ev, typeName] = await Promise.all([eventById(tk.event_id), tk.ticket_type || ticketTypeName(tk.event_id, tk.ticket_type_id)]);
  if (!ctx.current) return;

  const void_ = tk.status === 'void';
  const qrBox = h('div', {class: 'qr-box'}, loading());
  let blobUrl = null;
  ctx.onLeave(() => { if (blobUrl) URL.revokeObjectURL(blobUrl); });
  if (tk.status !== 'void') {
    const qrPath = key ? `/tickets/${tk.id}/shared/qr.svg?key=${encodeURIComponent(key)}` : `/tickets/${tk.id}/qr.svg`;
    apiBlob(qrPath, key ? {auth: false} : {}).then((blob) => {
      if (!ctx.current) return;
      blobUrl = URL.createObjectURL(blob);
      replace(qrBox, h('img', {class: 'qr', src: blobUrl, alt: t('tickets.qr_alt', {name: tk.holder_name}), width: 320, height: 320}));
    }).catch((err) => { if (ctx.current) replace(qrBox, errorBox(err)); });
  } else {
    replace(qrBox, notice('error', t('tickets.void_text')));
  }

  // Keeps the phone screen on while the QR is shown, where the browser allows it.
  let wakeLock = null;
  if (navigator.wakeLock && window.isSecureContext && tk.status !== 'void') {
    navigator.wakeLock.request('screen').then((lock) => { wakeLock = lock; }).catch(() => {});
    ctx.onLeave(() => { if (wakeLock) wakeLock.release().catch(() => {}); });
  }

  const holderForm = !key && !tk.checked_in_at && tk.status !== 'void' ? h('details', {class: 'section'},
    h('summary', null, t('tickets.change_holder')),
    form({
      submit: t('common.save'),
      fields: [
        field({name: 'holder_name', label: t('tickets.holder_name'), value: tk.holder_name || '', required: true, autocomplete: 'off'}),
        field({name: 'holder_email', label: t('tickets.holder_email'), type: 'email', value: tk.holder_email || '', required: true, autocomplete: 'off', hint: t('tickets.holder_email_hint')}),
      ],
      onSubmit: async (values) => {
        await patch(`/tickets/${tk.id}`, {holder_name: values.holder_name.trim(), holder_email: values.holder_email.trim()});
        toast(t('common.saved'));
        ctx.navigate(location.pathname, {replace: true});
      },
    })) : null;

  replace(ctx.main, h('article', {class: 'ticket-page'},
    h('div', {class: 'ticket-head'},
      pageTitle(ev ? ev.title : t('tickets.ticket')),
      ev ? h('p', {class: 'meta'}, eventWhen(ev)) : null,
      ev && eventWhere(ev) ? h('p', {class: 'meta'}, eventWhere(ev)) : null),
    qrBox,
    h('div', {class: 'ticket-holder'},
      h('p', {class: 'holder-name'}, tk.holder_name),
      h('p', {class: 'ticket-type-name'}, typeName),
      h('p', null, ticketState(tk))),
    // A void ticket opens no door: no reference or code to show there, no advice on showing
    // it; the reference stays as a small grey label for support to find the ticket by.
    void_ ? voidReference(tk) : usableReference(tk),
    holderForm,
    key ? null : h('p', null, h('a', {href: '/account/tickets'}, t('tickets.all_tickets')))));
}

