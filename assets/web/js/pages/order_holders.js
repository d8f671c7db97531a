// Who each ticket of an order is for, as the buyer named them at checkout (GET /orders/{id}
// `holders`): shown on the order page (buyer, and staff following an order link) and at the
// payment desk while the order has no tickets yet (issued tickets carry their holders).

import {h} from '../dom.js';
import {t} from '../i18n.js';

// The holders to show: none once tickets exist, or when the buyer named nobody.
function pendingHolders(order) {
  const holders = order.holders || [];
  return (order.tickets || []).length ? [] : holders;
}

// An ordered list "Citra · Reguler · citra@example.org" (the buyer's own place says so), or
// null when there is nothing to show.
export function holderList(order) {
  const holders = pendingHolders(order);
  if (!holders.length) return null;
  return h('ol', {class: 'order-holders'}, holders.map((x) => h('li', null,
    h('strong', null, x.name || t('orders.holder_buyer')),
    x.ticket_type ? ` · ${x.ticket_type}` : '',
    x.email ? h('span', {class: 'meta'}, ` · ${x.email}`) : null)));
}

// The section for the order page, or null.
export function holdersSection(order) {
  const list = holderList(order);
  if (!list) return null;
  return h('section', {class: 'section', id: 'order-holders'},
    h('h2', null, t('orders.holders_title')),
    h('p', {class: 'hint'}, t('orders.holders_hint')),
    list);
}
