// Speaker nominations for attendees:
//   /events/{id}/nominations          the nominees with vote buttons and the caller's choice,
//                                     the nominate form while nominations are open, the results
//                                     once voting closed
//   /events/{id}/nominations/results  the results (the owner at any time, everyone after closing)
//   /nominations/respond/{token}      the nominee accepts or declines being nominated (mailed link)

import {h, replace} from '../dom.js';
import {t, plural, dateTime, number, eventZone} from '../i18n.js';
import {get, post, del, currentUser} from '../api.js';
import {field, form, invalid, pageTitle, loading, errorBox, notice, toast, actionButton, badge,
  table} from '../ui.js';
import {loginUrl, reload} from '../router.js';

// The voting window in the event's `zone`.
function windowText(s, zone) {
  if (s.voting_is_open) return notice('ok', t('nominations.voting_open_until', {time: dateTime(s.voting_close, zone)}));
  if (s.voting_closed) return notice('info', t('nominations.voting_closed'));
  if (s.voting_open) return notice('info', t('nominations.voting_from', {time: dateTime(s.voting_open, zone)}));
  return null;
}

// While nominations are open: until when, in the event's `zone`.
function nominationWindowText(s, zone) {
  if (!s.nominations_are_open || !s.nominations_close) return null;
  return notice('info', t('nominations.nominations_open_until', {time: dateTime(s.nominations_close, zone)}));
}

function nomineeCard(n, settings, myVote) {
  const user = currentUser();
  const mine = myVote === n.id;
  let action = null;
  if (settings.voting_is_open && n.status !== 'rejected') {
    if (!user) {
      action = h('a', {href: loginUrl()}, t('nominations.sign_in_to_vote'));
    } else if (mine) {
      action = h('span', {class: 'actions'}, badge('my_vote', 'nomination_status'),
        actionButton(t('nominations.withdraw'), async () => {
          await del(`/events/${n.event_id}/votes/me`);
          toast(t('nominations.withdrawn'));
          reload();
        }));
    } else {
      action = actionButton(myVote ? t('nominations.move_vote') : t('nominations.vote'), async () => {
        await post(`/nominations/${n.id}/vote`, {});
        toast(t('nominations.voted', {name: n.nominee_name}));
        reload();
      }, 'btn btn-primary');
    }
  }
  return h('li', {class: `list-item${mine ? ' list-item-selected' : ''}`, dataset: {nomination: String(n.id)}},
    h('h3', null, n.talk_title),
    h('p', null, t('nominations.by', {name: n.nominee_name}),
      n.self_nomination ? h('span', {class: 'meta'}, ' · ', t('nominations.proposal')) : null,
      n.status !== 'open' ? [' ', badge(n.status, 'nomination_status')] : null),
    n.abstract ? h('p', {class: 'desc'}, n.abstract) : null,
    n.votes !== null && n.votes !== undefined ? h('p', {class: 'meta'}, plural('nominations.votes', n.votes)) : null,
    action);
}

function nominateForm(ctx, eventId) {
  const user = currentUser();
  if (!user) return h('p', null, h('a', {href: loginUrl()}, t('nominations.sign_in_to_nominate')));
  return form({
    title: t('nominations.nominate'),
    submit: t('nominations.nominate_submit'),
    fields: [
      field({name: 'self', label: t('nominations.self'), type: 'checkbox', hint: t('nominations.self_hint')}),
      field({name: 'nominee_name', label: t('nominations.nominee_name'), maxlength: 200, autocomplete: 'off'}),
      field({name: 'nominee_email', label: t('nominations.nominee_email'), type: 'email', autocomplete: 'off'}),
      field({name: 'talk_title', label: t('nominations.talk_title'), required: true, maxlength: 200}),
      field({name: 'abstract', label: t('nominations.abstract'), type: 'textarea', rows: 5, maxlength: 5000}),
    ],
    onSubmit: async (values) => {
      const body = {talk_title: values.talk_title.trim(), abstract: values.abstract};
      if (values.self) {
        body.nominee_email = user.email;
        body.nominee_name = user.name;
      } else {
        body.nominee_email = values.nominee_email.trim();
        body.nominee_name = values.nominee_name.trim();
        const errors = {};
        if (!body.nominee_name) errors.nominee_name = t('error.required');
        if (!body.nominee_email) errors.nominee_email = t('error.required');
        if (Object.keys(errors).length) throw invalid(errors);
      }
      await post(`/events/${eventId}/nominations`, body);
      toast(t('nominations.nominated'));
      reload();
    },
  });
}

