// /admin/events/{id}/campaigns: the campaign editor (subject, Markdown body, audience picker
// (ticket holders, a ticket type, checked in, the teams of a competition, a session's seats,
// nominees, every user) with the recipient count, "on behalf of" a nominee, preview, schedule or send now) and the
// event's campaigns with their progress, refreshed while one is sending; test send and cancel.

import {h, replace, clear, newestTurn} from '../dom.js';
import {t, plural, dateTime, number, fromLocalInput, eventZone} from '../i18n.js';
import {wallTimeField} from '../wall_time.js';
import {get, post, hasRole} from '../api.js';
import {field, form, invalid, pageTitle, loading, errorBox, toast, actionButton, badge, table,
  notice, confirmDialog} from '../ui.js';
import {reload} from '../router.js';
import {adminNav, listItems} from './admin_common.js';

const kAudiences = ['ticket_holders', 'ticket_type', 'checked_in', 'teams', 'session', 'nominees', 'all_users'];
const kRefreshMs = 2000;

function frame(ctx, title, ...content) {
  replace(ctx.main, adminNav(), pageTitle(title), ...content);
}

// Sent, failed and recipients while sending or sent; a campaign still waiting says so, not
// "0 of 0 sent" (when it goes is in its own column).
function progress(c) {
  if (c.status === 'scheduled') return h('span', null, t('campaigns.not_sent_yet'));
  if (c.status === 'cancelled' && !c.sent && !c.failed) return h('span', null, '—');
  const done = c.sent + c.failed;
  return h('span', null,
    c.status === 'sending' ? h('progress', {class: 'campaign-progress', max: String(Math.max(c.recipients, 1)), value: String(done)}) : null,
    ' ', t('campaigns.progress', {sent: number(c.sent), failed: number(c.failed), recipients: number(c.recipients)}));
}

function campaignRows(campaigns, zone) {
  return campaigns.map((c) => [
    h('span', null, c.subject, c.on_behalf_of ? [h('br'), h('small', {class: 'meta'}, t('campaigns.on_behalf_of', {name: c.on_behalf_of}))] : null),
    t(`campaigns.audience_${c.audience.kind}`),
    badge(c.status, 'campaign_status'),
    h('span', {dataset: {progress: String(c.id)}}, progress(c)),
    dateTime(c.scheduled_at, zone),
    h('span', {class: 'actions'},
      actionButton(t('campaigns.test'), async () => {
        const r = await post(`/campaigns/${c.id}/test`, {});
        toast(t('campaigns.test_sent', {to: r.to}));
      }, 'btn btn-small'),
      c.status === 'scheduled' ? actionButton(t('campaigns.cancel'), async () => {
        const answer = await confirmDialog({title: t('campaigns.cancel_title'),
          text: t('campaigns.cancel_text', {subject: c.subject}), confirm: t('campaigns.cancel'),
          dismiss: t('campaigns.keep_scheduled'), danger: true});
        if (answer === null) return;
        await post(`/campaigns/${c.id}/cancel`, {});
        toast(t('campaigns.cancelled'));
        reload();
      }, 'btn btn-small btn-danger') : null),
  ]);
}

// The id an audience kind names, from the picker's selects: a ticket type, a competition (''
// = every competition of the event) or a session; null when the kind takes none.
function audienceId(kind, data) {
  const value = String(data.get(`audience_${kind}`) || '');
  return value ? Number(value) : null;
}

