// Public pages: the list of upcoming events with search and filters, and an event's page with
// its ticket types (buying), sessions, competitions and draws.

import {h, replace} from '../dom.js';
import {t, money, parseMoney, moneyInput, moneyStep, dateTime, dateTimeRange, siteSettings, eventZone} from '../i18n.js';
import {get, post, api, currentUser, idempotencyKey, ApiError} from '../api.js';
import {field, form, pageTitle, loading, errorBox, pager, badge, notice, invalid, actionButton, toast, errorText, showErrors} from '../ui.js';
import {loginUrl, reload} from '../router.js';
import {rememberInvite} from './teams.js';
import {holderSection} from './checkout_holders.js';
import {eventSessionsSection} from './programme_common.js';
import {loadHoldings} from './session_access.js';

const kFilterKeys = ['q', 'city', 'category', 'date', 'from', 'to', 'min_price', 'max_price', 'sort', 'include_past'];

// "Sabtu, 16 Januari 2027 09.00–17.00 WITA (08.00–16.00 WIB)": in the event's own zone, the
// site's added only when it differs; the date and the zone once on one day.
export function eventWhen(ev) {
  if (!ev.starts_at) return '';
  return dateTimeRange(ev.starts_at, ev.ends_at, eventZone(ev));
}

export function eventWhere(ev) {
  const parts = [ev.venue, ev.city].filter(Boolean);
  if (ev.online) parts.push(t('events.online'));
  return parts.join(', ');
}

function eventImage(ev, cls) {
  if (!ev.image_url) return h('div', {class: `${cls} placeholder`, 'aria-hidden': 'true'});
  return h('img', {class: cls, src: ev.image_url, alt: '', loading: 'lazy'});
}

function eventCard(ev) {
  return h('li', {class: 'card event-card'},
    eventImage(ev, 'card-image'),
    h('div', {class: 'card-body'},
      h('h2', {class: 'card-title'}, h('a', {href: `/events/${ev.id}`}, ev.title)),
      h('p', {class: 'meta'}, h('time', {datetime: ev.starts_at}, eventWhen(ev))),
      eventWhere(ev) ? h('p', {class: 'meta'}, eventWhere(ev)) : null,
      ev.category ? h('p', null, h('span', {class: 'chip'}, ev.category)) : null,
      ev.status && ev.status !== 'published' ? badge(ev.status, 'event_status') : null));
}

