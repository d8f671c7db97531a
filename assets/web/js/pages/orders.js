// An attendee's orders: the list, and one order with how to pay (bank instructions, the exact
// amount, the order code as payment reference, the deadline) and the proof upload.

import {h, replace} from '../dom.js';
import {t, money, dateTime, siteSettings, eventZone} from '../i18n.js';
import {get, post, upload, apiBlob} from '../api.js';
import {field, form, pageTitle, loading, errorBox, notice, invalid, toast, badge, orderBadge, actionButton, confirmDialog, copyText, definitionList, pager, isFreeOrder} from '../ui.js';
import {eventById, ticketTypeName} from '../cache.js';
import {holdersSection} from './order_holders.js';

export async function orderList(ctx) {
  const offset = Number(ctx.query.get('offset') || 0);
  replace(ctx.main, pageTitle(t('orders.title')), loading());
  let page;
  try {
    page = await get('/orders', {limit: 20, offset});
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('orders.title')), errorBox(err));
    return;
  }
  const items = Array.isArray(page) ? page : (page.items || []);
  const events = await Promise.all(items.map((o) => (o.event_title ? {id: o.event_id, title: o.event_title} : eventById(o.event_id))));
  if (!ctx.current) return;
  replace(ctx.main, pageTitle(t('orders.title')),
    items.length ? h('ul', {class: 'cards cards-list'}, items.map((o, i) => h('li', {class: 'card order-card'},
      h('div', {class: 'card-body'},
        h('h2', {class: 'card-title'}, h('a', {href: `/account/orders/${o.id}`}, events[i] ? events[i].title : t('orders.order_n', {code: o.code}))),
        h('p', null, orderBadge(o), ' ', h('span', {class: 'mono'}, o.code), ' · ', money(o.total, o.currency)),
        o.status === 'pending' && o.expires_at ? h('p', {class: 'meta'}, t('orders.pay_by', {date: dateTime(o.expires_at, eventZone(o))})) : null,
        h('p', {class: 'meta'}, dateTime(o.created_at, eventZone(o))))))) : h('p', {class: 'empty'}, t('orders.none'), ' ', h('a', {href: '/'}, t('orders.browse'))),
    Array.isArray(page) ? null : pager(page, (next) => ctx.navigate(`/account/orders?offset=${next}`)));
}

function copyable(label, value, display) {
  return h('div', {class: 'copyable'},
    h('span', {class: 'copy-label'}, label),
    h('span', {class: 'copy-value mono'}, display || value),
    h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
      await copyText(String(value));
      toast(t('common.copied'));
    }}, t('common.copy')));
}

function timeLeft(iso) {
  const ms = Date.parse(iso) - Date.now();
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return t('orders.deadline_passed');
  const hours = Math.floor(ms / 3600000);
  const minutes = Math.floor((ms % 3600000) / 60000);
  return hours >= 1 ? t('orders.hours_left', {h: hours, m: minutes}) : t('orders.minutes_left', {m: minutes});
}

function proofList(order) {
  const proofs = (order.payment && order.payment.proofs) || [];
  if (!proofs.length) return null;
  return h('section', {class: 'section'}, h('h2', null, t('orders.proofs')),
    h('ul', {class: 'list'}, proofs.map((p) => h('li', {class: 'list-item'},
      h('p', null, dateTime(p.created_at || p.uploaded_at, eventZone(order)), ' ', p.status ? badge(p.status, 'proof_status') : null),
      p.note ? h('p', {class: 'desc'}, p.note) : null,
      p.reason || p.rejected_reason || p.reject_reason ? notice('error', t('orders.rejected_because'), ' ', p.reason || p.rejected_reason || p.reject_reason) : null,
      actionButton(t('orders.view_proof'), async () => {
        const blob = await apiBlob(`/payment-proofs/${p.id}`);
        const url = URL.createObjectURL(blob);
        window.open(url, '_blank', 'noopener');
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      }, 'btn btn-small')))));
}

// `awaiting`: a proof is waiting for the committee; the upload form is then folded away (another
// proof is rarely needed, and the open form made people upload the same receipt again).
function howToPay(ctx, order, awaiting) {
  const settings = siteSettings();
  const instructions = order.payment && order.payment.instructions || order.bank_instructions || settings.bank_instructions;
  const proofForm = form({
    title: t('orders.upload_title'),
    submit: t('orders.upload'),
    fields: [
      field({name: 'file', label: t('orders.proof_file'), type: 'file', required: true, accept: 'image/png,image/jpeg,image/webp,application/pdf', hint: t('orders.proof_hint')}),
      field({name: 'note', label: t('orders.proof_note'), type: 'textarea', rows: 2, hint: t('orders.proof_note_hint')}),
    ],
    onSubmit: async (values) => {
      if (!values.file) throw invalid({file: t('error.required')});
      if (values.file.size > 5 * 1024 * 1024) throw invalid({file: t('error.payload_too_large')});
      const data = new FormData();
      data.append('file', values.file);
      if (values.note) data.append('note', values.note);
      await upload('POST', `/orders/${order.id}/payment-proofs`, data);
      toast(t('orders.proof_sent'));
      ctx.navigate(location.pathname, {replace: true});
    },
  });
  return h('section', {class: 'section pay-box', 'aria-labelledby': 'pay-h'},
    h('h2', {id: 'pay-h'}, t('orders.how_to_pay')),
    h('ol', {class: 'steps'},
      h('li', null, t('orders.step_transfer'),
        copyable(t('orders.amount'), order.amount_due ?? order.total, money(order.amount_due ?? order.total, order.currency)),
        instructions ? h('div', {class: 'instructions prose'}, instructions) : h('p', {class: 'hint'}, t('orders.no_instructions'))),
      h('li', null, t('orders.step_reference'), copyable(t('orders.code'), order.code)),
      h('li', null, t('orders.step_deadline'), ' ',
        h('strong', null, dateTime(order.expires_at, eventZone(order))), ' ', h('span', {class: 'meta'}, `(${timeLeft(order.expires_at)})`)),
      h('li', null, t('orders.step_upload'))),
    awaiting
      ? h('details', {class: 'proof-again'}, h('summary', {class: 'btn'}, t('orders.upload_another')), proofForm)
      : proofForm);
}

