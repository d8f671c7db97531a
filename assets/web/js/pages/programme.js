// The programme for attendees:
//   /events/{id}/programme        the public programme by day: a list on phones, a grid with one
//                                 column per room on wide screens; filter by kind; seats left;
//                                 register, join the waitlist or cancel in place
//   /events/{id}/sessions/{sid}   one session
//   /account/agenda               my agenda: my sessions, my place in line, my calendar feed
// The organizer's pages are admin/sessions.js.

import {h, replace} from '../dom.js';
import {t, plural, timeShort, number, eventZone} from '../i18n.js';
import {get, getAll, post, apiBlob, currentUser} from '../api.js';
import {pageTitle, loading, errorBox, notice, toast, actionButton, badge, downloadBlob, copyText} from '../ui.js';
import {reload} from '../router.js';
import {useProgrammeStyles, sessionCard, timeRange, seatsText, myPlace, placeButton, dayOf} from './programme_common.js';
import {loadHoldings, accessNote} from './session_access.js';

const kKinds = ['talk', 'workshop', 'keynote'];

// Sessions grouped by day (the event's zone), in start order.
function byDay(sessions) {
  const days = new Map();
  for (const s of sessions) {
    const day = dayOf(s);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(s);
  }
  return days;
}

// One day as a grid: a header row of rooms, then one row per start time.
function dayGrid(sessions, after, holdings) {
  const rooms = [...new Set(sessions.map((s) => s.room || ''))];
  const times = [...new Set(sessions.map((s) => s.starts_at))].sort();
  const grid = h('div', {class: 'prog-grid', role: 'table', 'aria-label': t('programme.grid_label')});
  grid.style.gridTemplateColumns = `6rem repeat(${rooms.length}, minmax(13rem, 1fr))`;
  grid.append(h('div', {class: 'prog-corner', role: 'columnheader'}, t('programme.time')));
  for (const room of rooms) grid.append(h('div', {class: 'prog-room', role: 'columnheader'}, room || t('programme.no_room')));
  for (const time of times) {
    grid.append(h('div', {class: 'prog-time', role: 'rowheader'}, timeShort(time, eventZone(sessions[0]))));
    for (const room of rooms) {
      const here = sessions.filter((s) => s.starts_at === time && (s.room || '') === room);
      grid.append(h('div', {class: 'prog-cell', role: 'cell'}, here.map((s) => sessionCard(s, after, {showRoom: false, holdings}))));
    }
  }
  return grid;
}

