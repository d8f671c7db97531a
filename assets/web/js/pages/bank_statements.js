// The payment desk's bank statements (SPEC §6): upload an export of the bank account, see its
// credit lines grouped by how they matched an order, tick or untick them and apply them in one
// action; then the credits that matched nothing, to assign by hand to an order found by name,
// code or amount. Every user value goes into text nodes (h() never sets innerHTML).

import {h, replace} from '../dom.js';
import {t, money, dateTime, eventZone} from '../i18n.js';
import {get, post, upload} from '../api.js';
import {errorBox, loading, notice, toast, badge, actionButton} from '../ui.js';

const kGroups = ['exact', 'partial', 'overpaid', 'ambiguous', 'unmatched', 'already_applied'];
const kApplicable = new Set(['exact', 'partial', 'overpaid']);

function lineAmount(line) {
  return line.amount == null ? line.amount_text : money(line.amount);
}

function orderCell(line) {
  const o = line.order;
  if (!o) return line.match.code ? h('span', {class: 'mono'}, line.match.code) : '';
  return h('span', null, h('span', {class: 'mono'}, o.code), ' ', o.buyer, ' · ',
    t('bank.due', {amount: money(line.match.amount_due ?? o.amount_due)}), ' ', badge(o.status, 'order_status'));
}

function reasonText(line) {
  return line.match.reason ? t(`bank.reason.${line.match.reason}`) : '';
}

// One group of lines: a table with a tick box per applicable line.
function groupSection(kind, lines, ticked) {
  const rows = lines.map((line) => {
    const box = kApplicable.has(kind)
      ? h('input', {type: 'checkbox', checked: ticked.has(line.n), 'aria-label': t('bank.tick', {n: line.n}),
        'data-line': line.n, onchange: (ev) => { if (ev.target.checked) ticked.add(line.n); else ticked.delete(line.n); }})
      : null;
    return h('tr', {'data-kind': kind},
      h('td', null, box), h('td', null, String(line.n)),
      h('td', null, line.date || line.date_text), h('td', {class: 'num'}, lineAmount(line)),
      h('td', {class: 'desc'}, line.description), h('td', null, orderCell(line)), h('td', null, reasonText(line)));
  });
  return h('section', {class: `bank-group bank-${kind}`},
    h('h3', null, t(`bank.kind.${kind}`), ' ', h('span', {class: 'count'}, `(${lines.length})`)),
    h('div', {class: 'table-wrap'}, h('table', {class: 'table'},
      h('thead', null, h('tr', null, h('th', null, ''), h('th', null, '#'), h('th', null, t('bank.date')),
        h('th', null, t('bank.amount')), h('th', null, t('bank.description')), h('th', null, t('bank.order')),
        h('th', null, t('bank.reason_col')))),
      h('tbody', null, rows))));
}

function statementView(statement, onApplied) {
  const ticked = new Set(statement.lines.filter((l) => kApplicable.has(l.match.kind)).map((l) => l.n));
  const groups = kGroups.map((kind) => [kind, statement.lines.filter((l) => l.match.kind === kind)])
    .filter(([, lines]) => lines.length);
  const apply = actionButton(t('bank.apply'), async () => {
    const result = await post(`/bank-statements/${statement.id}/apply`, {lines: [...ticked]});
    toast(t('bank.applied', {n: result.applied.length}));
    onApplied(result.statement);
  }, 'btn btn-ok');
  apply.id = 'bank-apply';
  return h('div', {class: 'bank-statement', 'data-statement': statement.id},
    h('p', null, t('bank.summary', {file: statement.filename, n: statement.lines.length, debits: statement.debits_ignored}),
      ' ', t('bank.columns', statement.columns)),
    groups.length ? groups.map(([kind, lines]) => groupSection(kind, lines, ticked)) : notice('info', t('bank.no_credits')),
    h('div', {class: 'form-actions'}, apply));
}

