// Staff pages: the payment desk (orders awaiting review with the uploaded proof beside them,
// confirm with the amount received or reject with a reason) and the attendee lookup.

import {h, replace, newestTurn} from '../dom.js';
import {t, plural, money, parseMoney, moneyInput, dateTime, eventZone} from '../i18n.js';
import {get, post, del, apiBlob} from '../api.js';
import {field, form, pageTitle, loading, errorBox, notice, invalid, toast, badge, orderBadge, actionButton, definitionList, errorText} from '../ui.js';
import {staffEvents, ticketTypeName} from '../cache.js';
import {bankSection, receivedList} from './bank_statements.js';
import {holderList} from './order_holders.js';

export async function home(ctx) {
  ctx.navigate('/staff/scan', {replace: true});
}

export function buyerName(o) {
  return (o.user && o.user.name) || o.user_name || o.buyer_name || (o.buyer && o.buyer.name) || o.name || '';
}

export function buyerEmail(o) {
  return (o.user && o.user.email) || o.user_email || o.buyer_email || (o.buyer && o.buyer.email) || o.email || '';
}

async function eventPicker(storageKey, preferred, onChange) {
  const select = h('select', {id: `${storageKey}-select`, name: 'event'});
  const wrap = h('div', {class: 'field'}, h('label', {for: select.id}, t('scan.event')), select);
  const events = await staffEvents().catch(() => []);
  let current = preferred || localStorage.getItem(storageKey) || '';
  if (!events.some((e) => String(e.id) === String(current))) current = events.length ? String(events[0].id) : '';
  for (const ev of events) {
    select.append(h('option', {value: ev.id, selected: String(ev.id) === String(current)}, `${ev.title} — ${dateTime(ev.starts_at, eventZone(ev))}`));
  }
  if (!events.length) select.append(h('option', {value: ''}, t('staff.no_events')));
  select.addEventListener('change', () => {
    localStorage.setItem(storageKey, select.value);
    onChange(select.value);
  });
  // zone(): the chosen event's zone, which its orders' and check-ins' times are shown in.
  const zone = () => eventZone(events.find((e) => String(e.id) === String(select.value)));
  return {wrap, value: () => select.value, initial: current, zone};
}

// Shows one proof: images inline (blob URL, allowed by the CSP), PDFs as a link to open; its
// upload time in `zone` (the order's event's).
function proofViewer(ctx, proof, zone) {
  const box = h('div', {class: 'proof-view'}, loading());
  apiBlob(`/payment-proofs/${proof.id}`).then((blob) => {
    if (!ctx.current) return;
    const url = URL.createObjectURL(blob);
    ctx.onLeave(() => URL.revokeObjectURL(url));
    if ((blob.type || '').startsWith('image/')) {
      replace(box, h('a', {href: url, target: '_blank', rel: 'noopener'},
        h('img', {class: 'proof-img', src: url, alt: t('desk.proof_alt')})));
    } else {
      replace(box, h('p', null, h('a', {class: 'btn', href: url, target: '_blank', rel: 'noopener'}, t('desk.open_pdf'))));
    }
  }).catch((err) => { if (ctx.current) replace(box, errorBox(err)); });
  return h('figure', {class: 'proof'},
    box,
    h('figcaption', null, dateTime(proof.created_at || proof.uploaded_at, zone), proof.status ? ' · ' : '',
      proof.status ? badge(proof.status, 'proof_status') : null,
      proof.note ? h('span', {class: 'proof-note'}, ` — ${proof.note}`) : null));
}

const kTypingMs = 400;

// The desk's detail sits below its list on a phone (one column: .desk-body below 900 px).
function detailBelowList() {
  return !window.matchMedia('(min-width: 900px)').matches;
}

