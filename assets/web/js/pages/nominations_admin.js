// /admin/events/{id}/nominations: the windows and who may vote, every nomination with the
// owner's decision (accept, into one of the event's sessions if chosen, or reject, with a
// message mailed to the nominee), and the tallies.

import {h, replace} from '../dom.js';
import {t, plural, dateTime, number, fromLocalInput, eventZone} from '../i18n.js';
import {wallTimeField} from '../wall_time.js';
import {get, put, post} from '../api.js';
import {field, form, pageTitle, loading, errorBox, toast, actionButton, badge, table,
  confirmDialog} from '../ui.js';
import {reload} from '../router.js';
import {adminNav, listItems} from './admin_common.js';
import {resultsTable} from './nominations.js';

function frame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

// The windows are wall-clock times in the event's zone (each field's hint names it).
function settingsForm(event, s) {
  const zone = eventZone(event);
  const when = (name) => wallTimeField({name, label: t(`nominations.${name}`), iso: s[name] || '', zone});
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
      const at = (v) => (v ? fromLocalInput(v, zone) : null);
      await put(`/events/${event.id}/nomination-settings`, {
        nominations_open: at(values.nominations_open), nominations_close: at(values.nominations_close),
        voting_open: at(values.voting_open), voting_close: at(values.voting_close), voters: values.voters,
      });
      toast(t('common.saved'));
      reload();
    },
  });
}

// The session an accepted nominee will speak in: one of the event's sessions, or none yet.
function sessionPicker(n, sessions) {
  if (!sessions.length) return null;
  return h('select', {'aria-label': t('nominations.session_for', {title: n.talk_title}),
    dataset: {sessionFor: String(n.id)}},
  h('option', {value: ''}, t('nominations.no_session')),
  sessions.map((s) => h('option', {value: String(s.id)}, `${s.title} · ${dateTime(s.starts_at, eventZone(s))}`)));
}

// The nomination's state, with the session its nominee speaks in once accepted into one.
function statusCell(n, sessions) {
  const session = n.session_id ? sessions.find((s) => s.id === n.session_id) : null;
  return h('span', null, badge(n.status, 'nomination_status'),
    session ? [h('br'), h('small', {class: 'meta'}, t('nominations.speaker_of', {title: session.title}))] : null);
}

function decide(n, decision, picker) {
  return actionButton(t(`nominations.decision_${decision}`), async () => {
    const message = await confirmDialog({
      title: t(`nominations.decision_${decision}`),
      text: t('nominations.decision_confirm', {name: n.nominee_name, title: n.talk_title}),
      confirm: t(`nominations.decision_${decision}`),
      reason: true, reasonLabel: t('nominations.decision_message'), danger: decision === 'reject',
    });
    if (message === null) return;
    const body = {decision, message: typeof message === 'string' ? message : ''};
    if (decision === 'accept' && picker && picker.value) body.session_id = Number(picker.value);
    await post(`/nominations/${n.id}/decision`, body);
    toast(t('nominations.decided'));
    reload();
  }, decision === 'accept' ? 'btn btn-ok btn-small' : 'btn btn-small');
}

function decisionCell(n, sessions) {
  const picker = sessionPicker(n, sessions);
  return h('span', {class: 'actions'}, picker, picker ? ' ' : null, decide(n, 'accept', picker), ' ', decide(n, 'reject'));
}

export async function eventNominations(ctx) {
  frame(ctx, t('nominations.title'), loading());
  let event;
  let page;
  let results;
  let sessions;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    [page, results, sessions] = await Promise.all([
      get(`/events/${event.id}/nominations`, {limit: 100}),
      get(`/events/${event.id}/nominations/results`),
      get(`/events/${event.id}/sessions`, {limit: 100}).then(listItems)]);
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
      h('span', null, n.talk_title, h('br'), h('small', {class: 'meta'}, dateTime(n.created_at, eventZone(event)))),
      h('span', null, n.nominee_name, h('br'), h('small', {class: 'meta'}, n.nominee_email || '')),
      badge(n.nominee_response, 'nomination_response'),
      number(n.votes ?? 0),
      statusCell(n, sessions),
      n.status === 'open' && n.nominee_response !== 'declined' ? decisionCell(n, sessions) : null,
    ]), {empty: t('nominations.none'), stack: true}),
    h('section', {class: 'section'}, h('h2', null, t('nominations.results')),
      h('p', {class: 'meta'}, plural('nominations.total_votes', results.total_votes)),
      resultsTable(results)),
    h('section', {class: 'section'}, settingsForm(event, page.settings)));
}