// A pending order that has received part of its total (the desk or a bank line recorded it).
function partlyPaid(order) {
  return order.status === 'pending' && order.amount_paid > 0 && order.amount_due > 0;
}

// What the payment_received mail says after a partial payment: what came, what is still due,
// how to pay it and until when.
function partialNotice(order) {
  return notice('warn', h('strong', {id: 'partial-received'}, t('orders.partial_received', {
    paid: money(order.amount_paid, order.currency), total: money(order.total, order.currency)})), ' ',
  t('orders.partial_rest', {due: money(order.amount_due, order.currency), date: dateTime(order.expires_at, eventZone(order))}));
}

export async function orderPage(ctx) {
  replace(ctx.main, loading());
  let order;
  try {
    order = await get(`/orders/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('orders.order')), errorBox(err));
    return;
  }
  const ev = await eventById(order.event_id);
  const names = await Promise.all((order.items || []).map((it) => it.ticket_type || ticketTypeName(order.event_id, it.ticket_type_id)));
  if (!ctx.current) return;
  const tickets = order.tickets || [];
  const free = isFreeOrder(order);
  const latestProof = ((order.payment && order.payment.proofs) || []).slice(-1)[0];
  const awaiting = order.status === 'pending' && latestProof && (!latestProof.status || latestProof.status === 'pending' || latestProof.status === 'submitted');
  replace(ctx.main,
    pageTitle(t('orders.order_n', {code: order.code})),
    h('p', null, orderBadge(order), ' ', ev ? h('a', {href: `/events/${ev.id}`}, ev.title) : null),
    awaiting ? notice('ok', h('strong', null, t('orders.proof_received')), ' ', t('orders.awaiting_review')) : null,
    !awaiting && partlyPaid(order) ? partialNotice(order) : null,
    order.status === 'paid' ? notice('ok', t('orders.paid_text')) : null,
    order.status === 'expired' ? notice('warn', t('orders.expired_text')) : null,
    order.status === 'pending' ? howToPay(ctx, order, awaiting) : null,
    proofList(order),
    h('section', {class: 'section'},
      h('h2', null, t('orders.items')),
      h('ul', {class: 'list'}, (order.items || []).map((it, i) => h('li', {class: 'list-item row'},
        h('span', null, `${it.quantity} × ${names[i]}`),
        h('span', null, money(it.unit_price * it.quantity, order.currency))))),
      h('p', {class: 'total'}, t('orders.total'), ' ', h('strong', null, money(order.total, order.currency))),
      definitionList([
        [t('orders.code'), h('span', {class: 'mono'}, order.code)],
        [t('orders.placed'), dateTime(order.created_at, eventZone(order))],
        // A free order is confirmed, not paid; a closed one says when and why (a free one was
        // cancelled: nothing was refunded).
        order.paid_at ? [t(free ? 'orders.confirmed_at' : 'orders.paid_at'), dateTime(order.paid_at, eventZone(order))] : null,
        order.closed_at && (order.status === 'refunded' || order.status === 'cancelled')
          ? [t(order.status === 'refunded' && !free ? 'orders.refunded_at' : 'orders.cancelled_at'), dateTime(order.closed_at, eventZone(order))] : null,
        order.closed_at && order.close_reason ? [t('common.reason'), order.close_reason] : null,
        order.amount_paid && order.status !== 'paid' ? [t('orders.amount_paid'), money(order.amount_paid, order.currency)] : null,
        order.amount_paid && order.amount_due ? [t('orders.amount_due'), h('strong', null, money(order.amount_due, order.currency))] : null,
      ])),
    holdersSection(order),
    tickets.length ? h('section', {class: 'section'}, h('h2', null, t('tickets.my_tickets')),
      h('ul', {class: 'list'}, tickets.map((tk) => {
        const id = typeof tk === 'object' ? tk.id : tk;
        return h('li', {class: 'list-item'}, h('a', {class: 'btn', href: `/account/tickets/${id}`},
          t('tickets.show_ticket'), typeof tk === 'object' && tk.holder_name ? ` — ${tk.holder_name}` : ''));
      }))) : null,
    order.status === 'pending' ? h('p', null, actionButton(t('orders.cancel'), async () => {
      const ok = await confirmDialog({title: t('orders.cancel'), text: t('orders.cancel_confirm'), confirm: t('orders.cancel'), dismiss: t('orders.keep'), danger: true});
      if (ok === null) return;
      await post(`/orders/${order.id}/cancel`, {});
      toast(t('orders.cancelled'));
      ctx.navigate(location.pathname, {replace: true});
    }, 'btn btn-danger')) : null);
}