export async function payments(ctx) {
  const listBox = h('div', {class: 'desk-list', 'aria-live': 'polite'});
  const detail = h('div', {class: 'desk-detail'}, h('p', {class: 'empty'}, t('desk.pick_order')));
  let selectedId = ctx.query.get('order');
  let orders = [];

  const filterSelect = h('select', {id: 'desk-filter', name: 'filter'},
    h('option', {value: 'awaiting'}, t('desk.filter_awaiting')),
    h('option', {value: 'pending'}, t('desk.filter_pending')),
    h('option', {value: 'paid'}, t('desk.filter_paid')),
    h('option', {value: 'all'}, t('desk.filter_all')));
  const searchInput = h('input', {id: 'desk-q', name: 'q', type: 'search', autocomplete: 'off', placeholder: t('desk.search_placeholder')});

  let bank = null;
  const picker = await eventPicker('lanyard.desk.event', ctx.query.get('event'), () => { selectedId = null; refresh(); if (bank) bank.refresh(); });
  if (!ctx.current) return;

  const detailTurn = newestTurn();
  // `reveal`: the order was just tapped: on a phone, where the detail is below the list, it is
  // scrolled to its top (the proof first, not the buttons).
  const renderDetail = async (order, {reveal = false} = {}) => {
    const isNewest = detailTurn();
    replace(detail, loading());
    let full = order;
    try {
      full = await get(`/orders/${order.id}`);
    } catch (err) {
      if (ctx.current && isNewest()) replace(detail, errorBox(err));
      return;
    }
    const names = await Promise.all((full.items || []).map((it) => it.ticket_type || ticketTypeName(full.event_id, it.ticket_type_id)));
    if (!ctx.current || !isNewest()) return;
    const proofs = (full.payment && full.payment.proofs) || [];
    const latest = proofs[proofs.length - 1];
    const actions = [];
    const paidSoFar = full.amount_paid || 0;
    const due = full.amount_due ?? Math.max(0, full.total - paidSoFar);
    if (full.status === 'pending' || full.status === 'expired') {
      actions.push(form({
        class: 'confirm-form', title: t('desk.confirm_title'), submit: t('desk.confirm'), submitClass: 'btn-ok',
        fields: [
          field({name: 'amount_received', label: t('desk.amount_received'), inputmode: 'decimal', value: moneyInput(due), required: true, hint: t('desk.expected', {amount: money(due, full.currency)})}),
          field({name: 'complete', label: t('desk.complete'), type: 'checkbox'}),
          field({name: 'note', label: t('desk.note'), type: 'textarea', rows: 2}),
        ],
        onSubmit: async (values) => {
          const amount = parseMoney(values.amount_received);
          if (Number.isNaN(amount) || amount < 0) throw invalid({amount_received: t('error.amount_invalid')});
          const body = {amount_received: amount, complete: values.complete};
          if (values.note.trim()) body.note = values.note.trim();
          const after = await post(`/orders/${full.id}/confirm-payment`, body);
          if (after.status !== 'paid') toast(t('desk.partial_recorded', {amount: money(amount, full.currency), code: full.code, due: money(after.amount_due, full.currency)}));
          else if (after.amount_overpaid) toast(`${t('desk.confirmed', {code: full.code})} ${t('desk.overpaid', {amount: money(after.amount_overpaid, full.currency)})}`);
          else toast(t('desk.confirmed', {code: full.code}));
          await afterDecision();
        },
      }));
    }
    if (full.status === 'pending' && latest) {
      actions.push(form({
        class: 'reject-form', title: t('desk.reject_title'), submit: t('desk.reject'), submitClass: 'btn-danger',
        fields: [field({name: 'reason', label: t('desk.reason'), type: 'textarea', rows: 2, required: true, hint: t('desk.reason_hint')})],
        onSubmit: async (values) => {
          if (!values.reason.trim()) throw invalid({reason: t('error.required')});
          await post(`/orders/${full.id}/reject-payment`, {reason: values.reason.trim()});
          toast(t('desk.rejected', {code: full.code}));
          await afterDecision();
        },
      }));
    }
    replace(detail,
      h('div', {class: 'desk-columns'},
        h('div', {class: 'desk-proofs'},
          h('h2', null, t('desk.proof')),
          proofs.length ? proofViewer(ctx, latest, eventZone(full)) : notice('info', t('desk.no_proof')),
          proofs.length > 1 ? h('details', null, h('summary', null, plural('desk.earlier_proofs', proofs.length - 1)),
            proofs.slice(0, -1).reverse().map((p) => proofViewer(ctx, p, eventZone(full)))) : null),
        h('div', {class: 'desk-order'},
          h('h2', {tabindex: '-1', class: 'desk-order-title'}, t('orders.order_n', {code: full.code}), ' ', orderBadge(full)),
          definitionList([
            [t('desk.buyer'), buyerName(full) || buyerName(order)],
            [t('auth.email'), buyerEmail(full) || buyerEmail(order)],
            [t('orders.total'), h('strong', {class: 'big'}, money(full.total, full.currency))],
            [t('orders.items'), (full.items || []).map((it, i) => h('div', null, `${it.quantity} × ${names[i]}`))],
            holderList(full) ? [t('orders.holders_title'), holderList(full)] : null,
            [t('orders.placed'), dateTime(full.created_at, eventZone(full))],
            full.expires_at ? [t('orders.deadline'), dateTime(full.expires_at, eventZone(full))] : null,
            full.paid_at ? [t('orders.paid_at'), dateTime(full.paid_at, eventZone(full))] : null,
            full.payment && full.payment.amount_received != null ? [t('desk.amount_received'), money(full.payment.amount_received, full.currency)] : null,
            paidSoFar ? [t('desk.amount_paid'), money(paidSoFar, full.currency)] : null,
            paidSoFar && due ? [t('desk.amount_due'), h('strong', null, money(due, full.currency))] : null,
            receivedList(full) ? [t('desk.received'), receivedList(full)] : null,
          ]),
          full.amount_overpaid ? notice('warn', t('desk.overpaid', {amount: money(full.amount_overpaid, full.currency)})) : null,
          full.status === 'expired' && paidSoFar ? notice('warn', t('desk.expired_with_money')) : null,
          actions)),
      h('p', {class: 'desk-back'}, h('button', {type: 'button', class: 'btn', onclick: () => {
        listBox.scrollIntoView({block: 'start'});
        const chosen = listBox.querySelector('.desk-order-btn.selected');
        if (chosen) chosen.focus({preventScroll: true});
      }}, t('desk.back_to_list'))));
    if (reveal && detailBelowList()) {
      detail.scrollIntoView({block: 'start'});
      detail.querySelector('.desk-order-title').focus({preventScroll: true});
    }
  };

  // After a confirmation or a rejection: beside the list (a wide screen) the next order opens;
  // on a phone the list comes back instead, so that the next order is chosen with a tap of its
  // own — opening it in place put its Confirm button under the thumb that had just confirmed.
  const afterDecision = async () => {
    selectedId = null;
    const phone = detailBelowList();
    await refresh(!phone);
    if (phone && ctx.current) listBox.scrollIntoView({block: 'start'});
  };

  const renderList = () => {
    if (!orders.length) {
      // "No orders to review" only when that is what was asked; else nothing matched.
      const asked = searchInput.value.trim();
      const none = asked ? t('desk.none_search', {q: asked})
        : t({awaiting: 'desk.none', all: 'desk.none_all'}[filterSelect.value] || 'desk.none_filter');
      replace(listBox, h('p', {class: 'empty'}, none));
      return;
    }
    replace(listBox, h('ul', {class: 'desk-orders'}, orders.map((o) => h('li', null,
      h('button', {type: 'button', class: `desk-order-btn${String(o.id) === String(selectedId) ? ' selected' : ''}`,
        'aria-pressed': String(String(o.id) === String(selectedId)),
        onclick: () => { selectedId = o.id; renderList(); renderDetail(o, {reveal: true}); }},
      h('span', {class: 'mono'}, o.code), ' ', h('span', {class: 'buyer'}, buyerName(o)),
      h('span', {class: 'amount'}, money(o.total, o.currency)),
      h('span', {class: 'meta'}, dateTime(o.created_at, eventZone(o))))))));
  };

  const listTurn = newestTurn();
  const refresh = async (selectNext = false) => {
    const isNewest = listTurn();
    const eventId = picker.value();
    if (!eventId) { replace(listBox, h('p', {class: 'empty'}, t('staff.no_events'))); return; }
    replace(listBox, loading());
    const query = {limit: 100, q: searchInput.value.trim()};
    const filter = filterSelect.value;
    if (filter === 'awaiting') query.awaiting_review = 'true';
    else if (filter !== 'all') query.status = filter;
    try {
      const page = await get(`/events/${eventId}/orders`, query);
      if (!ctx.current || !isNewest()) return;
      orders = Array.isArray(page) ? page : (page.items || []);
    } catch (err) {
      if (ctx.current && isNewest()) replace(listBox, errorBox(err));
      return;
    }
    if (selectNext && !selectedId && orders.length) selectedId = orders[0].id;
    renderList();
    const chosen = orders.find((o) => String(o.id) === String(selectedId));
    if (chosen) renderDetail(chosen);
    else {
      detailTurn(); // an order's detail still loading is no longer wanted
      replace(detail, h('p', {class: 'empty'}, orders.length ? t('desk.pick_order') : ''));
    }
  };

  const searchForm = h('form', {class: 'desk-search', role: 'search'},
    h('div', {class: 'field'}, h('label', {for: 'desk-q'}, t('desk.search')), searchInput),
    h('div', {class: 'field'}, h('label', {for: 'desk-filter'}, t('desk.show')), filterSelect),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'btn'}, t('events.search'))));
  searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); clearTimeout(typing); selectedId = null; refresh(); });
  // The list follows what is typed (a pause of kTypingMs), so it never sits under a search box
  // that says something else; newestTurn keeps a slower earlier answer from winning.
  let typing = null;
  searchInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { if (ctx.current) { selectedId = null; refresh(); } }, kTypingMs);
  });
  filterSelect.addEventListener('change', () => { selectedId = null; refresh(); });

  bank = bankSection(ctx, () => picker.value());
  replace(ctx.main, h('div', {class: 'desk'},
    pageTitle(t('desk.title')),
    h('div', {class: 'desk-toolbar'}, picker.wrap, searchForm),
    h('div', {class: 'desk-body'}, listBox, detail),
    bank.section));
  await refresh();
  bank.refresh();
}