export async function eventList(ctx) {
  const q = ctx.query;
  const main = ctx.main;
  const filters = {};
  for (const key of kFilterKeys) if (q.get(key)) filters[key] = q.get(key);
  const offset = Number(q.get('offset') || 0);

  const priceToMinor = (v) => {
    if (v === undefined || v === '') return undefined;
    const n = parseMoney(v);
    return Number.isNaN(n) ? v : n;
  };
  const priceFromMinor = (v) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? v : moneyInput(v));

  const searchForm = form({
    class: 'filters',
    submit: t('events.search'),
    fields: [
      h('div', {class: 'search-row'},
        field({name: 'q', label: t('events.search_label'), type: 'search', value: filters.q || '', placeholder: t('events.search_placeholder')})),
      h('details', {class: 'more-filters', open: Object.keys(filters).some((k) => k !== 'q')},
        h('summary', null, t('events.filters')),
        h('div', {class: 'grid-2'},
          field({name: 'city', label: t('events.city'), value: filters.city || ''}),
          field({name: 'category', label: t('events.category'), value: filters.category || ''}),
          field({name: 'from', label: t('events.from'), type: 'date', value: filters.from || ''}),
          field({name: 'to', label: t('events.to'), type: 'date', value: filters.to || ''}),
          field({name: 'min_price', label: t('events.min_price'), inputmode: 'decimal', value: priceFromMinor(filters.min_price) || ''}),
          field({name: 'max_price', label: t('events.max_price'), inputmode: 'decimal', value: priceFromMinor(filters.max_price) || ''}),
          field({name: 'sort', label: t('events.sort'), type: 'select', value: filters.sort || 'starts_at', options: [
            {value: 'starts_at', label: t('events.sort_soonest')},
            {value: '-starts_at', label: t('events.sort_latest')},
            {value: 'title', label: t('events.sort_title')},
            {value: '-created_at', label: t('events.sort_newest')},
          ]}),
          field({name: 'include_past', label: t('events.include_past'), type: 'checkbox', value: filters.include_past === 'true'}))),
    ],
    onSubmit: async (values) => {
      const params = new URLSearchParams();
      for (const key of kFilterKeys) {
        let v = values[key];
        if (key === 'include_past') v = v ? 'true' : '';
        if (key === 'min_price' || key === 'max_price') v = priceToMinor(v);
        if (key === 'sort' && v === 'starts_at') v = '';
        if (v !== undefined && v !== '' && v !== null) params.set(key, String(v));
      }
      const s = params.toString();
      ctx.navigate(`/${s ? `?${s}` : ''}`);
    },
  });

  const results = h('section', {'aria-live': 'polite', 'aria-label': t('events.results')}, loading());
  replace(main, pageTitle(t('events.title')), searchForm, results);

  try {
    const page = await get('/events', {...filters, limit: 20, offset});
    if (!ctx.current) return;
    const items = page.items || [];
    replace(results,
      items.length ? h('ul', {class: 'cards'}, items.map(eventCard)) : h('p', {class: 'empty'}, t('events.none')),
      pager(page, (next) => {
        const params = new URLSearchParams(location.search);
        if (next) params.set('offset', String(next)); else params.delete('offset');
        ctx.navigate(`/?${params}`);
      }));
  } catch (err) {
    if (!ctx.current) return;
    // A malformed filter (400 with fields) is shown beside the filter it concerns.
    if (err instanceof ApiError && err.fields && Object.keys(err.fields).length) {
      const details = searchForm.querySelector('details');
      if (details) details.open = true;
      showErrors(searchForm, err);
      replace(results);
    } else {
      replace(results, errorBox(err));
    }
  }
}

function onSale(tt) {
  const now = Date.now();
  if (tt.active === false) return 'inactive';
  if (tt.sales_start && Date.parse(tt.sales_start) > now) return 'not_yet';
  if (tt.sales_end && Date.parse(tt.sales_end) < now) return 'ended';
  if (tt.available !== null && tt.available !== undefined && tt.available <= 0) return 'sold_out';
  return 'on_sale';
}

function priceLabel(tt) {
  if (tt.kind === 'free' || (tt.kind !== 'pay_what_you_want' && !tt.price)) return t('tickets.free');
  if (tt.kind === 'pay_what_you_want') return t('tickets.pwyw_from', {amount: money(tt.price)});
  return money(tt.price);
}

// The quantities chosen before signing in travel in the event's address (?buy=3:2,4:1), through
// sign in, sign up and the confirmation mail, so the person comes back to the same choice.
function chosenBefore(ctx) {
  const chosen = new Map();
  for (const part of (ctx.query.get('buy') || '').split(',')) {
    const m = /^(\d+):(\d+)$/.exec(part);
    if (m) chosen.set(Number(m[1]), Number(m[2]));
  }
  return chosen;
}

function carryOnUrl(ev, items) {
  const buy = items.map((i) => `${i.ticket_type_id}:${i.quantity}`).join(',');
  return `/events/${ev.id}${buy ? `?buy=${buy}` : ''}`;
}

// The quantities chosen in the buy form, as order items (ticket types in page order).
function chosenItems(formEl) {
  const items = [];
  for (const el of formEl.querySelectorAll('select[name^="qty-"]')) {
    const quantity = Number(el.value || 0);
    if (quantity) items.push({ticket_type_id: Number(el.name.slice(4)), quantity});
  }
  return items;
}