// Unmatched credits with a search for the order to assign each one to.
async function unmatchedView(ctx, eventId, box) {
  replace(box, loading());
  let page;
  try {
    page = await get(`/events/${eventId}/unmatched-credits`, {limit: 100});
  } catch (err) {
    if (ctx.current) replace(box, errorBox(err));
    return;
  }
  if (!ctx.current) return;
  if (!page.items.length) {
    replace(box, h('p', {class: 'empty'}, t('bank.no_unmatched')));
    return;
  }
  replace(box, h('ul', {class: 'bank-unmatched'}, page.items.map((c) => {
    const results = h('div', {class: 'bank-assign-results'});
    const input = h('input', {type: 'search', 'aria-label': t('bank.find_order'), placeholder: t('bank.find_order')});
    const find = async () => {
      const q = input.value.trim();
      const found = await get(`/events/${eventId}/orders`, {status: 'pending', limit: 100, q: /^\d[\d.,]*$/.test(q) ? '' : q});
      const wanted = /^\d[\d.,]*$/.test(q) ? Number(q.replace(/[.,]/g, '')) : null;
      const orders = (found.items || []).filter((o) => wanted == null || o.total - (o.amount_paid || 0) === wanted || o.total === wanted);
      replace(results, orders.length ? h('ul', null, orders.slice(0, 10).map((o) => h('li', null,
        h('span', {class: 'mono'}, o.code), ' ', (o.user && o.user.name) || '', ' · ', money(o.total - (o.amount_paid || 0)), ' ',
        actionButton(t('bank.assign'), async () => {
          await post(`/bank-statements/${c.statement_id}/lines/${c.n}/assign`, {order_id: o.id});
          toast(t('bank.assigned', {code: o.code}));
          await unmatchedView(ctx, eventId, box);
        }, 'btn btn-small')))) : h('p', {class: 'empty'}, t('bank.no_orders_found')));
    };
    const searchForm = h('form', {class: 'inline-form', role: 'search'}, input, h('button', {type: 'submit', class: 'btn btn-small'}, t('bank.search')));
    searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); find().catch((err) => replace(results, errorBox(err))); });
    const assignable = c.date && c.amount != null;
    return h('li', {class: 'card'}, h('div', {class: 'card-body'},
      h('p', null, h('strong', null, c.amount == null ? c.amount_text : money(c.amount)), ' · ', c.date || c.date_text, ' · ', c.description),
      h('p', {class: 'meta'}, t(`bank.kind.${c.kind}`), c.reason ? ` — ${t(`bank.reason.${c.reason}`)}` : ''),
      assignable ? searchForm : null, results));
  })));
}

// The desk section: upload form, the current statement, and the unmatched credits of the event
// `eventId()` (a function: the desk's event picker may change).
export function bankSection(ctx, eventId) {
  const statementBox = h('div', {class: 'bank-current', 'aria-live': 'polite'});
  const unmatchedBox = h('div', {class: 'bank-unmatched-box'});
  const fileInput = h('input', {id: 'bank-file', name: 'file', type: 'file', accept: '.csv,text/csv,text/plain', required: true});
  const showStatement = (statement) => {
    replace(statementBox, statementView(statement, (fresh) => { showStatement(fresh); unmatchedView(ctx, eventId(), unmatchedBox); }));
  };
  const uploadForm = h('form', {class: 'inline-form bank-upload'},
    h('div', {class: 'field'}, h('label', {for: 'bank-file'}, t('bank.file')), fileInput,
      h('p', {class: 'hint'}, t('bank.file_hint'))),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'btn btn-primary', id: 'bank-upload'}, t('bank.upload'))));
  uploadForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!fileInput.files.length || !eventId()) return;
    const body = new FormData();
    body.append('file', fileInput.files[0]);
    replace(statementBox, loading());
    try {
      const statement = await upload('POST', `/events/${eventId()}/bank-statements`, body);
      if (!ctx.current) return;
      showStatement(statement);
      unmatchedView(ctx, eventId(), unmatchedBox);
    } catch (err) {
      if (ctx.current) replace(statementBox, errorBox(err));
    }
  });
  const section = h('section', {class: 'section bank'},
    h('h2', null, t('bank.title')), h('p', null, t('bank.intro')), uploadForm, statementBox,
    h('h2', null, t('bank.unmatched_title')), unmatchedBox);
  return {section, refresh: () => { replace(statementBox); return unmatchedView(ctx, eventId(), unmatchedBox); }};
}

// What an order has received, for the desk and the buyer's order page.
export function receivedList(order) {
  const received = (order.payment && order.payment.received) || [];
  if (!received.length) return null;
  return h('ul', {class: 'received'}, received.map((r) => h('li', null,
    money(r.amount, order.currency), ' · ', t(`bank.via.${r.via}`), ' · ', dateTime(r.recorded_at, eventZone(order)),
    r.reference ? ` · ${r.reference}` : '')));
}
