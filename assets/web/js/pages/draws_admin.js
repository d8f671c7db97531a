// /admin/events/{id}/draws: an event's draws for the people running it, and the form that
// creates one (title, prizes with quantities, who takes part, the claim window).

import {h, uid} from '../dom.js';
import {t, dateTime, eventZone} from '../i18n.js';
import {get, post} from '../api.js';
import {field, form, invalid, loading, errorBox, badge, table} from '../ui.js';
import {adminFrame as frame} from './admin_common.js';
import {useDrawStyles, rolesFor, prizeSummary, eligibilityText} from './draws_common.js';

// One prize row: name and quantity, with a button that removes the row.
function prizeRow(list) {
  const key = uid('prize');
  const row = h('div', {class: 'draw-prize-row', dataset: {prize: key}},
    field({name: `${key}-name`, label: t('draws.prize_name'), required: true, maxlength: 200}),
    field({name: `${key}-quantity`, label: t('draws.prize_quantity'), type: 'number', min: 1, max: 1000, value: 1, required: true, inputmode: 'numeric'}),
    h('button', {type: 'button', class: 'btn btn-ghost btn-small', onclick: () => {
      if (list.children.length > 1) row.remove();
    }}, t('draws.remove_prize')));
  return row;
}

function createForm(ctx, event) {
  const prizes = h('div', {class: 'draw-prizes', 'data-field': 'prizes'});
  prizes.append(prizeRow(prizes));
  const prizeFieldset = h('fieldset', {class: 'fieldset'},
    h('legend', null, t('draws.prizes')),
    prizes,
    h('button', {type: 'button', class: 'btn btn-small', onclick: () => {
      const row = prizeRow(prizes);
      prizes.append(row);
      row.querySelector('input').focus();
    }}, t('draws.add_prize')));
  return form({
    title: t('draws.new'),
    submit: t('draws.create'),
    fields: [
      field({name: 'title', label: t('draws.draw_title'), required: true, maxlength: 200}),
      prizeFieldset,
      field({name: 'eligibility', label: t('draws.eligibility'), type: 'select', value: 'checked_in', options: [
        {value: 'checked_in', label: t('draws.eligibility_checked_in')},
        {value: 'ticket_holders', label: t('draws.eligibility_ticket_holders')},
        {value: 'opt_in', label: t('draws.eligibility_opt_in')},
      ]}),
      field({name: 'entry_requires_check_in', label: t('draws.entry_requires_check_in'), type: 'checkbox', hint: t('draws.entry_requires_check_in_hint')}),
      field({name: 'claim_window_minutes', label: t('draws.claim_window'), type: 'number', min: 0, max: 10080, value: 30, inputmode: 'numeric', hint: t('draws.claim_window_hint')}),
    ],
    onSubmit: async (values, el) => {
      const list = [];
      for (const row of el.querySelectorAll('.draw-prize-row')) {
        const key = row.dataset.prize;
        list.push({name: String(values[`${key}-name`] || '').trim(), quantity: Number(values[`${key}-quantity`])});
      }
      const errors = {};
      if (!String(values.title || '').trim()) errors.title = t('error.required');
      if (list.some((p) => !p.name || !Number.isInteger(p.quantity) || p.quantity < 1)) errors.prizes = t('draws.prizes_invalid');
      const window = values.claim_window_minutes === '' ? 30 : Number(values.claim_window_minutes);
      if (!Number.isInteger(window) || window < 0) errors.claim_window_minutes = t('draws.claim_window_invalid');
      if (Object.keys(errors).length) throw invalid(errors);
      const draw = await post(`/events/${event.id}/draws`, {
        title: values.title, prizes: list, eligibility: values.eligibility,
        entry_requires_check_in: values.eligibility === 'opt_in' && values.entry_requires_check_in,
        claim_window_minutes: window,
      });
      ctx.navigate(`/draws/${draw.id}`);
    },
  });
}

export async function eventDraws(ctx) {
  useDrawStyles();
  frame(ctx, t('draws.title'), loading());
  let event;
  let page;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    page = await get(`/events/${event.id}/draws`, {limit: 100});
  } catch (err) {
    if (ctx.current) frame(ctx, t('draws.title'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const draws = page.items || [];
  const roles = rolesFor(event);
  frame(ctx, t('draws.of_event', {title: event.title}),
    h('p', {class: 'actions'}, h('a', {href: `/admin/events/${event.id}`}, t('draws.back_to_event'))),
    table([t('draws.draw_title'), t('common.status'), t('draws.prizes'), t('draws.eligibility'), t('draws.entrant_count'), ''],
      draws.map((d) => [
        h('a', {href: `/draws/${d.id}`}, d.title),
        badge(d.status, 'draw_status'),
        prizeSummary(d),
        eligibilityText(d),
        String(d.entrant_count ?? 0),
        h('span', {class: 'actions'},
          h('a', {href: `/draws/${d.id}/live`}, t('draws.live')), ' ',
          h('a', {href: `/draws/${d.id}/verify`}, t('draws.verify')),
          d.drawn_at ? h('span', {class: 'meta'}, ' ', dateTime(d.drawn_at, eventZone(d))) : null),
      ]), {empty: t('draws.none'), stack: true}),  // labelled cards on a phone, nothing cut
    roles.manage ? h('section', {class: 'section'}, createForm(ctx, event)) : null);
}