// `kept` (a Map type id → quantity) replaces the address's choice when the section is drawn
// again; `refusal` (an ApiError) is shown in the new form at once.
function ticketTypesSection(ctx, ev, types, kept = null, refusal = null) {
  const buyable = ev.status === 'published' && (!ev.ends_at || Date.parse(ev.ends_at) > Date.now());
  const user = currentUser();
  const chosen = kept || chosenBefore(ctx);
  const totalLine = h('p', {class: 'total', 'aria-live': 'polite'});
  const rows = types.map((tt) => {
    const state = onSale(tt);
    const max = Math.max(0, Math.min(tt.max_per_order || 10, tt.available ?? Infinity));
    const before = Math.min(chosen.get(tt.id) || 0, max);
    const qty = state === 'on_sale' && buyable ? field({
      name: `qty-${tt.id}`, label: t('tickets.quantity'), type: 'select', value: String(before),
      options: Array.from({length: max + 1}, (_, i) => ({value: String(i), label: String(i)})),
      class: 'qty',
    }) : h('p', {class: 'sale-state'}, badge(state, 'sale'));
    let amount = null;
    if (tt.kind === 'pay_what_you_want' && state === 'on_sale' && buyable) {
      amount = field({
        name: `amount-${tt.id}`, label: t('tickets.your_amount'), inputmode: 'decimal',
        value: moneyInput(tt.price), hint: t('tickets.minimum', {amount: money(tt.price)}),
        step: moneyStep(), class: 'pwyw',
      });
    }
    const availability = tt.available === null || tt.available === undefined ? null
      : h('span', {class: 'meta'}, t('tickets.left', {n: tt.available}));
    return h('li', {class: 'ticket-type'},
      h('div', {class: 'tt-info'},
        h('h3', null, tt.name),
        h('p', {class: 'price'}, priceLabel(tt), ' ', availability),
        tt.description ? h('p', {class: 'desc'}, tt.description) : null,
        tt.sales_end ? h('p', {class: 'meta'}, t('tickets.sales_end', {date: dateTime(tt.sales_end, eventZone(ev))})) : null),
      h('div', {class: 'tt-buy'}, qty, amount));
  });

  const collect = (values) => {
    const items = [];
    const errors = {};
    types.forEach((tt) => {
      const quantity = Number(values[`qty-${tt.id}`] || 0);
      if (!quantity) return;
      const item = {ticket_type_id: tt.id, quantity};
      if (tt.kind === 'pay_what_you_want') {
        const price = parseMoney(values[`amount-${tt.id}`]);
        if (Number.isNaN(price)) errors[`amount-${tt.id}`] = t('error.amount_invalid');
        else if (price < tt.price) errors[`amount-${tt.id}`] = t('tickets.minimum', {amount: money(tt.price)});
        else item.price = price;
      }
      items.push(item);
    });
    return {items, errors};
  };

  const updateTotal = (formEl) => {
    const values = {};
    for (const el of formEl.elements) if (el.name) values[el.name] = el.value;
    const {items} = collect(values);
    let total = 0;
    for (const item of items) {
      const tt = types.find((x) => x.id === item.ticket_type_id);
      total += item.quantity * (item.price ?? tt.price ?? 0);
    }
    totalLine.textContent = items.length ? t('tickets.total', {amount: money(total)}) : '';
  };

  if (!types.length) return h('section', {class: 'section'}, h('h2', null, t('tickets.title')), h('p', {class: 'empty'}, t('tickets.none_on_sale')));

  const key = idempotencyKey();
  // Signed in and the event asks who each ticket is for: a name (and address) per ticket.
  const holders = user && buyable && (ev.holder_details === 'optional' || ev.holder_details === 'required')
    ? holderSection(ev.holder_details) : null;
  const buyForm = form({
    class: 'buy-form',
    submit: t('tickets.buy'),
    fields: [h('ul', {class: 'ticket-types'}, rows), totalLine, holders ? holders.el : null],
    onSubmit: async (values) => {
      const {items, errors} = collect(values);
      if (!currentUser()) {
        ctx.navigate(`/account/login?next=${encodeURIComponent(carryOnUrl(ev, items))}`);
        return;
      }
      if (Object.keys(errors).length) throw invalid(errors);
      // The API names item errors by their place in the request (items[0].price): point those
      // names at the controls of the types actually ordered.
      for (const el of buyForm.querySelectorAll('[data-field]')) delete el.dataset.field;
      items.forEach((item, k) => {
        const qtyEl = buyForm.querySelector(`[name="qty-${item.ticket_type_id}"]`);
        const amountEl = buyForm.querySelector(`[name="amount-${item.ticket_type_id}"]`);
        if (qtyEl) qtyEl.dataset.field = `items[${k}].quantity`;
        if (amountEl) amountEl.dataset.field = `items[${k}].price`;
      });
      if (!items.length) throw new ApiError(400, {code: 'validation_failed', message: t('tickets.choose_one')});
      const body = {event_id: ev.id, items};
      if (holders) body.holders = holders.collect(values);
      let order;
      try {
        order = await api('POST', '/orders', {body, headers: {'Idempotency-Key': key}});
      } catch (err) {
        // Not enough places left: the counts on screen are out of date. The event's ticket
        // types are drawn again at once, so the message and the counts agree.
        if (!(err instanceof ApiError) || err.code !== 'sold_out') throw err;
        let fresh;
        try {
          fresh = await get(`/events/${ev.id}/ticket-types`).then((r) => (Array.isArray(r) ? r : r.items || []));
        } catch (e) {
          throw err;
        }
        const section = buyForm.closest('section');
        if (!ctx.current || !section) throw err;
        const kept = new Map(chosenItems(buyForm).map((i) => [i.ticket_type_id, i.quantity]));
        // Every type chosen is gone now: say so, not "not enough left" beside "Sold out".
        const gone = kept.size > 0 && [...kept.keys()].every((id) => {
          const tt = fresh.find((x) => String(x.id) === String(id));
          return !tt || onSale(tt) === 'sold_out';
        });
        const refusal = gone ? new ApiError(409, {code: 'sold_out_gone', message: t('error.sold_out_gone')}) : err;
        const next = ticketTypesSection(ctx, ev, fresh, kept, refusal);
        section.replaceWith(next);
        const box = next.querySelector('.form-error');
        if (box) box.focus();
        return;
      }
      if (order.status === 'paid') {
        toast(t('orders.free_done'));
        ctx.navigate('/account/tickets');
      } else {
        ctx.navigate(`/account/orders/${order.id}`);
      }
    },
  });
  buyForm.addEventListener('input', () => updateTotal(buyForm));
  buyForm.addEventListener('change', (e) => {
    updateTotal(buyForm);
    if (holders && e.target.name && e.target.name.startsWith('qty-')) holders.update(chosenItems(buyForm), types);
  });
  if (chosen.size) updateTotal(buyForm);
  if (holders && chosen.size) holders.update(chosenItems(buyForm), types);
  const submit = buyForm.querySelector('button[type=submit]');
  if (!buyable) {
    submit.remove();
  } else if (!user) {
    buyForm.querySelector('.form-actions').append(h('p', {class: 'hint'}, t('tickets.sign_in_first')));
  }
  // Nothing left to choose (every type sold out or off sale after a refusal): no active button.
  if (buyable && refusal && !types.some((tt) => onSale(tt) === 'on_sale')) submit.disabled = true;
  const section = h('section', {class: 'section', 'aria-labelledby': 'tickets-h'},
    h('h2', {id: 'tickets-h'}, t('tickets.title')), buyForm);
  if (refusal) showErrors(buyForm, refusal);
  return section;
}