function resultsTable(results) {
  return table([t('nominations.rank'), t('nominations.talk_title'), t('nominations.nominee'), t('nominations.vote_count')],
    results.items.map((r) => [
      r.tied ? t('nominations.rank_tied', {rank: r.rank}) : String(r.rank),
      r.talk_title, r.nominee_name, number(r.votes),
    ]), {empty: t('nominations.none')});
}

export async function nominationsPage(ctx) {
  replace(ctx.main, loading());
  let event;
  let page;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    page = await get(`/events/${event.id}/nominations`, {limit: 100});
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('nominations.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const s = page.settings;
  replace(ctx.main,
    pageTitle(t('nominations.of_event', {title: event.title})),
    h('p', {class: 'actions'}, h('a', {href: `/events/${event.id}`}, t('nominations.back_to_event')),
      s.voting_closed ? [' · ', h('a', {href: `/events/${event.id}/nominations/results`}, t('nominations.results'))] : null),
    nominationWindowText(s, eventZone(event)),
    windowText(s, eventZone(event)),
    page.my_vote ? notice('ok', t('nominations.your_vote_is', {title: (page.items.find((n) => n.id === page.my_vote) || {}).talk_title || ''})) : null,
    h('ul', {class: 'list', 'aria-label': t('nominations.nominees')}, page.items.map((n) => nomineeCard(n, s, page.my_vote))),
    page.items.length ? null : h('p', {class: 'meta'}, t('nominations.none')),
    s.nominations_are_open ? h('section', {class: 'section'}, nominateForm(ctx, event.id)) : null);
}

export async function resultsPage(ctx) {
  replace(ctx.main, loading());
  let event;
  let results;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    results = await get(`/events/${event.id}/nominations/results`);
  } catch (err) {
    if (!ctx.current) return;
    // Before voting closes only the owner sees numbers: say when everyone else will.
    const early = event && err.status === 403;
    replace(ctx.main, pageTitle(early ? t('nominations.results_of', {title: event.title}) : t('nominations.results')),
      early ? [
        notice('info', event.voting_close ? t('nominations.results_after', {date: dateTime(event.voting_close, eventZone(event))}) : t('nominations.results_after_unset')),
        h('p', {class: 'actions'}, h('a', {href: `/events/${event.id}/nominations`}, t('nominations.back_to_nominations')))]
        : errorBox(err));
    return;
  }
  if (!ctx.current) return;
  replace(ctx.main,
    pageTitle(t('nominations.results_of', {title: event.title})),
    h('p', {class: 'actions'}, h('a', {href: `/events/${event.id}/nominations`}, t('nominations.back_to_nominations'))),
    results.voting_closed ? null : notice('info', t('nominations.results_provisional')),
    h('p', {class: 'meta'}, plural('nominations.total_votes', results.total_votes)),
    resultsTable(results));
}

export async function respondPage(ctx) {
  replace(ctx.main, loading());
  const path = `/nomination-responses/${encodeURIComponent(ctx.params.token)}`;
  let n;
  try {
    n = await get(path);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('nominations.respond_title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const answer = (response) => actionButton(t(`nominations.respond_${response}`), async () => {
    await post(path, {response});
    toast(t(`nominations.responded_${response}`));
    reload();
  }, response === 'accept' ? 'btn btn-primary' : 'btn');
  replace(ctx.main,
    pageTitle(t('nominations.respond_title')),
    h('p', null, t('nominations.respond_intro', {name: n.nominee_name, event: n.event_title})),
    h('h2', null, n.talk_title),
    n.abstract ? h('p', {class: 'desc'}, n.abstract) : null,
    h('p', null, t('nominations.your_answer'), ' ', badge(n.nominee_response, 'nomination_response')),
    n.status === 'open' ? h('p', {class: 'actions'}, answer('accept'), ' ', answer('decline'))
      : notice('info', t('nominations.decided_already')),
    h('p', null, h('a', {href: `/events/${n.event_id}/nominations`}, t('nominations.see_all'))));
}

export {resultsTable};