export async function programme(ctx) {
  useProgrammeStyles();
  replace(ctx.main, pageTitle(t('programme.title')), loading());
  const eventId = ctx.params.id;
  let event, sessions, holdings;
  try {
    [event, sessions] = await Promise.all([get(`/events/${eventId}`), getAll(`/events/${eventId}/sessions`, {}, 1000)]);
    holdings = await loadHoldings(event.id);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('programme.title')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  let kind = kKinds.includes(ctx.query.get('kind')) ? ctx.query.get('kind') : '';
  const body = h('div', {class: 'prog-days'});
  const draw = () => {
    const shown = sessions.filter((s) => !kind || s.kind === kind);
    if (!shown.length) { replace(body, h('p', {class: 'empty'}, t('programme.none'))); return; }
    const days = [];
    for (const [day, list] of byDay(shown)) {
      days.push(h('section', {class: 'prog-day has-grid', 'aria-label': day},
        h('h2', null, day),
        h('ul', {class: 'prog-list'}, list.map((s) => h('li', null, sessionCard(s, reload, {holdings})))),
        dayGrid(list, reload, holdings)));
    }
    replace(body, days);
  };
  const kindSelect = h('select', {id: 'prog-kind', name: 'kind', onchange: (ev) => {
    kind = ev.target.value;
    const url = new URL(location.href);
    if (kind) url.searchParams.set('kind', kind); else url.searchParams.delete('kind');
    history.replaceState(null, '', url.pathname + url.search);
    draw();
  }}, h('option', {value: ''}, t('programme.all_kinds')),
  kKinds.map((k) => h('option', {value: k, selected: k === kind}, t(`programme.kind.${k}`))));
  replace(ctx.main, h('div', {class: 'programme'},
    pageTitle(t('programme.title_event', {event: event.title})),
    h('p', {class: 'meta'}, h('a', {href: `/events/${event.id}`}, event.title),
      currentUser() ? [' · ', h('a', {href: '/account/agenda'}, t('programme.my_agenda'))] : null),
    h('div', {class: 'prog-filters'},
      h('div', {class: 'field'}, h('label', {for: 'prog-kind'}, t('programme.filter_kind')), kindSelect)),
    body));
  draw();
}

export async function sessionPage(ctx) {
  useProgrammeStyles();
  replace(ctx.main, loading());
  let s;
  try {
    s = await get(`/sessions/${ctx.params.sid}`);
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('programme.session')), errorBox(err));
    return;
  }
  const user = currentUser();
  const holdings = await loadHoldings(s.event_id);
  if (!ctx.current) return;
  const manages = user && (user.role === 'admin' || user.role === 'organizer' || user.role === 'staff');
  replace(ctx.main, h('article', {class: `session-page kind-${s.kind}`},
    pageTitle(s.title),
    h('p', {class: 'meta'}, badge(s.kind, 'programme.kind'), ' ',
      h('a', {href: `/events/${s.event_id}/programme`}, s.event_title)),
    h('p', null, h('strong', {class: 'session-when'}, `${dayOf(s)} · ${timeRange(s)}`),
      s.room ? ` · ${s.room}` : ''),
    s.speaker_name ? h('p', null, t('programme.speaker'), ': ', h('strong', null, s.speaker_name)) : null,
    s.abstract ? h('p', {class: 'prose'}, s.abstract) : null,
    h('p', null, seatsText(s)),
    accessNote(s, holdings),
    h('div', {class: 'actions toolbar'}, myPlace(s), placeButton(s, reload, holdings)),
    manages ? h('p', null, h('a', {href: `/admin/events/${s.event_id}/sessions/${s.id}`}, t('programme.registrations'))) : null));
}

function feedSection() {
  const out = h('div', {class: 'feed'});
  const show = (url) => {
    const input = h('input', {type: 'text', readonly: true, id: 'feed-url', value: url, 'aria-label': t('programme.feed_url')});
    replace(out, h('div', {class: 'feed-url'}, input,
      actionButton(t('programme.copy'), async () => { await copyText(url); toast(t('programme.copied')); })),
    h('p', {class: 'hint'}, t('programme.feed_hint')));
  };
  replace(out,
    h('div', {class: 'actions'},
      actionButton(t('programme.feed_make'), async () => {
        const r = await post('/me/agenda/feed', {});
        show(r.url);
      }, 'btn btn-primary'),
      actionButton(t('programme.download_ics'), async () => {
        downloadBlob(await apiBlob('/me/agenda.ics'), 'agenda.ics');
      })),
    h('p', {class: 'hint'}, t('programme.feed_explain')));
  return out;
}

export async function agenda(ctx) {
  useProgrammeStyles();
  replace(ctx.main, pageTitle(t('programme.my_agenda')), loading());
  let items;
  try {
    items = (await get('/me/agenda')).items || [];
  } catch (err) {
    if (ctx.current) replace(ctx.main, pageTitle(t('programme.my_agenda')), errorBox(err));
    return;
  }
  if (!ctx.current) return;
  const days = [];
  for (const [day, list] of byDay(items)) {
    days.push(h('section', {class: 'prog-day'}, h('h2', null, day),
      h('ul', {class: 'prog-list'}, list.map((s) => h('li', {class: 'agenda-item'},
        h('p', {class: 'meta'}, s.event_title),
        sessionCard(s, reload))))));
  }
  const waiting = items.filter((s) => s.my && s.my.status === 'waitlisted').length;
  replace(ctx.main, h('div', {class: 'agenda'},
    pageTitle(t('programme.my_agenda')),
    waiting ? notice('info', plural('programme.waiting_count', waiting)) : null,
    days.length ? days : h('p', {class: 'empty'}, t('programme.agenda_empty')),
    h('section', {class: 'section'}, h('h2', null, t('programme.calendar')), feedSection())));
}