function competitionsSection(ctx, comps, ev) {
  if (!comps.length) return null;
  const user = currentUser();
  return h('section', {class: 'section'}, h('h2', null, t('competitions.title')),
    h('ul', {class: 'list'}, comps.map((c) => h('li', {class: 'list-item'},
      h('h3', null, c.name),
      c.description ? h('p', {class: 'desc'}, c.description) : null,
      h('p', {class: 'meta'}, t('competitions.team_size', {min: c.team_min, max: c.team_max}),
        ' · ', c.fee ? t('competitions.fee', {amount: money(c.fee)}) : t('tickets.free'),
        c.registration_closes ? ` · ${t('competitions.closes', {date: dateTime(c.registration_closes, eventZone(ev))})}` : ''),
      user ? form({
        class: 'inline-form', submit: t('competitions.create_team'),
        fields: [field({name: 'name', label: t('competitions.team_name'), required: true, maxlength: 80})],
        onSubmit: async (values) => {
          const team = await post(`/competitions/${c.id}/teams`, {name: values.name});
          rememberInvite(team.id, team.invite);
          ctx.navigate(`/account/teams/${team.id}`);
        },
      }) : h('p', null, h('a', {href: loginUrl()}, t('competitions.sign_in')))))));
}

function drawsSection(draws) {
  if (!draws.length) return null;
  const user = currentUser();
  return h('section', {class: 'section'}, h('h2', null, t('draws.title')),
    h('ul', {class: 'list'}, draws.map((d) => h('li', {class: 'list-item'},
      h('h3', null, h('a', {href: `/draws/${d.id}`}, d.title), ' ', badge(d.status, 'draw_status')),
      d.prizes && d.prizes.length ? h('p', {class: 'meta'}, d.prizes.map((p) => `${p.quantity}× ${p.name}`).join(', ')) : null,
      h('p', null, h('a', {href: `/draws/${d.id}/live`}, t('draws.live')), ' · ', h('a', {href: `/draws/${d.id}/verify`}, t('draws.verify'))),
      user && d.status === 'open' && d.eligibility === 'opt_in' ? actionButton(t('draws.enter'), async () => {
        await post(`/draws/${d.id}/entries`, {});
        toast(t('draws.entered'));
      }) : null))));
}