// The audience picker: kind, the ticket type, competition or session when the kind names one,
// and the live recipient count (also kept in `shown.recipients`, null until known).
function audiencePicker(event, {types, competitions, sessions}, shown) {
  const count = h('p', {class: 'meta', role: 'status', 'aria-live': 'polite'});
  const kinds = kAudiences.filter((k) => k !== 'all_users' || hasRole('admin'));
  const kind = field({name: 'audience_kind', label: t('campaigns.audience'), type: 'select', value: 'ticket_holders',
    options: kinds.map((k) => ({value: k, label: t(`campaigns.audience_${k}`)}))});
  const pickers = {
    ticket_type: field({name: 'audience_ticket_type', label: t('campaigns.ticket_type'), type: 'select',
      options: types.map((tt) => ({value: tt.id, label: tt.name}))}),
    teams: field({name: 'audience_teams', label: t('campaigns.competition'), type: 'select', value: '',
      options: [{value: '', label: t('campaigns.all_competitions')},
        ...competitions.map((c) => ({value: c.id, label: c.name}))]}),
    session: field({name: 'audience_session', label: t('campaigns.session'), type: 'select',
      options: sessions.map((s) => ({value: s.id, label: `${s.title} · ${dateTime(s.starts_at, eventZone(s))}`}))}),
  };
  // Only the audience on screen may set the count (and so the send-now question's number).
  const countTurn = newestTurn();
  const refresh = async () => {
    const isNewest = countTurn();
    const k = kind.querySelector('select').value;
    for (const [name, picker] of Object.entries(pickers)) picker.hidden = name !== k;
    const query = {kind: k};
    const picker = pickers[k] && pickers[k].querySelector('select');
    if (picker && picker.value) query.id = picker.value;
    shown.recipients = null;
    try {
      const r = await get(`/events/${event.id}/campaigns/audience`, query);
      if (!isNewest()) return;
      shown.recipients = r.recipients;
      count.textContent = plural('campaigns.recipient_count', r.recipients);
    } catch (err) {
      if (isNewest()) count.textContent = errorBox(err).textContent;
    }
  };
  kind.addEventListener('change', refresh);
  for (const picker of Object.values(pickers)) picker.addEventListener('change', refresh);
  refresh();
  return h('fieldset', {class: 'fieldset', 'data-field': 'audience'}, h('legend', null, t('campaigns.audience')),
    kind, ...Object.values(pickers), count);
}

// Sending now mails everyone at once: ask first, naming how many people. Resolves true to go on.
async function confirmSendNow(event, body, shown) {
  let n = shown.recipients;
  if (n === null || n === undefined) {
    const query = {kind: body.audience.kind};
    if (body.audience.id !== undefined) query.id = body.audience.id;
    n = (await get(`/events/${event.id}/campaigns/audience`, query)).recipients;
  }
  const answer = await confirmDialog({title: t('campaigns.send_now_title'),
    text: plural('campaigns.send_now_text', n), confirm: t('campaigns.send_now'), dismiss: t('campaigns.not_yet')});
  return answer !== null;
}

// The preview renders below the buttons, off-screen on a phone: bring it into view and move
// the focus to it (el needs a tabindex or is the section).
function showPreview(el) {
  el.scrollIntoView({block: 'start'});
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({preventScroll: true});
}