function attendeeTicketId(a) {
  return a.ticket_id ?? (a.ticket && a.ticket.id) ?? a.id;
}

function attendeeType(a) {
  if (typeof a.ticket_type === 'string') return a.ticket_type;
  return (a.ticket_type && a.ticket_type.name) || a.ticket_type_name || '';
}

// One card per attendee, stacked on a phone, with the check-in (or undo) button full width under
// the name: no sideways scrolling at the door.
function attendeeCards(rows, eventId, refresh, zone) {
  if (!rows.length) return h('p', {class: 'empty'}, t('lookup.none'));
  return h('ul', {class: 'cards cards-list lookup-cards'}, rows.map((a) => {
    const ticketId = attendeeTicketId(a);
    const name = a.holder_name || a.name || '';
    const button = a.checked_in_at
      ? actionButton(t('scan.undo'), async () => { await del(`/checkins/${ticketId}?checked_in_at=${encodeURIComponent(a.checked_in_at)}`); toast(t('scan.undone', {name})); await refresh(); }, 'btn')
      : actionButton(t('lookup.check_in'), async () => {
        const tk = await get(`/tickets/${ticketId}`);
        await post('/checkin', {code: tk.code, event_id: Number(eventId)});
        toast(t('lookup.checked_in_ok', {name}));
        await refresh();
      }, 'btn btn-ok');
    return h('li', {class: 'card lookup-card'}, h('div', {class: 'card-body'},
      h('h3', {class: 'card-title'}, name),
      h('p', {class: 'lookup-meta'}, [a.holder_email || a.email || '', attendeeType(a)].filter(Boolean).join(' · ')),
      h('p', {class: 'lookup-meta'}, h('span', {class: 'mono'}, a.ref || a.order_code || ''), ' · ',
        a.checked_in_at ? t('lookup.checked_in_at', {time: dateTime(a.checked_in_at, zone)}) : t('lookup.not_checked_in')),
      button));
  }));
}