export async function eventPage(ctx) {
  const id = ctx.params.id;
  replace(ctx.main, loading());
  let ev;
  try {
    ev = await get(`/events/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!ctx.current) return;
    replace(ctx.main, pageTitle(t('events.not_found')), errorBox(err));
    return;
  }
  // Only the parts this build serves (settings.features): no request that can only 404.
  const features = siteSettings().features || {};
  const optional = (part) => (features[part]
    ? get(`/events/${ev.id}/${part}`).then((r) => (Array.isArray(r) ? r : r.items || [])).catch(() => [])
    : Promise.resolve([]));
  const [types, sessions, comps, draws, holdings] = await Promise.all([
    get(`/events/${ev.id}/ticket-types`).then((r) => (Array.isArray(r) ? r : r.items || [])).catch((err) => err),
    optional('sessions'),
    optional('competitions'),
    optional('draws'),
    features.sessions ? loadHoldings(ev.id) : Promise.resolve(null),
  ]);
  if (!ctx.current) return;
  const ended = ev.ends_at && Date.parse(ev.ends_at) < Date.now();
  replace(ctx.main,
    h('article', {class: 'event'},
      ev.image_url ? h('img', {class: 'event-hero', src: ev.image_url, alt: ''}) : null,
      pageTitle(ev.title),
      ev.status !== 'published' ? notice('warn', t('events.status_is'), ' ', badge(ev.status, 'event_status')) : null,
      ended ? notice('info', t('events.ended')) : null,
      h('p', {class: 'meta'}, h('time', {datetime: ev.starts_at}, eventWhen(ev))),
      eventWhere(ev) ? h('p', {class: 'meta'}, eventWhere(ev)) : null,
      ev.address ? h('p', {class: 'meta'}, ev.address) : null,
      ev.category ? h('p', null, h('span', {class: 'chip'}, ev.category)) : null,
      ev.description ? h('div', {class: 'desc prose'}, ev.description) : null,
      types instanceof Error ? errorBox(types) : ticketTypesSection(ctx, ev, types),
      eventSessionsSection(sessions, reload, holdings),
      competitionsSection(ctx, comps, ev),
      drawsSection(draws),
      h('section', {class: 'section'}, h('h2', null, t('nominations.title')),
        h('p', null, h('a', {href: `/events/${ev.id}/nominations`}, t('nominations.see_all'))))));
}