function editor(ctx, event, lists, nominations) {
  const preview = h('div', {class: 'section', 'aria-live': 'polite'});
  const shown = {recipients: null};
  const values = (el) => {
    const data = new FormData(el);
    const body = {subject: String(data.get('subject') || ''), body: String(data.get('body') || ''),
      audience: {kind: String(data.get('audience_kind'))}};
    const id = audienceId(body.audience.kind, data);
    if (id !== null) body.audience.id = id;
    const nomination = String(data.get('nomination_id') || '');
    if (nomination) body.nomination_id = Number(nomination);
    const when = String(data.get('scheduled_at') || '');
    if (when) body.scheduled_at = fromLocalInput(when, eventZone(event));
    return body;
  };
  const previewButton = h('button', {type: 'button', class: 'btn'}, t('campaigns.preview'));
  const f = form({
    title: t('campaigns.new'),
    submit: t('campaigns.create'),
    fields: [
      field({name: 'subject', label: t('campaigns.subject'), required: true, maxlength: 200, hint: t('campaigns.name_hint')}),
      field({name: 'body', label: t('campaigns.body'), type: 'textarea', rows: 10, required: true, hint: t('campaigns.body_hint')}),
      audiencePicker(event, lists, shown),
      field({name: 'nomination_id', label: t('campaigns.on_behalf'), type: 'select', value: '',
        options: [{value: '', label: t('campaigns.on_behalf_none')},
          ...nominations.map((n) => ({value: n.id, label: `${n.nominee_name} — ${n.talk_title}`}))]}),
      wallTimeField({name: 'scheduled_at', label: t('campaigns.scheduled_at'), zone: eventZone(event),
        hint: t('campaigns.scheduled_hint')}),
    ],
    extra: previewButton,
    onSubmit: async (_, el) => {
      const body = values(el);
      const errors = {};
      if (!body.subject.trim()) errors.subject = t('error.required');
      if (!body.body.trim()) errors.body = t('error.required');
      if (Object.keys(errors).length) throw invalid(errors);
      if (!body.scheduled_at && !await confirmSendNow(event, body, shown)) return;
      const c = await post(`/events/${event.id}/campaigns`, body);
      toast(c.status === 'scheduled' ? t('campaigns.scheduled') : t('campaigns.sending'));
      reload();
    },
  });
  previewButton.addEventListener('click', async () => {
    try {
      const p = await post(`/events/${event.id}/campaigns/preview`, values(f));
      // The server's HTML is cmark's output with raw HTML escaped; it is shown inside a
      // sandboxed frame so nothing in it can run or reach this page.
      const frameEl = h('iframe', {class: 'campaign-preview', sandbox: '', title: t('campaigns.preview'), style: {width: '100%', minHeight: '16rem'}});
      frameEl.srcdoc = `<!doctype html><meta charset="utf-8"><body>${p.html}</body>`;
      const heading = h('h2', {tabindex: '-1'}, t('campaigns.preview'));
      replace(preview, heading,
        h('p', null, h('strong', null, p.subject)),
        p.on_behalf_of ? h('p', {class: 'meta'}, t('campaigns.on_behalf_of', {name: p.on_behalf_of})) : null,
        frameEl,
        h('details', null, h('summary', null, t('campaigns.preview_text')), h('pre', null, p.text)));
      showPreview(heading);
    } catch (err) {
      replace(preview, errorBox(err));
      showPreview(preview);
    }
  });
  return h('div', null, f, preview);
}

export async function eventCampaigns(ctx) {
  frame(ctx, t('campaigns.title'), loading());
  let event;
  let page;
  let types;
  let nominations;
  let competitions;
  let sessions;
  try {
    event = await get(`/events/${encodeURIComponent(ctx.params.id)}`);
    [page, types, nominations, competitions, sessions] = await Promise.all([
      get(`/events/${event.id}/campaigns`, {limit: 100}),
      get(`/events/${event.id}/ticket-types`),
      get(`/events/${event.id}/nominations`, {limit: 100}),
      get(`/events/${event.id}/competitions`, {limit: 100}),
      get(`/events/${event.id}/sessions`, {limit: 100})]);
  } catch (err) {
    if (ctx.current) frame(ctx, t('campaigns.title'), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const list = h('div');
  const render = (items) => replace(list,
    table([t('campaigns.subject'), t('campaigns.audience'), t('common.status'), t('campaigns.sent'), t('campaigns.scheduled_at'), ''],
      campaignRows(items, eventZone(event)), {empty: t('campaigns.none'), stack: true}));
  render(page.items);
  frame(ctx, t('campaigns.of_event', {title: event.title}),
    h('p', {class: 'actions'}, h('a', {href: `/admin/events/${event.id}`}, t('draws.back_to_event')), ' · ',
      h('a', {href: `/admin/events/${event.id}/nominations`}, t('nominations.title'))),
    notice('info', t('campaigns.unsubscribe_note')),
    list,
    h('section', {class: 'section'}, editor(ctx, event,
      {types: listItems(types), competitions: listItems(competitions), sessions: listItems(sessions)},
      nominations.items || [])));
  // Progress: refresh while a campaign is sending or due.
  const timer = setInterval(async () => {
    if (!ctx.current) { clearInterval(timer); return; }
    if (!page.items.some((c) => c.status === 'sending' || c.status === 'scheduled')) return;
    try {
      page = await get(`/events/${event.id}/campaigns`, {limit: 100});
      if (ctx.current) render(page.items);
    } catch (err) {
      clear(list).append(errorBox(err));
    }
  }, kRefreshMs);
  if (ctx.onLeave) ctx.onLeave(() => clearInterval(timer));
}