export async function lookup(ctx) {
  const results = h('div', {'aria-live': 'polite'});
  const codeResult = h('div', {'aria-live': 'polite'});
  const picker = await eventPicker('lanyard.scan.event', ctx.query.get('event'), () => search());
  if (!ctx.current) return;
  const qInput = h('input', {id: 'lookup-q', name: 'q', type: 'search', autocomplete: 'off', value: ctx.query.get('q') || ''});

  const searchTurn = newestTurn();
  const search = async () => {
    const isNewest = searchTurn();
    const eventId = picker.value();
    if (!eventId) return;
    replace(results, loading());
    try {
      const page = await get(`/events/${eventId}/attendees`, {q: qInput.value.trim(), limit: 50});
      if (!ctx.current || !isNewest()) return;
      const rows = Array.isArray(page) ? page : (page.items || []);
      replace(results, attendeeCards(rows, eventId, search, picker.zone()));
    } catch (err) {
      if (ctx.current && isNewest()) replace(results, errorBox(err));
    }
  };

  const searchForm = h('form', {class: 'inline-form', role: 'search'},
    h('div', {class: 'field'}, h('label', {for: 'lookup-q'}, t('lookup.search')), qInput),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'btn btn-primary'}, t('events.search'))));
  searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); search(); });

  const codeForm = form({
    class: 'inline-form', submit: t('lookup.look_up'),
    fields: [field({name: 'code', label: t('scan.code_label'), autocomplete: 'off', required: true})],
    onSubmit: async (values) => {
      const r = await post('/checkin/lookup', {code: values.code.trim()});
      const tk = r.ticket || r;
      replace(codeResult, h('div', {class: 'card'}, h('div', {class: 'card-body'}, definitionList([
        [t('tickets.holder_name'), r.holder_name || tk.holder_name || ''],
        [t('tickets.type'), typeof r.ticket_type === 'string' ? r.ticket_type : (r.ticket_type && r.ticket_type.name) || ''],
        [t('common.status'), tk.status ? badge(tk.status, 'ticket_status') : ''],
        [t('lookup.checked_in'), tk.checked_in_at ? dateTime(tk.checked_in_at, eventZone(tk.event_time_zone ? tk : r)) : t('common.no')],
      ]))));
    },
  });

  replace(ctx.main, pageTitle(t('lookup.title')),
    picker.wrap, searchForm, results,
    h('section', {class: 'section'}, h('h2', null, t('lookup.by_code')), codeForm, codeResult),
    h('p', null, h('a', {href: '/staff/scan'}, t('scan.title'))));
  if (qInput.value) search();
}

export {errorText};
