// /admin/events/{id}/nominations: the windows and who may vote, every nomination with the
// owner's decision (accept or reject, with a message mailed to the nominee), and the tallies.

import {h, replace} from '../dom.js';
import {t, dateTime, number, toLocalInput, fromLocalInput} from '../i18n.js';
import {get, put, post} from '../api.js';
import {field, form, pageTitle, loading, errorBox, toast, actionButton, badge, table,
  confirmDialog} from '../ui.js';
import {reload} from '../router.js';
import {adminNav} from './admin_common.js';
import {resultsTable} from './nominations.js';

function frame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

function settingsForm(event, s) {
  const when = (name) => field({name, label: t(`nominations.${name}`), type: 'datetime-local',
    value: s[name] ? toLocalInput(s[name]) : ''});
  return form({
    title: t('nominations.settings'),
    submit: t('common.save'),
    fields: [
      when('nominations_open'), when('nominations_close'), when('voting_open'), when('voting_close'),
      field({name: 'voters', label: t('nominations.voters'), type: 'select', value: s.voters, options: [
        {value: 'ticket_holders', label: t('nominations.voters_ticket_holders')},
        {value: 'users', label: t('nominations.voters_users')},
      ]}),
    ],
    onSubmit: async (values) => {
      const at = (v) => (v ? fromLocalInput(v) : null);
      await put(`/events/${event.id}/nomination-settings`, {
        nominations_open: at(values.nominations_open), nominations_close: at(values.nominations_close),
        voting_open: at(values.voting_open), voting_close: at(values.voting_close), voters: values.voters,
      });
      toast(t('common.saved'));
      reload();
    },
  });
}

function decide(n, decision) {
  return actionButton(t(`nominations.decision_${decision}`), async () => {
    const message = await confirmDialog({
      title: t(`nominations.decision_${decision}`),
      text: t('nominations.decision_confirm', {name: n.nominee_name, title: n.talk_title}),
      confirm: t(`nominations.decision_${decision}`),
      reason: true, reasonLabel: t('nominations.decision_message'), danger: decision === 'reject',
    });
    if (message === null) return;
    await post(`/nominations/${n.id}/decision`, {decision, message: typeof message === 'string' ? message : ''});
    toast(t('nominations.decided'));
    reload();
  }, decision === 'accept' ? 'btn btn-ok btn-small' : 'btn btn-small');
}

export async function eventNominations(ctx) {
  frame(ctx, t('nominations.title'), loading());
  let event;
  let page;
  let results;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    page = await get(`/events/${event.id}/nominations`, {limit: 100});
    results = await get(`/events/${event.id}/nominations/results`);
  } catch (err) {
    if (ctx.current) frame(ctx, t('nominations.title'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  frame(ctx, t('nominations.of_event', {title: event.title}),
    h('p', {class: 'actions'}, h('a', {href: `/admin/events/${event.id}`}, t('draws.back_to_event')), ' · ',
      h('a', {href: `/events/${event.id}/nominations`}, t('nominations.public_page')), ' · ',
      h('a', {href: `/admin/events/${event.id}/campaigns`}, t('campaigns.title'))),
    table([t('nominations.talk_title'), t('nominations.nominee'), t('nominations.nominee_response'),
      t('nominations.vote_count'), t('common.status'), ''],
    page.items.map((n) => [
      h('span', null, n.talk_title, h('br'), h('small', {class: 'meta'}, dateTime(n.created_at))),
      h('span', null, n.nominee_name, h('br'), h('small', {class: 'meta'}, n.nominee_email || '')),
      badge(n.nominee_response, 'nomination_response'),
      number(n.votes ?? 0),
      badge(n.status, 'nomination_status'),
      n.status === 'open' && n.nominee_response !== 'declined'
        ? h('span', {class: 'actions'}, decide(n, 'accept'), ' ', decide(n, 'reject')) : null,
    ]), {empty: t('nominations.none')}),
    h('section', {class: 'section'}, h('h2', null, t('nominations.results')),
      h('p', {class: 'meta'}, t('nominations.total_votes', {count: number(results.total_votes)})),
      resultsTable(results)),
    h('section', {class: 'section'}, settingsForm(event, page.settings)));
}
